package com.wecomassist.conversation;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Told when a customer writes (every Spring bean of this type is), after their message is recorded and
 * apart from the reply: a listener neither delays nor fails the answer. Told of a message too old to be
 * answered as well (after a restart): it is still what the customer did, at its time. The outreach tests count it as
 * 互动 (the customer replied after a message reached them); the suppression list reads an opt-out (退订) in it.
 */
public interface CustomerWrote {

    /**
     * @param at   when the customer wrote (WeCom's send time)
     * @param text what they wrote, masked for personal data as the history keeps it; null for a message
     *             without words (an image, a voice message, a file)
     */
    Mono<Void> customerWrote(String externalUserId, Instant at, String text);
}
