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

    /**
     * Told instead of {@link #handle} for a copy of a message that was handled already (cluster mode:
     * a record delivered again after an instance died or a rebalance moved its partition), after
     * {@link #arrived} was told of it: ends whatever that started. Must be quick and must not block.
     */
    default void alreadyHandled(InboundMessage message) {
    }

    /**
     * Handling this message failed and will not be tried again (the hand-off's retries are used up):
     * what the flow does so that nobody is left waiting without an answer, e.g. put the customer in
     * front of a person. Its own failure is logged by the caller.
     */
    default Mono<Void> gaveUp(InboundMessage message, Throwable failure) {
        return Mono.empty();
    }
}
