package com.wecomassist.conversation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Runs work one at a time per conversation and concurrently across conversations: a lane per key,
 * created when work arrives and dropped when empty. Whoever hands work on (the in-process queue,
 * a Kafka listener that takes records without waiting for earlier ones to finish) gets a Mono that
 * completes when that piece of work is done, in its lane's order.
 */
public final class ConversationLanes {

    private record Work(Supplier<Mono<Void>> task, Sinks.Empty<Void> done) {
    }

    private final ConcurrentMap<String, Deque<Work>> lanes = new ConcurrentHashMap<>();

    /** Queues the task behind earlier work of the same key; the Mono ends when the task has. */
    public Mono<Void> submit(String key, Supplier<Mono<Void>> task) {
        Work work = new Work(task, Sinks.empty());
        boolean[] startLane = {false};
        lanes.compute(key, (k, lane) -> {
            Deque<Work> l = lane == null ? new ArrayDeque<>() : lane;
            startLane[0] = lane == null;
            l.add(work);
            return l;
        });
        if (startLane[0]) {
            runHead(key);
        }
        return work.done().asMono();
    }

    /** Conversations with work queued or running. */
    public int activeLanes() {
        return lanes.size();
    }

    private void runHead(String key) {
        Work[] head = {null};
        lanes.computeIfPresent(key, (k, lane) -> {
            head[0] = lane.peek();
            return lane;
        });
        if (head[0] == null) {
            return;
        }
        Work work = head[0];
        Mono.defer(work.task())
                // a fresh thread per step keeps a long lane from deepening the stack
                .subscribeOn(Schedulers.parallel())
                .subscribe(null,
                        error -> finish(key, work, error),
                        () -> finish(key, work, null));
    }

    private void finish(String key, Work work, Throwable error) {
        // Removing the finished head and retiring an empty lane happen under the map's per-key
        // lock, so work added concurrently either lands in this lane or starts a new one.
        boolean[] more = {false};
        lanes.computeIfPresent(key, (k, lane) -> {
            lane.poll();
            more[0] = !lane.isEmpty();
            return more[0] ? lane : null;
        });
        if (error == null) {
            work.done().tryEmitEmpty();
        } else {
            work.done().tryEmitError(error);
        }
        if (more[0]) {
            runHead(key);
        }
    }
}
