package com.wecomassist.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.contacts.ContactPages;
import com.wecomassist.contacts.memory.InMemoryContactDirectory;
import com.wecomassist.customerlinks.memory.InMemoryCustomerLinks;
import com.wecomassist.kpi.memory.InMemoryKpiStore;
import com.wecomassist.roster.memory.InMemoryEmployeeRoster;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** When the daily run is due and what it computes. */
class KpiScheduleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.parse("2026-12-07");

    private final AtomicInteger behaviourCalls = new AtomicInteger();
    private KpiStore store;

    private KpiSchedule scheduleAt(String chinaTime, KpiStore kept) {
        Clock clock = Clock.fixed(TODAY.atTime(LocalTime.parse(chinaTime)).atZone(CHINA).toInstant(), ZoneOffset.UTC);
        store = kept != null ? kept : new InMemoryKpiStore(Duration.ofDays(400), clock);
        KpiProperties settings = new KpiProperties(CHINA, LocalTime.parse("02:00"), 7, Duration.ofMinutes(10), 100, 92,
                366, Duration.ofDays(400), true);
        ContactPages wecom = new ContactPages() {
            @Override
            public Mono<List<String>> employees() {
                return Mono.just(List.of("a", "b"));
            }

            @Override
            public Mono<Page> page(List<String> employees, String cursor, int limit) {
                return Mono.error(new UnsupportedOperationException());
            }
        };
        BehaviourSource behaviour = (employee, from, to) -> {
            behaviourCalls.incrementAndGet();
            return employee.equals("b") ? Mono.error(new IllegalStateException("WeCom busy")) : Mono.just(Map.of(from,
                    new EmployeeDay.Behaviour(3, 9, 100.0, 5.0, 0, 1, 1)));
        };
        KpiRuns runs = new KpiRuns(new DirectoryFigures(new InMemoryContactDirectory(10), new InMemoryCustomerLinks(clock),
                CHINA, clock), behaviour, wecom, new InMemoryEmployeeRoster(), store, settings, clock);
        return new KpiSchedule(runs, store, settings, clock);
    }

    private KpiProgress finished() {
        await().atMost(WAIT).until(() -> store.progress().block(WAIT).status() != KpiProgress.Status.RUNNING);
        return store.progress().block(WAIT);
    }

    @Test
    void afterTheDailyTimeTheMissingDaysUpToYesterdayAreComputedAndThenNothingIsDue() {
        KpiSchedule schedule = scheduleAt("02:30", null);
        KpiProgress started = schedule.tick().block(WAIT);
        assertThat(started.from()).isEqualTo(TODAY.minusDays(7));
        assertThat(started.to()).isEqualTo(TODAY.minusDays(1));
        assertThat(started.trigger()).isEqualTo("daily");
        KpiProgress done = finished();
        assertThat(done.status()).isEqualTo(KpiProgress.Status.FINISHED);
        assertThat(done.done()).isEqualTo(2);
        // b's statistics could not be read: b's other figures are stored, and the run says so
        assertThat(done.behaviourMissing()).isEqualTo(1);
        assertThat(store.between(TODAY.minusDays(7), TODAY.minusDays(1)).collectList().block(WAIT)).hasSize(14)
                .filteredOn(d -> d.employee().equals("a") && d.day().equals(TODAY.minusDays(7)))
                .singleElement().satisfies(d -> assertThat(d.behaviour().chats()).isEqualTo(3));
        assertThat(store.computed(TODAY.minusDays(7), TODAY).block(WAIT)).hasSize(7);

        assertThat(schedule.tick().blockOptional(WAIT)).isEmpty();
    }

    @Test
    void beforeTheDailyTimeYesterdayIsNotYetDue() {
        KpiSchedule schedule = scheduleAt("01:30", null);
        KpiProgress started = schedule.tick().block(WAIT);
        assertThat(started.to()).isEqualTo(TODAY.minusDays(2));
        finished();
    }

    @Test
    void aDayMissingBetweenComputedOnesIsComputedOnwards() {
        scheduleAt("03:00", null);
        KpiStore kept = store;
        kept.markComputed(TODAY.minusDays(7).datesUntil(TODAY).filter(d -> !d.equals(TODAY.minusDays(3))).toList())
                .block(WAIT);
        KpiSchedule schedule = scheduleAt("03:00", kept);
        KpiProgress started = schedule.tick().block(WAIT);
        assertThat(started.from()).isEqualTo(TODAY.minusDays(3));
        assertThat(started.to()).isEqualTo(TODAY.minusDays(1));
        finished();
        assertThat(kept.computed(TODAY.minusDays(7), TODAY.minusDays(1)).block(WAIT)).hasSize(7);
    }

    @Test
    void whileARunGoesOnATickStartsNothing() {
        KpiSchedule schedule = scheduleAt("02:30", null);
        assertThat(store.claim("another instance", Duration.ofMinutes(5)).block(WAIT)).isTrue();
        assertThat(schedule.tick().blockOptional(WAIT)).isEmpty();
        assertThat(behaviourCalls.get()).isZero();
        assertThat(store.computed(TODAY.minusDays(7), TODAY).block(WAIT)).isEqualTo(Set.of());
    }
}
