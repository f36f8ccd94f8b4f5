package com.wecomassist.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.customerlinks.memory.InMemoryCustomerLinks;
import com.wecomassist.events.memory.InMemoryEventStore;
import com.wecomassist.wecom.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Taking the bank's events: every event taken is decided, once its listeners all heard of it. */
class BankEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final EventsProperties settings = new EventsProperties(Duration.ofDays(90), 1000, 1000, DataSize.ofMegabytes(2),
            20, 256, Duration.ofMinutes(5), "t", "g", "", Duration.ofMinutes(5));
    final List<String> heard = new CopyOnWriteArrayList<>();
    final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
    /** When set, the listener waits for it before it is done. */
    volatile Sinks.Empty<Void> gate;
    final BankEventListener listener = event -> Mono.defer(() -> {
        Integer left = failuresLeft.computeIfPresent(event.id(), (id, n) -> n - 1);
        if (left != null && left >= 0) {
            return Mono.error(new IllegalStateException("Redis went away"));
        }
        Mono<Void> wait = gate == null ? Mono.empty() : gate.asMono();
        return wait.then(Mono.fromRunnable(() -> heard.add(event.id())));
    });
    final BankEvents events = new BankEvents(new InMemoryEventStore(Duration.ofDays(90), 1000, clock),
            new InMemoryCustomerLinks(clock), () -> List.of(listener), settings,
            new SimpleMeterRegistry(), clock);

    private static EventFields.Candidate event(String id, String customer) {
        return new EventFields.Candidate(id, customer, null, "large_transfer", NOW.minusSeconds(60), Map.of("amount", 1));
    }

    private List<EventOutcome> take(EventFields.Candidate... candidates) {
        return events.take(List.of(candidates), BankEvent.Source.API).block(WAIT).stream()
                .map(BankEvents.Result::outcome).toList();
    }

    @Test
    void aDuplicateIsToldAgainOnlyIfItWasNotDecided() {
        failuresLeft.put("ev-2", 1);
        assertThat(take(event("ev-1", "wm1"), event("ev-2", "wm2")))
                .containsExactly(EventOutcome.ACCEPTED, EventOutcome.ACCEPTED);
        assertThat(heard).containsExactly("ev-1");

        // the bank sends the batch again: ev-1 was decided, ev-2's listener failed — it is told again
        assertThat(take(event("ev-1", "wm1"), event("ev-2", "wm2")))
                .containsExactly(EventOutcome.DUPLICATE, EventOutcome.DUPLICATE);
        assertThat(heard).containsExactly("ev-1", "ev-2");

        // and now both are decided: a third time tells nobody
        take(event("ev-1", "wm1"), event("ev-2", "wm2"));
        assertThat(heard).containsExactly("ev-1", "ev-2");
    }

    @Test
    void theDecisionsGoOnWhenTheCallerStopsWaitingAndAResendDoesNotDecideTwice() {
        gate = Sinks.empty();
        AtomicBoolean answered = new AtomicBoolean();
        Disposable request = events.take(List.of(event("ev-3", "wm3")), BankEvent.Source.API)
                .subscribe(r -> answered.set(true));
        request.dispose(); // the bank's client timed out
        gate.tryEmitEmpty();
        await().atMost(WAIT).until(() -> heard.contains("ev-3"));
        assertThat(answered).isFalse();
        gate = null;
        assertThat(take(event("ev-3", "wm3"))).containsExactly(EventOutcome.DUPLICATE);
        assertThat(heard).containsExactly("ev-3");
    }

    @Test
    void oneCustomersEventsReachTheListenersInTheirOrder() {
        List<EventFields.Candidate> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batch.add(event("ev-o" + i, "wm-o" + (i % 7)));
        }
        events.take(batch, BankEvent.Source.API).block(WAIT);
        assertThat(heard).hasSize(300);
        for (int c = 0; c < 7; c++) {
            String customer = "wm-o" + c;
            List<Integer> order = heard.stream().map(id -> Integer.parseInt(id.substring(4)))
                    .filter(i -> ("wm-o" + (i % 7)).equals(customer)).toList();
            assertThat(order).isSorted();
        }
    }
}
