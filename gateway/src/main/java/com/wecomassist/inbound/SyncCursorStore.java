package com.wecomassist.inbound;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The kf/sync_msg {@code next_cursor} per open_kfid, and the accounts there are to pull. A cursor is
 * written only after the messages before it were handed on, so a crash can repeat messages (the
 * reply flow drops a msgid it took up already) but never skip one. The accounts are remembered
 * apart from the cursors because an account whose first sync failed has none yet, and the periodic
 * pull must still find it; in cluster mode they are shared, so that an instance also pulls the
 * accounts whose callbacks reached an instance that died.
 */
public interface SyncCursorStore {

    /** The stored cursor, or empty when this account was never synced. */
    Mono<String> cursor(String openKfId);

    Mono<Void> save(String openKfId, String cursor);

    /** Remembers an account a callback named (idempotent). */
    Mono<Void> remember(String openKfId);

    /** Every account remembered so far. */
    Flux<String> accounts();
}
