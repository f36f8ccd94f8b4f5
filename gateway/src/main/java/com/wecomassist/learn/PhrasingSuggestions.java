package com.wecomassist.learn;

import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The content team's review list of phrasings agents suggested as variants of entries. The same
 * phrasing (normalised) for the same entry is one suggestion however often it is suggested: the
 * list counts the times instead. A suggestion is decided once: accepted (the phrasing went into a
 * draft version of the entry) or dismissed; a decided one is kept for a while for the record.
 */
public interface PhrasingSuggestions {

    /** What {@link #add} did: the suggestion as now stored, and whether it was new. */
    record Added(PhrasingSuggestion suggestion, boolean created) {
    }

    /** Adds the suggestion, or counts one more time for the one already there (whatever its status). */
    Mono<Added> add(PhrasingSuggestion suggestion);

    /** One suggestion; empty when unknown. */
    Mono<PhrasingSuggestion> find(String id);

    /** The suggestions of a status (every status when null), the latest suggested first. */
    Flux<PhrasingSuggestion> list(PhrasingSuggestion.Status status);

    /**
     * Decides an open suggestion: true when it was open and now is {@code status}; false when it
     * is unknown or was decided already (atomic: of two editors deciding at once, one wins).
     */
    Mono<Boolean> decide(String id, PhrasingSuggestion.Status status, String editor, Instant at);
}
