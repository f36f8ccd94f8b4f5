package com.wecomassist.contacts;

import reactor.core.publisher.Mono;

/**
 * Where the full sync keeps its checkpoint ({@link SyncProgress}: the employees, the group, WeCom's
 * cursor, the counts), so that a sync of millions of customers stopped by a failure or a restart
 * resumes from its last page instead of starting over. One sync at a time: the latest run's checkpoint.
 */
public interface ContactSyncCheckpoints {

    /** The latest run's checkpoint; empty when no sync ever ran. */
    Mono<SyncProgress> load();

    Mono<Void> save(SyncProgress progress);
}
