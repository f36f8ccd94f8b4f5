package com.wecomassist.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bank's events per customer ({@link BankEvent#customerKey()}), for the strategies' recency and
 * frequency. Idempotent by event id across every source and instance: appending an id the store has
 * taken before is {@link Appended#DUPLICATE} and stores nothing, decided atomically (two instances
 * appending the same id at once store one copy). A customer's events are kept for the window
 * ({@code assist.events.window}) and at most {@code assist.events.max-per-customer} of them (the oldest go
 * first); an event's id is remembered as long as the event could be kept (its time plus the window),
 * so that a replay of the bank's feed adds nothing, even after the customer's events were erased.
 */
public interface EventStore {

    /** Appends the events in their order (a repeated id within them is a duplicate too); each outcome, in order. */
    Mono<List<Appended>> appendAll(List<BankEvent> events);

    /**
     * The customer's events that happened at or after {@code from} (and within the window), newest first,
     * at most {@code limit}.
     */
    Flux<BankEvent> since(String customerKey, Instant from, int limit);

    /** How many of the customer's events of each type happened at or after {@code from} (and within the window). */
    Mono<Map<String, Long>> countsByType(String customerKey, Instant from);

    /** Forgets the customer's events (PIPL erasure); answers how many went. The ids stay remembered (see above). */
    Mono<Long> erase(String customerKey);

    /**
     * Notes that everything an event was taken for is done (its listeners all heard of it), for as long as its
     * id is remembered: a later duplicate of it needs nothing more. Nothing for an id not taken.
     */
    Mono<Void> decided(String eventId);

    /** Of these ids, those taken and not noted {@link #decided}: a duplicate of one is to be told again. */
    Mono<Set<String>> undecided(List<String> eventIds);

    /** What an append did. */
    enum Appended {
        /** kept */
        STORED,
        /** the id was taken before: nothing kept */
        DUPLICATE
    }
}
