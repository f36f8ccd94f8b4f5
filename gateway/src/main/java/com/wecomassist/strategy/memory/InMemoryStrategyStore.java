package com.wecomassist.strategy.memory;

import com.wecomassist.strategy.StrategyPublication;
import com.wecomassist.strategy.StrategyStore;
import com.wecomassist.strategy.StrategyVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Embedded mode: the strategies in this process (a restart forgets them). One lock: edits are rare. */
public class InMemoryStrategyStore implements StrategyStore {

    private final Map<String, List<StrategyVersion>> versions = new TreeMap<>();
    private final Map<String, List<StrategyPublication>> publications = new TreeMap<>();
    private long count;

    @Override
    public synchronized Mono<StrategyVersion> draft(String id, String spec, String author, Instant at) {
        List<StrategyVersion> all = versions.computeIfAbsent(id, k -> new ArrayList<>());
        StrategyVersion next = new StrategyVersion(id, all.size() + 1L, spec, author, at);
        all.add(next);
        return Mono.just(next);
    }

    @Override
    public synchronized Mono<StrategyVersion> version(String id, long version) {
        return Mono.justOrEmpty(versions.getOrDefault(id, List.of()).stream().filter(v -> v.version() == version)
                .findFirst());
    }

    @Override
    public synchronized Flux<StrategyVersion> versions(String id) {
        return Flux.fromIterable(List.copyOf(versions.getOrDefault(id, List.of())));
    }

    @Override
    public synchronized Flux<String> ids() {
        return Flux.fromIterable(List.copyOf(versions.keySet()));
    }

    @Override
    public synchronized Mono<Boolean> publish(StrategyPublication next, long expectedVersion) {
        List<StrategyPublication> log = publications.computeIfAbsent(next.id(), k -> new ArrayList<>());
        long current = log.isEmpty() ? 0 : log.get(log.size() - 1).version();
        if (current != expectedVersion) {
            return Mono.just(false);
        }
        log.add(next);
        count++;
        return Mono.just(true);
    }

    @Override
    public synchronized Flux<StrategyPublication> published() {
        return Flux.fromIterable(publications.values().stream().filter(log -> !log.isEmpty())
                .map(log -> log.get(log.size() - 1)).toList());
    }

    @Override
    public synchronized Flux<StrategyPublication> publications(String id) {
        return Flux.fromIterable(List.copyOf(publications.getOrDefault(id, List.of())));
    }

    @Override
    public synchronized Mono<Long> publicationCount() {
        return Mono.just(count);
    }
}
