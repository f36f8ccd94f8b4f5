package com.wecomassist.inbound;

import reactor.core.publisher.Mono;

/**
 * What the reply flow does with one inbound message. Called in order for the messages of one
 * conversation, and concurrently for different conversations.
 */
public interface InboundMessageHandler {

    Mono<Void> handle(InboundMessage message);
}
