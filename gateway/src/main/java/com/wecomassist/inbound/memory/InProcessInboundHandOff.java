package com.wecomassist.inbound.memory;

import com.wecomassist.error.TransientException;
import com.wecomassist.conversation.ConversationLanes;
import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The embedded mode's hand-off: messages wait in memory in a lane per conversation (in order
 * within a conversation, in parallel across them). Bounded: when {@code capacity} messages wait,
 * further hand-ons fail and WeCom keeps them for later (the cursor does not move). Messages
 * waiting here are lost if the process dies: the embedded mode is one node in memory; the cluster
 * mode hands on to Kafka.
 */
public class InProcessInboundHandOff implements InboundHandOff {

    private static final Logger log = LoggerFactory.getLogger(InProcessInboundHandOff.class);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final ConversationLanes lanes = new ConversationLanes();
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
            handler.arrived(message);
            lanes.submit(message.conversation().id(), () -> handler.handle(message))
                    .doOnError(e -> log.error("handling {} failed: {}", message, e.toString()))
                    // one failed message must not stall its conversation; the handler owns retries
                    .onErrorResume(e -> Mono.empty())
                    .doFinally(signal -> waiting.decrementAndGet())
                    .subscribe();
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
}
