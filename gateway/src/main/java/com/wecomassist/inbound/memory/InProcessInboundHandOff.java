package com.wecomassist.inbound.memory;

import com.wecomassist.error.TransientException;
import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded mode's hand-off: an in-memory lane per conversation, drained one message at a time
 * (so a conversation's messages are handled in order) while lanes run in parallel. Bounded: when
 * {@code capacity} messages wait, further hand-ons fail and WeCom keeps them for later (the cursor
 * does not move). Messages waiting here are lost if the process dies: the embedded mode is one
 * node in memory; the cluster mode hands on to Kafka.
 */
public class InProcessInboundHandOff implements InboundHandOff {

    private static final Logger log = LoggerFactory.getLogger(InProcessInboundHandOff.class);

    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final ConcurrentMap<String, Deque<InboundMessage>> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final InboundMessageHandler handler;
    private final int capacity;

    public InProcessInboundHandOff(InboundMessageHandler handler, int capacity, MeterRegistry meters) {
        this.handler = handler;
        this.capacity = capacity;
        meters.gauge("assist.inbound.waiting", waiting);
    }

    @Override
    public Mono<Void> handOn(InboundMessage message) {
        return Mono.fromRunnable(() -> {
            if (waiting.incrementAndGet() > capacity) {
                waiting.decrementAndGet();
                throw new TransientException("inbound queue is full (" + capacity + " messages waiting)");
            }
            String key = message.conversation().id();
            boolean[] startLane = {false};
            lanes.compute(key, (k, lane) -> {
                if (lane == null) {
                    lane = new ArrayDeque<>();
                    startLane[0] = true;
                }
                lane.add(message);
                return lane;
            });
            if (startLane[0]) {
                drainNext(key);
            }
        });
    }

    /** Messages accepted but not yet handled. */
    public int waiting() {
        return waiting.get();
    }

    /**
     * On shutdown, gives accepted messages up to {@link #DRAIN_TIMEOUT} to be handled (runs on the
     * closing thread, never on an event loop), and says how many were left if any.
     */
    public void close() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (waiting.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (waiting.get() > 0) {
            log.warn("shutting down with {} accepted messages not handled", waiting.get());
        }
    }

    private void drainNext(String key) {
        InboundMessage[] next = {null};
        // Taking the head and retiring an empty lane happen under the map's per-key lock, so a
        // message added concurrently either lands in this lane or starts a new one.
        lanes.computeIfPresent(key, (k, lane) -> {
            next[0] = lane.poll();
            return next[0] == null ? null : lane;
        });
        if (next[0] == null) {
            return;
        }
        InboundMessage message = next[0];
        Mono.defer(() -> handler.handle(message))
                .subscribeOn(Schedulers.parallel())
                .onErrorResume(e -> {
                    // One failed message must not stall its conversation; the handler owns retries.
                    log.error("handling {} failed: {}", message, e.toString());
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    waiting.decrementAndGet();
                    drainNext(key);
                })
                .subscribe();
    }
}
