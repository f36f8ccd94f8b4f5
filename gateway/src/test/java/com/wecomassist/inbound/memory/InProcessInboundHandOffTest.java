package com.wecomassist.inbound.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The embedded mode's hand-off: a failed handling is tried again in its conversation's lane, and
 * when the tries are used up the handler is told it gave up (the reply flow then hands the customer
 * to a person). Before, the first failure was logged and the message dropped.
 */
class InProcessInboundHandOffTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ConversationKey KEY = ConversationKey.kf("wkA", "wmCustomer");

    /** Fails each message as often as the test says, records what it handled and what it gave up on. */
    private static final class Handler implements InboundMessageHandler {
        final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final List<String> handled = new CopyOnWriteArrayList<>();
        final List<String> gaveUp = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> handle(InboundMessage message) {
            return Mono.defer(() -> {
                attempts.computeIfAbsent(message.messageId(), k -> new AtomicInteger()).incrementAndGet();
                if (failuresLeft.merge(message.messageId(), -1, Integer::sum) >= 0) {
                    return Mono.error(new IllegalStateException("test: the store is down"));
                }
                handled.add(message.messageId());
                return Mono.empty();
            });
        }

        @Override
        public Mono<Void> gaveUp(InboundMessage message, Throwable failure) {
            return Mono.fromRunnable(() -> gaveUp.add(message.messageId() + ": " + failure.getMessage()));
        }
    }

    private final Handler handler = new Handler();
    private final InProcessInboundHandOff handOff = new InProcessInboundHandOff(handler, 100, 3, Duration.ofMillis(20),
            new SimpleMeterRegistry());

    @Test
    void aFailedHandlingIsTriedAgainAndTheConversationsNextMessageWaitsForIt() {
        handler.failuresLeft.put("m1", 2);
        handOff.handOn(customer("m1")).block(WAIT);
        handOff.handOn(customer("m2")).block(WAIT);

        await().atMost(WAIT).until(() -> handOff.waiting() == 0);
        assertThat(handler.attempts.get("m1")).hasValue(3);
        assertThat(handler.handled).containsExactly("m1", "m2");
        assertThat(handler.gaveUp).isEmpty();
    }

    @Test
    void aHandlingThatKeepsFailingIsGivenUpOnNotDropped() {
        handler.failuresLeft.put("m1", 10);
        handOff.handOn(customer("m1")).block(WAIT);
        handOff.handOn(customer("m2")).block(WAIT);

        await().atMost(WAIT).until(() -> handOff.waiting() == 0);
        assertThat(handler.attempts.get("m1")).hasValue(3);
        assertThat(handler.gaveUp).containsExactly("m1: test: the store is down");
        assertThat(handler.handled).as("the conversation goes on").containsExactly("m2");
    }

    private static InboundMessage customer(String id) {
        return new InboundMessage(id, KEY, MessageOrigin.CUSTOMER, MessageKind.TEXT, "你好", Instant.now(), null, null);
    }
}
