package com.wecomassist.welcome;

import reactor.core.publisher.Mono;

/**
 * The 微信客服 welcome (enter_session) from the same templates as the 客户联系 one: the text published
 * for the account (or for every account), compliance-checked now. Empty when nothing is published for
 * it, or when the published text fails the check in force: the caller then sends its configured text
 * ({@code assist.reply.welcome-text}).
 */
public interface KfWelcomeTexts {

    Mono<String> forAccount(String openKfId);

    /** No templates: every account gets the caller's configured text. */
    static KfWelcomeTexts none() {
        return openKfId -> Mono.empty();
    }
}
