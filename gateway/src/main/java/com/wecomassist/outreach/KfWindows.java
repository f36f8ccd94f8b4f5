package com.wecomassist.outreach;

import com.wecomassist.conversation.ConversationKey;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Whether a strategy's message can go to the customer on 微信客服 rather than as a 客户联系 task, and in which
 * conversation ({@link ConversationKfWindows}).
 */
public interface KfWindows {

    /** No 微信客服 channel (the simulation): every message is a task. */
    KfWindows NONE = (customer, now) -> Mono.empty();

    /** The conversation whose window is open for an outreach message to {@code customer}; empty when none. */
    Mono<ConversationKey> open(String customer, Instant now);
}
