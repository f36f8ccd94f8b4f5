package com.wecomassist.strategy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The strategies in force, parsed, in memory: what the engine reads for every bank event, without a
 * store round trip. {@link #refresh} reads the store again when its publication count moved (every
 * instance polls), so a publication on one instance is in force on all within the poll interval.
 */
public class StrategyCatalogue {

    /** A strategy in force: its version and its spec. */
    public record InForce(String id, long version, Strategy strategy) {
    }

    private final StrategyStore store;
    private final AtomicReference<Map<String, InForce>> inForce = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, InForce>> measured = new AtomicReference<>(Map.of());
    private final AtomicLong seen = new AtomicLong(-1);

    public StrategyCatalogue(StrategyStore store) {
        this.store = store;
    }

    /** The active strategies in force, by id. */
    public Map<String, InForce> inForce() {
        return inForce.get();
    }

    /**
     * Every strategy ever published, at its latest publication, stopped ones included: what went out is
     * still measured (conversions and churn after a stop count for the test).
     */
    public Map<String, InForce> measured() {
        return measured.get();
    }

    /** The active strategies started by an event of {@code type}. */
    public List<InForce> triggeredBy(String type) {
        return inForce.get().values().stream().filter(s -> s.strategy().trigger().eventTypes().contains(type)).toList();
    }

    /** Reads the store again if a publication happened since (or {@code force}); answers whether it did. */
    public Mono<Boolean> refresh(boolean force) {
        return store.publicationCount().flatMap(count -> {
            if (!force && count == seen.get()) {
                return Mono.just(false);
            }
            return store.published().collectList().map(list -> {
                Map<String, InForce> all = list.stream().collect(Collectors.toUnmodifiableMap(StrategyPublication::id,
                        p -> new InForce(p.id(), p.version(), StrategyDesk.readPublished(p.spec()))));
                measured.set(all);
                inForce.set(list.stream().filter(StrategyPublication::active)
                        .collect(Collectors.toUnmodifiableMap(StrategyPublication::id, p -> all.get(p.id()))));
                seen.set(count);
                return true;
            });
        });
    }
}
