package com.wecomassist.inbound;

import reactor.core.publisher.Mono;

/**
 * The kf/sync_msg {@code next_cursor} per open_kfid. Written only after the messages before it
 * were handed on, so a crash can repeat messages (dedupe drops them) but never skip one.
 */
public interface SyncCursorStore {

    /** The stored cursor, or empty when this account was never synced. */
    Mono<String> cursor(String openKfId);

    Mono<Void> save(String openKfId, String cursor);
}
