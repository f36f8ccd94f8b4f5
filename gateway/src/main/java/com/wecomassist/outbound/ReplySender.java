package com.wecomassist.outbound;

import reactor.core.publisher.Mono;

/**
 * Sends replies to customers (and employees). Idempotent per reply id. Fails with
 * {@link ConversationNotServableException} when a person owns the conversation or it ended:
 * the caller must stop, not retry.
 */
public interface ReplySender {

    Mono<SentReply> send(OutboundReply reply);
}
