package com.wecomassist.conversation;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Marks that may be set once within a time to live, shared by every instance in cluster mode: a
 * WeCom msgid taken from sync_msg (which replays up to three days when a cursor is lost, and WeCom
 * re-sends callbacks it thinks failed), a reply id being sent (sent at most once), an SLA breach
 * counted. One port for all of them because each is the same atomic "was it marked already?".
 */
public interface OnceMarks {

    /** Atomically sets the mark; true when it was not set within {@code ttl} (the caller goes ahead). */
    Mono<Boolean> mark(String key, Duration ttl);

    /** True when the mark is set (and has not expired); sets nothing. */
    Mono<Boolean> marked(String key);

    /**
     * The keys among these whose mark is set; sets nothing. Adapters that talk to a server read them in
     * one round trip (a page of sync_msg checks all its messages at once).
     */
    default Mono<Set<String>> markedAmong(Collection<String> keys) {
        return Flux.fromIterable(new LinkedHashSet<>(keys))
                .concatMap(key -> marked(key).filter(Boolean::booleanValue).map(set -> key))
                .collect(Collectors.toSet());
    }

    /** Clears a mark whose work failed in a way that may be tried again, so that the next try goes ahead. */
    Mono<Void> unmark(String key);
}
