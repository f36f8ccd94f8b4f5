package com.wecomassist.inbound;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * At most one sync loop per open_kfid at a time, across all gateway instances: two loops on the
 * same cursor would fetch and hand on the same messages twice. The lease is short and the holder
 * renews it (takes it again) while it works, so a crashed holder's lock lapses within one lease.
 */
public interface KfSyncLock {

    /**
     * Takes the lock for {@code owner} for {@code lease} from now if it is free, lapsed or already
     * {@code owner}'s (a renewal); true when taken.
     */
    Mono<Boolean> tryAcquire(String openKfId, String owner, Duration lease);

    /** Releases the lock if {@code owner} still holds it. */
    Mono<Void> release(String openKfId, String owner);
}
