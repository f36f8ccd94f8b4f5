package com.wecomassist.events.memory;

import com.wecomassist.events.BankEvent;
import com.wecomassist.events.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Embedded mode: the events in this process's memory. An id is taken by one atomic {@code compute} on
 * the map of ids (so of two threads with the same id one stores); a customer's events are an immutable
 * list, newest first, replaced inside the customer's {@code compute}, so readers never see one half
 * written. Ids past their time are swept now and then, as Redis expires its keys.
 */
public class InMemoryEventStore implements EventStore {

    private static final int SWEEP_EVERY = 10_000;

    /** event id → until when it is remembered (epoch ms) */
    private final ConcurrentMap<String, Long> ids = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, List<BankEvent>> byCustomer = new ConcurrentHashMap<>();
    /** ids noted decided; swept with the ids */
    private final Set<String> decidedIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong appended = new AtomicLong();
    private final Duration window;
    private final int maxPerCustomer;
    private final Clock clock;

    public InMemoryEventStore(Duration window, int maxPerCustomer, Clock clock) {
        this.window = window;
        this.maxPerCustomer = maxPerCustomer;
        this.clock = clock;
    }

    @Override
    public Mono<List<Appended>> appendAll(List<BankEvent> events) {
        return Mono.fromSupplier(() -> {
            List<Appended> outcomes = new ArrayList<>(events.size());
            for (BankEvent event : events) {
                outcomes.add(append(event));
            }
            long total = appended.addAndGet(events.size());
            if (total / SWEEP_EVERY != (total - events.size()) / SWEEP_EVERY) {
                sweep();
            }
            return outcomes;
        });
    }

    private Appended append(BankEvent event) {
        long now = clock.millis();
        long until = event.occurredAt().plus(window).toEpochMilli();
        boolean[] taken = {false};
        ids.compute(event.id(), (id, held) -> {
            if (held != null && held > now) {
                taken[0] = true;
                return held;
            }
            return until;
        });
        if (taken[0]) {
            return Appended.DUPLICATE;
        }
        Instant oldest = Instant.ofEpochMilli(now).minus(window);
        byCustomer.compute(event.customerKey(), (customer, held) -> {
            List<BankEvent> kept = new ArrayList<>(held == null ? 1 : held.size() + 1);
            if (held != null) {
                held.stream().filter(e -> !e.occurredAt().isBefore(oldest)).forEach(kept::add);
            }
            if (!event.occurredAt().isBefore(oldest)) {
                kept.add(event);
            }
            kept.sort(BankEvent.NEWEST_FIRST);
            return kept.isEmpty() ? null : List.copyOf(kept.size() > maxPerCustomer
                    ? kept.subList(0, maxPerCustomer) : kept);
        });
        return Appended.STORED;
    }

    @Override
    public Flux<BankEvent> since(String customerKey, Instant from, int limit) {
        return Flux.defer(() -> Flux.fromIterable(held(customerKey, from)).take(limit));
    }

    @Override
    public Mono<Map<String, Long>> countsByType(String customerKey, Instant from) {
        return Mono.fromSupplier(() -> {
            Map<String, Long> counts = new TreeMap<>();
            held(customerKey, from).forEach(e -> counts.merge(e.type(), 1L, Long::sum));
            return counts;
        });
    }

    @Override
    public Mono<Long> erase(String customerKey) {
        return Mono.fromSupplier(() -> {
            List<BankEvent> gone = byCustomer.remove(customerKey);
            return gone == null ? 0L : gone.size();
        });
    }

    private List<BankEvent> held(String customerKey, Instant from) {
        Instant oldest = clock.instant().minus(window);
        Instant since = from.isBefore(oldest) ? oldest : from;
        return byCustomer.getOrDefault(customerKey, List.of()).stream()
                .filter(e -> !e.occurredAt().isBefore(since)).toList();
    }

    @Override
    public Mono<Void> decided(String eventId) {
        return Mono.fromRunnable(() -> {
            if (ids.containsKey(eventId)) {
                decidedIds.add(eventId);
            }
        });
    }

    @Override
    public Mono<Set<String>> undecided(List<String> eventIds) {
        return Mono.fromSupplier(() -> {
            long now = clock.millis();
            Set<String> out = new java.util.LinkedHashSet<>();
            for (String id : eventIds) {
                Long until = ids.get(id);
                if (until != null && until > now && !decidedIds.contains(id)) {
                    out.add(id);
                }
            }
            return out;
        });
    }

    private void sweep() {
        long now = clock.millis();
        ids.values().removeIf(until -> until <= now);
        decidedIds.removeIf(id -> !ids.containsKey(id));
    }
}
