package com.wecomassist.events.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.events.BankEvent;
import com.wecomassist.events.EventStore;
import com.wecomassist.events.EventStore.Appended;
import com.wecomassist.events.memory.InMemoryEventStore;
import com.wecomassist.events.redis.RedisEventStore;
import com.wecomassist.testing.RedisTestServer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The events' store contract, for the in-memory and the Redis adapter. */
class EventStoreContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofDays(90);
    private static final int MOST = 5;
    private static final Instant START = Instant.parse("2026-12-07T00:00:00Z");

    /** A clock the tests move on. */
    static final class MovableClock extends Clock {
        final AtomicLong millis = new AtomicLong(START.toEpochMilli());

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }
    }

    static BankEvent event(String id, String customer, String type, Instant at) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("amount", new BigDecimal("250000.5"));
        attributes.put("count", 3L);
        attributes.put("product", "稳健理财A");
        attributes.put("first", true);
        return new BankEvent(id, customer, null, type, at, attributes, BankEvent.Source.API, START);
    }

    abstract static class Contract {

        final MovableClock clock = new MovableClock();

        abstract EventStore store();

        List<BankEvent> since(String customer, Instant from, int limit) {
            return store().since(customer, from, limit).collectList().block(WAIT);
        }

        @Test
        void anEventIsKeptOnceByItsIdAndReadAsItWasWritten() {
            BankEvent first = event("e1", "wmA", "large_transfer", START.minusSeconds(60));
            assertThat(store().appendAll(List.of(first)).block(WAIT)).containsExactly(Appended.STORED);
            // the same id again, even with other content or for another customer: nothing is kept twice
            assertThat(store().appendAll(List.of(first, event("e1", "wmB", "purchase", START))).block(WAIT))
                    .containsExactly(Appended.DUPLICATE, Appended.DUPLICATE);
            // within one batch too
            assertThat(store().appendAll(List.of(event("e2", "wmA", "purchase", START),
                    event("e2", "wmA", "purchase", START))).block(WAIT))
                    .containsExactly(Appended.STORED, Appended.DUPLICATE);
            List<BankEvent> held = since("wmA", START.minus(Duration.ofDays(1)), 10);
            assertThat(held).extracting(BankEvent::id).containsExactly("e2", "e1");
            assertThat(held.get(1)).isEqualTo(first);
            assertThat(held.get(1).attributes().get("amount")).isEqualTo(new BigDecimal("250000.5"));
            assertThat(since("wmB", START.minus(Duration.ofDays(1)), 10)).isEmpty();
        }

        @Test
        void unlinkedEventsAreKeptUnderTheCustomerNumber() {
            BankEvent unlinked = new BankEvent("u1", null, "C0001", "wealth_maturity", START, Map.of("product", "P1"),
                    BankEvent.Source.KAFKA, START);
            assertThat(store().appendAll(List.of(unlinked)).block(WAIT)).containsExactly(Appended.STORED);
            List<BankEvent> held = since(BankEvent.unlinkedKey("C0001"), START.minusSeconds(1), 10);
            assertThat(held).containsExactly(unlinked);
            assertThat(held.get(0).linked()).isFalse();
            assertThat(held.get(0).customerNo()).isEqualTo("C0001");
        }

        @Test
        void readsAreNewestFirstFromTheirTimeAndBounded() {
            List<BankEvent> batch = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batch.add(event("r" + i, "wmR", i % 2 == 0 ? "deposit_page_no_order" : "purchase",
                        START.minus(Duration.ofDays(10 - i))));
            }
            store().appendAll(batch).block(WAIT);
            assertThat(since("wmR", START.minus(Duration.ofDays(30)), 10)).extracting(BankEvent::id)
                    .containsExactly("r3", "r2", "r1", "r0");
            assertThat(since("wmR", START.minus(Duration.ofDays(30)), 2)).extracting(BankEvent::id)
                    .containsExactly("r3", "r2");
            assertThat(since("wmR", START.minus(Duration.ofDays(8)), 10)).extracting(BankEvent::id)
                    .containsExactly("r3", "r2");
            assertThat(store().countsByType("wmR", START.minus(Duration.ofDays(30))).block(WAIT))
                    .isEqualTo(Map.of("deposit_page_no_order", 2L, "purchase", 2L));
            assertThat(store().countsByType("wmR", START.minus(Duration.ofDays(7)).minusSeconds(1)).block(WAIT))
                    .isEqualTo(Map.of("purchase", 1L));
            assertThat(store().countsByType("wmNobody", START.minus(Duration.ofDays(30))).block(WAIT)).isEmpty();
        }

        @Test
        void aCustomerKeepsAtMostTheNewestOnes() {
            List<BankEvent> batch = new ArrayList<>();
            for (int i = 0; i < MOST + 3; i++) {
                // the newest first in the batch: what goes is the oldest, whatever the order of arrival
                batch.add(event("m" + i, "wmM", "purchase", START.minus(Duration.ofHours(i))));
            }
            // two at the same time: the same one is kept by every store
            batch.add(event("m" + (MOST - 1) + "b", "wmM", "purchase", START.minus(Duration.ofHours(MOST - 1))));
            store().appendAll(batch).block(WAIT);
            assertThat(since("wmM", START.minus(Duration.ofDays(1)), 100)).extracting(BankEvent::id)
                    .containsExactly("m0", "m1", "m2", "m3", "m4b");
        }

        @Test
        void eventsOlderThanTheWindowAreForgotten() {
            store().appendAll(List.of(event("w1", "wmW", "purchase", START.minus(Duration.ofDays(80))),
                    event("w2", "wmW", "purchase", START.minus(Duration.ofDays(1))))).block(WAIT);
            assertThat(since("wmW", Instant.EPOCH, 10)).hasSize(2);
            clock.advance(Duration.ofDays(20));
            assertThat(since("wmW", Instant.EPOCH, 10)).extracting(BankEvent::id).containsExactly("w2");
            assertThat(store().countsByType("wmW", Instant.EPOCH).block(WAIT)).isEqualTo(Map.of("purchase", 1L));
            // an event that happened before the window is not kept, and its id is not held against a later one
            assertThat(store().appendAll(List.of(event("w0", "wmW", "purchase", START.minus(Duration.ofDays(85)))))
                    .block(WAIT)).containsExactly(Appended.STORED);
            assertThat(since("wmW", Instant.EPOCH, 10)).extracting(BankEvent::id).containsExactly("w2");
        }

        @Test
        void anEventIsUndecidedUntilNotedSoAndTheNoteLastsAsLongAsItsId() {
            store().appendAll(List.of(event("d1", "wmD", "purchase", START.minus(Duration.ofDays(80))),
                    event("d2", "wmD", "purchase", START))).block(WAIT);
            assertThat(store().undecided(List.of("d1", "d2", "never-taken")).block(WAIT))
                    .as("an id never taken is nothing to tell").containsExactlyInAnyOrder("d1", "d2");
            store().decided("d2").block(WAIT);
            store().decided("never-taken").block(WAIT);
            assertThat(store().undecided(List.of("d1", "d2", "never-taken")).block(WAIT)).containsExactly("d1");
            // still a duplicate once decided
            assertThat(store().appendAll(List.of(event("d2", "wmD", "purchase", START))).block(WAIT))
                    .containsExactly(Appended.DUPLICATE);
            assertThat(store().undecided(List.of()).block(WAIT)).isEmpty();
        }

        @Test
        void erasureForgetsTheCustomersEventsButNotTheirIds() {
            store().appendAll(List.of(event("x1", "wmX", "purchase", START), event("x2", "wmX", "purchase", START),
                    event("y1", "wmY", "purchase", START))).block(WAIT);
            assertThat(store().erase("wmX").block(WAIT)).isEqualTo(2L);
            assertThat(since("wmX", Instant.EPOCH, 10)).isEmpty();
            assertThat(since("wmY", Instant.EPOCH, 10)).hasSize(1);
            assertThat(store().erase("wmX").block(WAIT)).isZero();
            // the bank replaying its feed does not bring the erased events back
            assertThat(store().appendAll(List.of(event("x1", "wmX", "purchase", START))).block(WAIT))
                    .containsExactly(Appended.DUPLICATE);
        }

        @Test
        void twoWritersOfTheSameIdsAtOnceKeepOneCopyOfEach() throws Exception {
            EventStore a = store();
            EventStore b = another();
            List<BankEvent> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(event("c" + i, "wmC" + (i % 3), "purchase", START.minusSeconds(i)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<List<Appended>>> writers = List.of(() -> a.appendAll(batch).block(WAIT),
                        () -> b.appendAll(batch).block(WAIT), () -> a.appendAll(batch).block(WAIT),
                        () -> b.appendAll(batch).block(WAIT));
                long stored = 0;
                for (Future<List<Appended>> done : pool.invokeAll(writers)) {
                    stored += done.get().stream().filter(o -> o == Appended.STORED).count();
                }
                assertThat(stored).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
            long held = 0;
            for (int c = 0; c < 3; c++) {
                held += since("wmC" + c, Instant.EPOCH, 1000).size();
            }
            assertThat(held).isEqualTo(3L * MOST); // each customer's newest, once each
        }

        /** A second store on the same data (another instance), for the race. */
        abstract EventStore another();
    }

    @Nested
    class InMemory extends Contract {
        final InMemoryEventStore store = new InMemoryEventStore(WINDOW, MOST, clock);

        @Override
        EventStore store() {
            return store;
        }

        @Override
        EventStore another() {
            return store; // one process: the other thread is the other writer
        }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final EventStore store = new RedisEventStore(RedisTestServer.template(), prefix, WINDOW, MOST, clock);

        @Override
        EventStore store() {
            return store;
        }

        @Override
        EventStore another() {
            return new RedisEventStore(RedisTestServer.template(), prefix, WINDOW, MOST, clock);
        }
    }
}
