package com.wecomassist.inbound;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Remembers which WeCom msgids were already taken, for hours, because sync_msg replays up to three
 * days when a cursor is lost and WeCom re-sends callbacks it thinks failed.
 */
public interface MessageDedupe {

    /** Atomically marks the id as seen; true when it had not been seen within {@code ttl}. */
    Mono<Boolean> firstSeen(String messageId, Duration ttl);

    /** Forgets an id whose hand-on failed, so that the next delivery is taken. */
    Mono<Void> forget(String messageId);
}
