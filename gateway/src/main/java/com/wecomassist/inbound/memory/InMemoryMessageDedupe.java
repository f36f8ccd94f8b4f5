package com.wecomassist.inbound.memory;

import com.wecomassist.inbound.MessageDedupe;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Embedded-mode dedupe: one process, so an expiring in-memory set is authoritative. */
public class InMemoryMessageDedupe implements MessageDedupe {

    private final ExpiringKeys seen = new ExpiringKeys();

    @Override
    public Mono<Boolean> firstSeen(String messageId, Duration ttl) {
        return Mono.fromSupplier(() -> seen.add(messageId, ttl));
    }

    @Override
    public Mono<Void> forget(String messageId) {
        return Mono.fromRunnable(() -> seen.remove(messageId));
    }
}
