package com.wecomassist.outreach.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.outreach.HeldEvent;
import com.wecomassist.outreach.OutreachPlanner;
import com.wecomassist.outreach.QuietHourHolds;
import com.wecomassist.outreach.memory.InMemoryQuietHourHolds;
import com.wecomassist.outreach.redis.RedisQuietHourHolds;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The held events' contract, for the in-memory and the Redis adapter. */
class QuietHourHoldsContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NIGHT = Instant.parse("2026-12-07T14:00:00Z");
    private static final Instant MORNING = Instant.parse("2026-12-08T00:30:00Z");
    private static final Duration LOAN = Duration.ofMinutes(5);

    private static HeldEvent held(String customer, String eventId, Instant notBefore) {
        return HeldEvent.of("lt-1", customer, new OutreachPlanner.Event(eventId, "large_transfer", NIGHT,
                Map.of("direction", "in", "amount", 250000, "note", "到账")), notBefore);
    }

    abstract static class Contract {

        abstract QuietHourHolds holds();

        @Test
        void aHeldEventIsDueOnlyWhenTheQuietHoursEndAndComesBackWhole() {
            QuietHourHolds holds = holds();
            HeldEvent event = held("wm1", "ev-1", MORNING);
            holds.hold(event).block(WAIT);
            assertThat(holds.due(MORNING.minusSeconds(1), 10, LOAN).collectList().block(WAIT)).isEmpty();
            List<HeldEvent> due = holds.due(MORNING, 10, LOAN).collectList().block(WAIT);
            assertThat(due).singleElement().satisfies(e -> {
                assertThat(e.id()).isEqualTo(event.id());
                assertThat(e.customer()).isEqualTo("wm1");
                assertThat(e.notBefore()).isEqualTo(MORNING);
                assertThat(e.event().at()).isEqualTo(NIGHT);
                assertThat(e.event().attributes()).containsEntry("note", "到账").containsEntry("direction", "in");
                assertThat(((Number) e.event().attributes().get("amount")).longValue()).isEqualTo(250000L);
            });
        }

        @Test
        void aLentEventIsNobodyElsesUntilTheLoanEndsAndGoneOnceReleased() {
            QuietHourHolds holds = holds();
            HeldEvent event = held("wm2", "ev-2", MORNING);
            holds.hold(event).block(WAIT);
            assertThat(holds.due(MORNING, 10, LOAN).collectList().block(WAIT)).hasSize(1);
            // another instance looking meanwhile gets nothing …
            assertThat(holds.due(MORNING.plusSeconds(60), 10, LOAN).collectList().block(WAIT)).isEmpty();
            // … until the loan ends (the first one stopped before deciding it)
            assertThat(holds.due(MORNING.plus(LOAN), 10, LOAN).collectList().block(WAIT)).hasSize(1);
            holds.release(event.id()).block(WAIT);
            assertThat(holds.due(MORNING.plus(Duration.ofHours(1)), 10, LOAN).collectList().block(WAIT)).isEmpty();
            assertThat(holds.size().block(WAIT)).isZero();
        }

        @Test
        void theSoonestFirstAtMostTheLimitAndHoldingAgainKeepsOne() {
            QuietHourHolds holds = holds();
            holds.hold(held("wm3", "ev-3", MORNING.plusSeconds(20))).block(WAIT);
            holds.hold(held("wm4", "ev-4", MORNING)).block(WAIT);
            holds.hold(held("wm5", "ev-5", MORNING.plusSeconds(10))).block(WAIT);
            holds.hold(held("wm5", "ev-5", MORNING.plusSeconds(10))).block(WAIT);
            assertThat(holds.size().block(WAIT)).isEqualTo(3L);
            assertThat(holds.due(MORNING.plusSeconds(30), 2, LOAN).map(HeldEvent::customer).collectList().block(WAIT))
                    .containsExactly("wm4", "wm5");
        }

        @Test
        void manyInstancesLookingAtOnceLendEachEventOnce() {
            QuietHourHolds holds = holds();
            for (int i = 0; i < 50; i++) {
                holds.hold(held("wm-many-" + i, "ev-m" + i, MORNING)).block(WAIT);
            }
            List<String> lent = Flux.range(0, 8).flatMap(i -> holds.due(MORNING, 20, LOAN)).map(HeldEvent::id)
                    .collectList().block(WAIT);
            assertThat(lent).hasSize(50).doesNotHaveDuplicates();
        }
    }

    @Nested
    class InMemory extends Contract {
        final QuietHourHolds holds = new InMemoryQuietHourHolds();

        @Override
        QuietHourHolds holds() {
            return holds;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final QuietHourHolds holds = new RedisQuietHourHolds(RedisTestServer.template(), RedisTestServer.freshPrefix());

        @Override
        QuietHourHolds holds() {
            return holds;
        }
    }
}
