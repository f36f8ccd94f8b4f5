package com.wecomassist.inbound;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * At most one sync loop per open_kfid at a time, across all gateway instances: two loops on the
 * same cursor would fetch and hand on the same messages twice. The lease makes a crashed holder's
 * lock expire.
 */
public interface KfSyncLock {

    /** Takes the lock for {@code owner} if free (or already {@code owner}'s); true when taken. */
    Mono<Boolean> tryAcquire(String openKfId, String owner, Duration lease);

    /** Releases the lock if {@code owner} still holds it. */
    Mono<Void> release(String openKfId, String owner);
}
