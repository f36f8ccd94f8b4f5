package com.wecomassist.outreach.memory;

import com.wecomassist.outreach.HeldEvent;
import com.wecomassist.outreach.QuietHourHolds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Embedded mode: the held events in this process (a restart forgets them, as it forgets the ledger). */
public class InMemoryQuietHourHolds implements QuietHourHolds {

    private record Entry(HeldEvent held, Instant dueAt) {
    }

    private final Map<String, Entry> held = new HashMap<>();

    @Override
    public synchronized Mono<Void> hold(HeldEvent event) {
        held.put(event.id(), new Entry(event, event.notBefore()));
        return Mono.empty();
    }

    @Override
    public synchronized Flux<HeldEvent> due(Instant now, int limit, Duration loan) {
        List<Entry> due = held.values().stream().filter(e -> !e.dueAt().isAfter(now))
                .sorted(Comparator.comparing(Entry::dueAt).thenComparing(e -> e.held().id())).limit(limit).toList();
        List<HeldEvent> lent = new ArrayList<>(due.size());
        for (Entry e : due) {
            held.put(e.held().id(), new Entry(e.held(), now.plus(loan)));
            lent.add(e.held());
        }
        return Flux.fromIterable(lent);
    }

    @Override
    public synchronized Mono<Void> release(String id) {
        held.remove(id);
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Long> size() {
        return Mono.just((long) held.size());
    }
}
