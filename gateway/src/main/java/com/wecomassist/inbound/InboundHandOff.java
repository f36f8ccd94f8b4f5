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

    /**
     * True when the flow behind this hand-off skips, by itself, a copy of a message handed on before
     * whose handling ended: then whoever hands messages on need not remember which it handed on (the
     * sync loop's taken marks, a Redis write per message). False (the default): copies handed on are
     * handled again, so the one handing on must not hand a message on twice.
     */
    default boolean dropsCopies() {
        return false;
    }
}
