package com.wecomassist.inbound;

import reactor.core.publisher.Mono;

/**
 * What the reply flow does with one inbound message. Called in order for the messages of one
 * conversation, and concurrently for different conversations.
 */
public interface InboundMessageHandler {

    Mono<Void> handle(InboundMessage message);

    /**
     * Told as soon as a message is accepted, before it waits its turn behind earlier messages of
     * its conversation: lets the handler see that more lines of a burst are on their way.
     * Must be quick and must not block.
     */
    default void arrived(InboundMessage message) {
    }
}
