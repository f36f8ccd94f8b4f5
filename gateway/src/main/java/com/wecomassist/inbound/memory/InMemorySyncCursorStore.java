package com.wecomassist.inbound.memory;

import com.wecomassist.inbound.SyncCursorStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Embedded-mode cursors and accounts. They live as long as the process: after a restart the first
 * sync starts from WeCom's last three days, and the reply flow skips customer messages older than
 * its configured maximum age instead of answering them late.
 */
public class InMemorySyncCursorStore implements SyncCursorStore {

    private final ConcurrentMap<String, String> cursors = new ConcurrentHashMap<>();
    private final Set<String> accounts = ConcurrentHashMap.newKeySet();

    @Override
    public Mono<String> cursor(String openKfId) {
        return Mono.fromSupplier(() -> cursors.get(openKfId));
    }

    @Override
    public Mono<Void> save(String openKfId, String cursor) {
        return Mono.fromRunnable(() -> cursors.put(openKfId, cursor));
    }

    @Override
    public Mono<Void> remember(String openKfId) {
        return Mono.fromRunnable(() -> accounts.add(openKfId));
    }

    @Override
    public Flux<String> accounts() {
        return Flux.defer(() -> Flux.fromIterable(Set.copyOf(accounts)));
    }
}
