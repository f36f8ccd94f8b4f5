package com.wecomassist.events;

import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bank's events: taking them, and reading a customer's. Takes them from the API and the Kafka topic
 * alike: an event older than the window or too far ahead is {@link EventOutcome#REJECTED}; a customer
 * number is resolved to the external_userid of the link that carries it ({@link CustomerLinks#byCustomerNo}),
 * or the event is kept under the number ({@link EventOutcome#UNLINKED}); the store decides
 * {@link EventOutcome#DUPLICATE}s by id; then each
 * {@link BankEventListener} hears of each event {@link EventOutcome#ACCEPTED}. Counted as
 * {@code assist.events.received{source,outcome}}.
 *
 * <p>Nothing taken is left undecided: an event is marked decided once every listener heard of it without
 * failing, and a duplicate that is not marked (its instance stopped, a listener failed, or the caller gave
 * up waiting and sent the batch again) is told again — the listeners are idempotent where it counts (the
 * arm is kept, the caps are taken atomically, a 微信客服 message is sent at most once). The listeners'
 * work goes on when the caller stops waiting (the bank's client timed out): the answer waits for it, so
 * a feed faster than the engine is slowed down rather than queued up in memory. Different customers'
 * events are decided concurrently, one customer's in their order.
 *
 * <p>It is also how the strategies read a customer's events ({@link #recent}, {@link #countsByType}): the
 * events kept under their customer number before the bank linked them are read with theirs, so an
 * unlinked event is matched as soon as the link arrives.
 */
public class BankEvents {

    private static final Logger log = LoggerFactory.getLogger(BankEvents.class);
    /** Customer numbers looked up at once for a batch. */
    private static final int LOOKUPS_IN_FLIGHT = 16;
    /**
     * Events of a batch told to the listeners at once: the engine decides one customer's events one at a
     * time anyway, and most of a decision is waiting for Redis, Kafka and WeCom.
     */
    static final int TOLD_AT_ONCE = 64;

    private final EventStore store;
    private final CustomerLinks links;
    private final Supplier<List<BankEventListener>> listenerBeans;
    private volatile List<BankEventListener> listeners;
    private final EventsProperties settings;
    private final MeterRegistry meters;
    private final Clock clock;

    /**
     * @param listeners the listeners, asked for at the first accepted event: the strategies engine listens and
     *                  reads events too, so it cannot be handed over while this is being made
     */
    public BankEvents(EventStore store, CustomerLinks links, Supplier<List<BankEventListener>> listeners,
                      EventsProperties settings, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.links = links;
        this.listenerBeans = listeners;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    /** What became of one event: its outcome, and for a rejected one why. */
    public record Result(String eventId, EventOutcome outcome, String reason) {
    }

    /** Takes the events in their order; each one's result, in that order. */
    public Mono<List<Result>> take(List<EventFields.Candidate> candidates, BankEvent.Source source) {
        Instant now = clock.instant();
        Instant oldest = now.minus(settings.window());
        Instant latest = now.plus(settings.maxAhead());
        return customers(candidates).flatMap(numbers -> {
            Result[] results = new Result[candidates.size()];
            List<BankEvent> toStore = new ArrayList<>(candidates.size());
            List<Integer> at = new ArrayList<>(candidates.size());
            for (int i = 0; i < candidates.size(); i++) {
                EventFields.Candidate c = candidates.get(i);
                if (c.occurredAt().isBefore(oldest)) {
                    results[i] = new Result(c.id(), EventOutcome.REJECTED, "OLDER_THAN_WINDOW: occurred_at is more "
                            + "than assist.events.window (" + settings.window() + ") ago");
                } else if (c.occurredAt().isAfter(latest)) {
                    results[i] = new Result(c.id(), EventOutcome.REJECTED, "IN_THE_FUTURE: occurred_at is more than "
                            + "assist.events.max-ahead (" + settings.maxAhead() + ") ahead of the gateway's clock");
                } else {
                    String customer = c.externalUserId() != null ? c.externalUserId()
                            : numbers.getOrDefault(c.customerNo(), Optional.empty()).orElse(null);
                    toStore.add(new BankEvent(c.id(), customer, customer == null ? c.customerNo() : null, c.type(),
                            c.occurredAt(), c.attributes(), source, now));
                    at.add(i);
                }
            }
            return store.appendAll(toStore).flatMap(appended -> {
                List<BankEvent> accepted = new ArrayList<>();
                List<BankEvent> again = new ArrayList<>();
                for (int j = 0; j < toStore.size(); j++) {
                    BankEvent event = toStore.get(j);
                    EventOutcome outcome = appended.get(j) == EventStore.Appended.DUPLICATE ? EventOutcome.DUPLICATE
                            : event.linked() ? EventOutcome.ACCEPTED : EventOutcome.UNLINKED;
                    results[at.get(j)] = new Result(event.id(), outcome, null);
                    if (outcome == EventOutcome.ACCEPTED) {
                        accepted.add(event);
                    } else if (outcome == EventOutcome.DUPLICATE && event.linked()) {
                        again.add(event);
                    }
                }
                List<Result> all = List.of(results);
                all.forEach(r -> meters.counter("assist.events.received", "source", source.name(),
                        "outcome", r.outcome().name()).increment());
                // a duplicate of an event this batch takes is told with it, not twice
                Set<String> takenNow = new HashSet<>();
                accepted.forEach(e -> takenNow.add(e.id()));
                again.removeIf(e -> !takenNow.add(e.id()));
                Mono<Void> told = undecided(again).flatMap(undecided -> {
                    List<BankEvent> toTell = new ArrayList<>(accepted);
                    toTell.addAll(undecided);
                    return tell(toTell);
                });
                // the listeners' work is not cancelled with the caller's request: the events are stored, and
                // a decision half made is worse than one made after the caller left
                return Mono.fromFuture(told.toFuture(), true).thenReturn(all);
            });
        });
    }

    /** The customer's events since {@code from}, newest first, at most {@code limit}: theirs and their number's. */
    public Flux<BankEvent> recent(String externalUserId, Instant from, int limit) {
        return links.link(externalUserId).map(CustomerLink::customerNo).map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMapMany(number -> {
                    Flux<BankEvent> own = store.since(externalUserId, from, limit);
                    if (number.isEmpty()) {
                        return own;
                    }
                    Flux<BankEvent> before = store.since(BankEvent.unlinkedKey(number.get()), from, limit)
                            .map(e -> e.linkedTo(externalUserId));
                    return Flux.mergeComparing(BankEvent.NEWEST_FIRST, own,
                            before).take(limit);
                });
    }

    /** How many of the customer's events of each type happened since {@code from}: theirs and their number's. */
    public Mono<Map<String, Long>> countsByType(String externalUserId, Instant from) {
        return links.link(externalUserId).map(CustomerLink::customerNo)
                .flatMap(number -> store.countsByType(BankEvent.unlinkedKey(number), from))
                .defaultIfEmpty(Map.of())
                .zipWith(store.countsByType(externalUserId, from), (before, own) -> {
                    Map<String, Long> all = new java.util.TreeMap<>(own);
                    before.forEach((type, n) -> all.merge(type, n, Long::sum));
                    return all;
                });
    }

    /**
     * Forgets the customer's events (PIPL erasure): theirs and those kept under their customer number
     * (read before the link is erased); how many went.
     */
    public Mono<Long> erase(String externalUserId) {
        return links.link(externalUserId).map(CustomerLink::customerNo)
                .flatMap(number -> store.erase(BankEvent.unlinkedKey(number)))
                .defaultIfEmpty(0L)
                .zipWith(store.erase(externalUserId), Long::sum);
    }

    /** The batch's customer numbers → the external_userid linked to each (empty: unlinked), each looked up once. */
    private Mono<Map<String, Optional<String>>> customers(List<EventFields.Candidate> candidates) {
        LinkedHashSet<String> numbers = new LinkedHashSet<>();
        candidates.stream().map(EventFields.Candidate::customerNo).filter(java.util.Objects::nonNull)
                .forEach(numbers::add);
        if (numbers.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.fromIterable(numbers)
                .flatMap(no -> links.byCustomerNo(no).map(link -> Optional.of(link.externalUserId()))
                        .defaultIfEmpty(Optional.empty()).map(customer -> Map.entry(no, customer)), LOOKUPS_IN_FLIGHT)
                .collect(HashMap::new, (map, e) -> map.put(e.getKey(), e.getValue()));
    }

    private List<BankEventListener> listeners() {
        List<BankEventListener> known = listeners;
        if (known == null) {
            known = List.copyOf(listenerBeans.get()); // the same beans whichever thread asks first
            listeners = known;
        }
        return known;
    }

    /** The duplicates not marked decided: taken before, but not (or not wholly) decided. */
    private Mono<List<BankEvent>> undecided(List<BankEvent> duplicates) {
        if (duplicates.isEmpty()) {
            return Mono.just(List.of());
        }
        return store.undecided(duplicates.stream().map(BankEvent::id).toList()).map(ids -> {
            List<BankEvent> again = duplicates.stream().filter(e -> ids.contains(e.id())).toList();
            meters.counter("assist.events.told_again").increment(again.size());
            return again;
        });
    }

    /**
     * Each listener hears of each event in turn, events of the batch {@link #TOLD_AT_ONCE} at a time (subscribed
     * in their order, so one customer's reach the engine's lane in their order); a failure is counted and
     * logged, never passed on, and leaves the event unmarked, to be told again when it comes again.
     */
    private Mono<Void> tell(List<BankEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        List<BankEventListener> listeners = listeners();
        if (listeners.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(events)
                .flatMap(event -> Flux.fromIterable(listeners)
                        .concatMap(listener -> Mono.defer(() -> listener.onAccepted(event)).thenReturn(true)
                                .onErrorResume(e -> {
                                    meters.counter("assist.events.listener.failures", "listener",
                                            listener.getClass().getSimpleName()).increment();
                                    log.warn("bank event listener {} failed on {}: {}",
                                            listener.getClass().getSimpleName(), event, e.toString());
                                    return Mono.just(false);
                                }))
                        // every listener is told, whichever failed (all() would stop at the first failure)
                        .reduce(true, Boolean::logicalAnd)
                        .flatMap(allHeard -> !allHeard ? Mono.<Void>empty()
                                : store.decided(event.id())
                                        .onErrorResume(e -> {
                                            // only a resend would tell it again: the decisions stand
                                            log.warn("bank event {} decided but not marked so: {}", event.id(),
                                                    e.toString());
                                            return Mono.empty();
                                        })), TOLD_AT_ONCE)
                .then();
    }
}
