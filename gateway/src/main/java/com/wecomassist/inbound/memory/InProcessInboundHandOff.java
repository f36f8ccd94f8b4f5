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
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The embedded mode's hand-off: messages wait in memory in a lane per conversation (in order
 * within a conversation, in parallel across them). Bounded: when {@code capacity} messages wait,
 * further hand-ons fail and WeCom keeps them for later (the cursor does not move). A failed handling
 * is tried again with backoff in its lane (later messages of the conversation wait, as on the Kafka
 * side); after the last attempt the handler is told it {@linkplain InboundMessageHandler#gaveUp gave
 * up} (the customer goes to people) instead of the message being dropped in silence. Messages waiting
 * here are lost if the process dies: the embedded mode is one node in memory; the cluster mode hands
 * on to Kafka.
 */
public class InProcessInboundHandOff implements InboundHandOff {

    private static final Logger log = LoggerFactory.getLogger(InProcessInboundHandOff.class);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final ConversationLanes lanes = new ConversationLanes();
    private final AtomicInteger waiting = new AtomicInteger();
    private final InboundMessageHandler handler;
    private final int capacity;
    private final int attempts;
    private final Duration backoff;
    private final MeterRegistry meters;

    /**
     * @param attempts how often a message's handling is tried in all
     * @param backoff  first wait between tries; doubles, with jitter
     */
    public InProcessInboundHandOff(InboundMessageHandler handler, int capacity, int attempts, Duration backoff,
                                   MeterRegistry meters) {
        this.handler = handler;
        this.capacity = capacity;
        this.attempts = attempts;
        this.backoff = backoff;
        this.meters = meters;
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
            lanes.submit(message.conversation().id(), () -> Mono.defer(() -> handler.handle(message))
                            .retryWhen(Retry.backoff(attempts - 1L, backoff).jitter(0.5))
                            .onErrorResume(e -> gaveUp(message,
                                    Exceptions.isRetryExhausted(e) && e.getCause() != null ? e.getCause() : e)))
                    .doFinally(signal -> waiting.decrementAndGet())
                    .subscribe();
        });
    }

    /** The last attempt failed: the handler sees to the customer; the lane goes on with the next message. */
    private Mono<Void> gaveUp(InboundMessage message, Throwable failure) {
        log.error("handling {} failed {} times, giving up: {}", message, attempts, failure.toString());
        meters.counter("assist.inbound.gave_up").increment();
        return Mono.defer(() -> handler.gaveUp(message, failure)).onErrorResume(e -> {
            log.error("giving up on {} failed as well: {}", message, e.toString());
            return Mono.empty();
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
