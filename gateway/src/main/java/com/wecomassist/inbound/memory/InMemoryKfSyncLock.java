package com.wecomassist.inbound.memory;

import com.wecomassist.inbound.KfSyncLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/** Embedded-mode lock: a map of leases. */
public class InMemoryKfSyncLock implements KfSyncLock {

    private record Lease(String owner, Instant until) {
    }

    private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryKfSyncLock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> tryAcquire(String openKfId, String owner, Duration lease) {
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            Lease held = leases.compute(openKfId, (key, current) ->
                    current == null || current.owner().equals(owner) || current.until().isBefore(now)
                            ? new Lease(owner, now.plus(lease)) : current);
            return held.owner().equals(owner);
        });
    }

    @Override
    public Mono<Void> release(String openKfId, String owner) {
        return Mono.fromRunnable(() -> leases.computeIfPresent(openKfId,
                (key, current) -> current.owner().equals(owner) ? null : current));
    }
}
