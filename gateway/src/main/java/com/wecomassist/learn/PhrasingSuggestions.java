package com.wecomassist.learn;

import com.wecomassist.conversation.ConversationKey;
import java.time.Instant;
import java.util.Collection;
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

    /**
     * Takes these suggestions off the list for good, whatever their status (personal-data rules: a
     * customer's erasure, open suggestions past their retention); unknown ids are ignored. Answers
     * how many went.
     */
    Mono<Long> discard(Collection<String> ids);

    /** The suggestions made from the customer's conversations ({@link ConversationKey#idWithCustomer}), latest first. */
    default Flux<PhrasingSuggestion> forCustomer(String externalUserId) {
        return list(null).filter(s -> ConversationKey.idWithCustomer(s.conversation(), externalUserId));
    }

    /** Discards the customer's suggestions; answers how many went. */
    default Mono<Long> eraseCustomer(String externalUserId) {
        return forCustomer(externalUserId).map(PhrasingSuggestion::id).collectList()
                .flatMap(ids -> ids.isEmpty() ? Mono.just(0L) : discard(ids));
    }

    /**
     * Discards the open suggestions first made before {@code cutoff} (decided ones expire on their own,
     * {@code assist.learn.suggestion-retention} after the decision); answers how many went.
     */
    default Mono<Long> forgetOpenBefore(Instant cutoff) {
        return list(PhrasingSuggestion.Status.OPEN).filter(s -> s.suggestedAt().isBefore(cutoff))
                .map(PhrasingSuggestion::id).collectList()
                .flatMap(ids -> ids.isEmpty() ? Mono.just(0L) : discard(ids));
    }
}
