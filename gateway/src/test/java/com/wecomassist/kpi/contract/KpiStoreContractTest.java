package com.wecomassist.kpi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kpi.EmployeeDay;
import com.wecomassist.kpi.KpiProgress;
import com.wecomassist.kpi.KpiStore;
import com.wecomassist.kpi.memory.InMemoryKpiStore;
import com.wecomassist.kpi.redis.RedisKpiStore;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The KPI store's contract, for the in-memory and the Redis adapter. */
class KpiStoreContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final LocalDate D1 = LocalDate.parse("2026-12-05");
    private static final LocalDate D2 = LocalDate.parse("2026-12-06");

    static EmployeeDay day(LocalDate day, String employee, long covered) {
        return new EmployeeDay(day, employee, 10, covered, 20, 1, 0, 1, 5, 1, 9, 2,
                new EmployeeDay.Behaviour(7, 30, 87.5, 12.0, 1, 2, 1), NOW);
    }

    abstract static class Contract {

        abstract KpiStore store();

        List<EmployeeDay> between(LocalDate from, LocalDate to) {
            return store().between(from, to).collectList().block(WAIT).stream()
                    .sorted(Comparator.comparing(EmployeeDay::day).thenComparing(EmployeeDay::employee)).toList();
        }

        @Test
        void figuresAreReadBackByDayAndADayComputedAgainReplacesThemPerEmployee() {
            KpiStore store = store();
            store.putAll(List.of(day(D1, "a", 1), day(D1, "b", 2), day(D2, "a", 3))).block(WAIT);
            assertThat(between(D1, D2)).containsExactly(day(D1, "a", 1), day(D1, "b", 2), day(D2, "a", 3));
            assertThat(between(D2, D2)).containsExactly(day(D2, "a", 3));

            EmployeeDay without = new EmployeeDay(D1, "a", 10, 4, 20, 1, 0, 1, 5, 1, 9, 2, null, NOW);
            store.putAll(List.of(without)).block(WAIT);
            assertThat(between(D1, D1)).containsExactly(without, day(D1, "b", 2));
        }

        @Test
        void theComputedDaysAreKept() {
            KpiStore store = store();
            assertThat(store.computed(D1, D2).block(WAIT)).isEmpty();
            store.markComputed(List.of(D1, D2)).block(WAIT);
            assertThat(store.computed(D1, D2).block(WAIT)).isEqualTo(Set.of(D1, D2));
            assertThat(store.computed(D2, D2.plusDays(3)).block(WAIT)).isEqualTo(Set.of(D2));
        }

        @Test
        void theLeaseIsHeldByOneAtATimeRenewedByItsHolderAndGivenBack() {
            KpiStore store = store();
            assertThat(store.claim("one", Duration.ofMinutes(1)).block(WAIT)).isTrue();
            assertThat(store.claim("two", Duration.ofMinutes(1)).block(WAIT)).isFalse();
            assertThat(store.claim("one", Duration.ofMinutes(1)).block(WAIT)).isTrue();
            store.release("two").block(WAIT);
            assertThat(store.claim("two", Duration.ofMinutes(1)).block(WAIT)).isFalse();
            store.release("one").block(WAIT);
            assertThat(store.claim("two", Duration.ofMinutes(1)).block(WAIT)).isTrue();
            store.release("two").block(WAIT);
        }

        @Test
        void theLatestProgressIsKept() {
            KpiStore store = store();
            assertThat(store.progress().blockOptional(WAIT)).isEmpty();
            KpiProgress running = new KpiProgress(KpiProgress.Status.RUNNING, D1, D2, "root", 5, 2, 1,
                    List.of("a note"), NOW, NOW, null, null);
            store.saveProgress(running).block(WAIT);
            assertThat(store.progress().block(WAIT)).isEqualTo(running);
        }
    }

    @Nested
    class InMemory extends Contract {
        final KpiStore store = new InMemoryKpiStore(Duration.ofDays(400), CLOCK);

        @Override
        KpiStore store() {
            return store;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final KpiStore store = new RedisKpiStore(RedisTestServer.template(), RedisTestServer.freshPrefix(),
                Duration.ofDays(400), CLOCK);

        @Override
        KpiStore store() {
            return store;
        }
    }
}
