package com.wecomassist.inherit.memory;

import com.wecomassist.inherit.TransferLedger;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/** The embedded mode's ledger: customer → (job → when). */
public class InMemoryTransferLedger implements TransferLedger {

    private final ConcurrentMap<String, Map<String, Instant>> transfers = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> record(String externalUserId, String jobId, Instant at) {
        return Mono.fromRunnable(() -> transfers.computeIfAbsent(externalUserId, k -> new ConcurrentHashMap<>())
                .put(jobId, at));
    }

    @Override
    public Mono<Long> countSince(String externalUserId, Instant since) {
        return Mono.fromCallable(() -> transfers.getOrDefault(externalUserId, Map.of()).values().stream()
                .filter(at -> !at.isBefore(since)).count());
    }
}
