package com.wecomassist.contacts.memory;

import com.wecomassist.contacts.ContactSyncCheckpoints;
import com.wecomassist.contacts.SyncProgress;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/** Embedded mode: the checkpoint in memory, good for resuming after a failure, not after a restart. */
public class InMemoryContactSyncCheckpoints implements ContactSyncCheckpoints {

    private final AtomicReference<SyncProgress> latest = new AtomicReference<>();

    @Override
    public Mono<SyncProgress> load() {
        return Mono.fromSupplier(latest::get);
    }

    @Override
    public Mono<Void> save(SyncProgress progress) {
        return Mono.fromRunnable(() -> latest.set(progress));
    }
}
