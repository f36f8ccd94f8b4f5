package com.wecomassist.inherit.memory;

import com.wecomassist.inherit.TransferJob;
import com.wecomassist.inherit.TransferJobs;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The embedded mode's jobs: a map, forgotten by a restart (like the embedded directory and queue). */
public class InMemoryTransferJobs implements TransferJobs {

    private record Runner(String holder, long untilNanos) {
    }

    private final ConcurrentMap<String, TransferJob> jobs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Runner> runners = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> create(TransferJob job) {
        return Mono.fromRunnable(() -> jobs.put(job.id(), job));
    }

    @Override
    public Mono<Boolean> replace(TransferJob job) {
        return Mono.fromCallable(() -> {
            boolean[] done = {false};
            jobs.computeIfPresent(job.id(), (id, stored) -> {
                if (stored.version() == job.version() - 1) {
                    done[0] = true;
                    return job;
                }
                return stored;
            });
            return done[0];
        });
    }

    @Override
    public Mono<TransferJob> find(String id) {
        return Mono.justOrEmpty(jobs.get(id));
    }

    @Override
    public Flux<TransferJob> all() {
        return Flux.defer(() -> Flux.fromIterable(jobs.values().stream()
                .sorted(Comparator.comparing(TransferJob::createdAt).reversed().thenComparing(TransferJob::id)).toList()));
    }

    @Override
    public Mono<Boolean> holdRunner(String id, String holder, java.time.Duration ttl) {
        return Mono.fromCallable(() -> {
            long now = System.nanoTime();
            Runner next = new Runner(holder, now + ttl.toNanos());
            Runner after = runners.compute(id, (k, current) -> current == null || current.holder().equals(holder)
                    || current.untilNanos() - now <= 0 ? next : current);
            return after == next;
        });
    }
}
