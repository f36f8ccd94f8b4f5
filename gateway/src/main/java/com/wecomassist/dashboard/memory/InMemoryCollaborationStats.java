package com.wecomassist.dashboard.memory;

import com.wecomassist.dashboard.CollaborationStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The embedded mode's figures: hourly counters in memory, dropped after the retention. */
public class InMemoryCollaborationStats implements CollaborationStats {

    private record Key(Instant hour, Outcome outcome, String category) {
    }

    private final ConcurrentMap<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;

    public InMemoryCollaborationStats(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Void> count(Outcome outcome, String category, Instant at) {
        return Mono.fromRunnable(() -> {
            counts.computeIfAbsent(new Key(CollaborationStats.hourOf(at), outcome, CollaborationStats.categoryOf(category)),
                    k -> new LongAdder()).increment();
            Instant oldest = clock.instant().minus(retention);
            counts.keySet().removeIf(k -> k.hour().isBefore(oldest));
        });
    }

    @Override
    public Flux<HourlyCount> between(Instant from, Instant to) {
        Instant first = CollaborationStats.hourOf(from);
        Instant last = CollaborationStats.hourOf(to);
        return Flux.defer(() -> Flux.fromStream(counts.entrySet().stream()
                .filter(e -> !e.getKey().hour().isBefore(first) && !e.getKey().hour().isAfter(last))
                .map(e -> new HourlyCount(e.getKey().hour(), e.getKey().outcome(), e.getKey().category(),
                        e.getValue().sum()))
                .sorted(Comparator.comparing(HourlyCount::hour).thenComparing(HourlyCount::outcome)
                        .thenComparing(HourlyCount::category))));
    }
}
