package com.wecomassist.inbound;

import reactor.core.publisher.Mono;

/**
 * Hands inbound messages on to the reply flow. When the returned Mono completes, the message is
 * the reply flow's responsibility: the sync cursor may move past it and the callback may be
 * acknowledged. An error means it was not taken, and the caller must let WeCom deliver it again.
 * The embedded adapter queues in memory; the cluster adapter (Kafka) persists it.
 */
public interface InboundHandOff {

    Mono<Void> handOn(InboundMessage message);
}
