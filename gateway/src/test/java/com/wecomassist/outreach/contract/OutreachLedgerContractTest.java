package com.wecomassist.outreach.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.outreach.OpenTask;
import com.wecomassist.outreach.Outcome;
import com.wecomassist.outreach.OutreachLedger;
import com.wecomassist.outreach.OutreachPlanner;
import com.wecomassist.outreach.memory.InMemoryOutreachLedger;
import com.wecomassist.outreach.redis.RedisOutreachLedger;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The outreach ledger's contract, for the in-memory and the Redis adapter. */
class OutreachLedgerContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = LocalDateTime.parse("2026-12-07T12:00").atZone(CHINA).toInstant();

    abstract static class Contract {

        abstract OutreachLedger ledger();

        final String test = "t-" + UUID.randomUUID();

        @Test
        void theFirstAssignmentIsKeptAndCountedOnce() {
            OutreachLedger ledger = ledger();
            assertThat(ledger.armOf(test, "wm1").blockOptional(WAIT)).isEmpty();
            assertThat(ledger.assign(test, "wm1", "a", NOW).block(WAIT)).isEqualTo("a");
            assertThat(ledger.assign(test, "wm1", "b", NOW).block(WAIT)).isEqualTo("a");
            assertThat(ledger.armOf(test, "wm1").block(WAIT)).isEqualTo("a");
            ledger.assign(test, "wm2", "control", NOW).block(WAIT);
            assertThat(ledger.counts(test).block(WAIT)).isEqualTo(Map.of(
                    "a", Map.of(Outcome.ASSIGNED, 1L), "control", Map.of(Outcome.ASSIGNED, 1L)));
        }

        @Test
        void ofManyInstancesAssigningAtOnceOneArmIsKept() {
            OutreachLedger ledger = ledger();
            List<String> kept = Flux.range(0, 16).flatMap(i -> ledger.assign(test, "hot", i % 2 == 0 ? "a" : "b", NOW))
                    .collectList().block(WAIT);
            assertThat(kept).containsOnly(kept.get(0));
            assertThat(ledger.counts(test).block(WAIT).get(kept.get(0))).isEqualTo(Map.of(Outcome.ASSIGNED, 1L));
        }

        @Test
        void anOutcomeCountsOncePerCustomerForTheirArm() {
            OutreachLedger ledger = ledger();
            ledger.assign(test, "wm1", "a", NOW).block(WAIT);
            ledger.assign(test, "wm2", "a", NOW).block(WAIT);
            assertThat(ledger.mark(test, "wm1", Outcome.DELIVERED, NOW).block(WAIT)).isTrue();
            assertThat(ledger.mark(test, "wm1", Outcome.DELIVERED, NOW.plusSeconds(5)).block(WAIT)).isFalse();
            assertThat(ledger.mark(test, "wm2", Outcome.DELIVERED, NOW).block(WAIT)).isTrue();
            assertThat(ledger.mark(test, "wm2", Outcome.CONVERTED, NOW.plusSeconds(60)).block(WAIT)).isTrue();
            assertThat(ledger.mark(test, "never-assigned", Outcome.CONVERTED, NOW).block(WAIT)).isFalse();
            assertThat(ledger.markedAt(test, "wm1", Outcome.DELIVERED).block(WAIT)).isEqualTo(NOW);
            assertThat(ledger.markedAt(test, "wm1", Outcome.CONVERTED).blockOptional(WAIT)).isEmpty();
            assertThat(ledger.counts(test).block(WAIT)).isEqualTo(Map.of("a", Map.of(Outcome.ASSIGNED, 2L,
                    Outcome.DELIVERED, 2L, Outcome.CONVERTED, 1L)));
        }

        @Test
        void eachOutcomeCountsUnderItsDayInTheBanksZoneOnceAndTheDaysAddUpToTheTotals() {
            OutreachLedger ledger = ledger();
            // 23:30 and 00:30 in Shanghai: both 6 December in UTC, two days in the bank's zone
            Instant lateOnThe6th = LocalDateTime.parse("2026-12-06T23:30").atZone(CHINA).toInstant();
            Instant earlyOnThe7th = LocalDateTime.parse("2026-12-07T00:30").atZone(CHINA).toInstant();
            ledger.assign(test, "wm1", "a", lateOnThe6th).block(WAIT);
            ledger.assign(test, "wm2", "a", earlyOnThe7th).block(WAIT);
            ledger.assign(test, "wm3", "control", earlyOnThe7th).block(WAIT);
            ledger.assign(test, "wm1", "b", NOW.plus(Duration.ofDays(1))).block(WAIT); // kept in a: not counted again
            ledger.mark(test, "wm1", Outcome.SENT, earlyOnThe7th).block(WAIT);
            ledger.mark(test, "wm1", Outcome.SENT, NOW.plus(Duration.ofDays(2))).block(WAIT); // once
            ledger.mark(test, "wm1", Outcome.CONVERTED, NOW.plus(Duration.ofDays(2))).block(WAIT);
            ledger.mark(test, "wm3", Outcome.CONVERTED, NOW.plus(Duration.ofDays(2))).block(WAIT);
            ledger.mark(test, "never-assigned", Outcome.CONVERTED, NOW).block(WAIT);

            LocalDate sixth = LocalDate.parse("2026-12-06");
            OutreachLedger.DailyCounts read = ledger.daily(test, sixth.minusDays(3), sixth.plusDays(10)).block(WAIT);
            assertThat(read.days()).isEqualTo(Map.of(
                    sixth, Map.of("a", Map.of(Outcome.ASSIGNED, 1L)),
                    sixth.plusDays(1), Map.of("a", Map.of(Outcome.ASSIGNED, 1L, Outcome.SENT, 1L),
                            "control", Map.of(Outcome.ASSIGNED, 1L)),
                    sixth.plusDays(3), Map.of("a", Map.of(Outcome.CONVERTED, 1L),
                            "control", Map.of(Outcome.CONVERTED, 1L))));
            assertThat(read.days().firstKey()).isEqualTo(sixth);
            Map<String, Map<Outcome, Long>> counts = ledger.counts(test).block(WAIT);
            assertThat(read.totals()).isEqualTo(counts);
            assertThat(added(read)).isEqualTo(counts);

            // a range leaves out the days outside it, not the totals
            OutreachLedger.DailyCounts seventh = ledger.daily(test, sixth.plusDays(1), sixth.plusDays(1)).block(WAIT);
            assertThat(seventh.days().keySet()).containsExactly(sixth.plusDays(1));
            assertThat(seventh.totals()).isEqualTo(counts);
            assertThat(ledger.daily("t-nobody-" + UUID.randomUUID(), sixth, sixth).block(WAIT))
                    .isEqualTo(new OutreachLedger.DailyCounts(Map.of(), new TreeMap<>()));
        }

        @Test
        void ofManyInstancesMarkingAtOnceTheDaysStillAddUpToTheTotals() {
            OutreachLedger ledger = ledger();
            Flux.range(0, 60).flatMap(i -> {
                Instant at = NOW.plus(Duration.ofHours(7L * i));
                String customer = "wm" + (i % 20);
                return ledger.assign(test, customer, i % 2 == 0 ? "a" : "control", at)
                        .then(ledger.mark(test, customer, Outcome.values()[1 + i % 6], at.plusSeconds(60)));
            }, 16).blockLast(WAIT);
            OutreachLedger.DailyCounts read = ledger.daily(test, LocalDate.parse("2026-12-01"),
                    LocalDate.parse("2027-01-31")).block(WAIT);
            assertThat(read.totals().values().stream().mapToLong(c -> c.get(Outcome.ASSIGNED)).sum()).isEqualTo(20);
            assertThat(read.days().size()).isGreaterThan(5);
            assertThat(added(read)).isEqualTo(read.totals()).isEqualTo(ledger.counts(test).block(WAIT));
        }

        @Test
        void openTasksAreKeptOldestFirstReplacedAndClosed() {
            OutreachLedger ledger = ledger();
            OpenTask later = new OpenTask("m2-" + test, test, "s", "wm2", "zhangwei", NOW.plusSeconds(10),
                    NOW.plus(Duration.ofHours(48)), null);
            OpenTask first = new OpenTask("m1-" + test, test, "s", "wm1", "zhangwei", NOW, NOW.plus(Duration.ofHours(48)), null);
            ledger.openTask(later).block(WAIT);
            ledger.openTask(first).block(WAIT);
            ledger.openTask(first.withReminded(NOW.plusSeconds(60))).block(WAIT);
            List<OpenTask> mine = ledger.openTasks(1000).filter(t -> t.testId().equals(test)).collectList().block(WAIT);
            assertThat(mine).containsExactly(first.withReminded(NOW.plusSeconds(60)), later);
            ledger.closeTask(first.msgid()).block(WAIT);
            assertThat(ledger.openTasks(1000).filter(t -> t.testId().equals(test)).collectList().block(WAIT))
                    .containsExactly(later);
        }

        @Test
        void theFollowUpLeaseIsHeldByOneInstance() {
            OutreachLedger ledger = ledger();
            assertThat(ledger.lease("one", Duration.ofMinutes(1)).block(WAIT)).isTrue();
            assertThat(ledger.lease("two", Duration.ofMinutes(1)).block(WAIT)).isFalse();
            assertThat(ledger.lease("one", Duration.ofMinutes(1)).block(WAIT)).isTrue();
        }

        @Test
        void ofManyInstancesReservingForOneCustomerAtOnceOnlyTheCapPasses() {
            OutreachLedger ledger = ledger();
            String customer = "wm-" + UUID.randomUUID();
            List<String> taken = Flux.range(0, 16)
                    .flatMap(i -> ledger.reserve(customer, "s1", true, 1, 4, NOW, CHINA))
                    .collectList().block(WAIT);
            assertThat(taken).hasSize(1);
            assertThat(ledger.history(customer, "s1", NOW, CHINA).block(WAIT).sentThisWeekByStrategy()).isEqualTo(1);
            // taken back (no task came of it): the cap is free again
            ledger.unsend(customer, taken.get(0)).block(WAIT);
            assertThat(ledger.reserve(customer, "s1", true, 1, 4, NOW, CHINA).blockOptional(WAIT)).isPresent();
        }

        @Test
        void wecomsMonthlyLimitHoldsAcrossStrategiesAndANewMonthFreesIt() {
            OutreachLedger ledger = ledger();
            String customer = "wm-" + UUID.randomUUID();
            for (int i = 0; i < 4; i++) {
                assertThat(ledger.reserve(customer, "s" + i, true, 1, 4, NOW, CHINA).blockOptional(WAIT)).isPresent();
            }
            assertThat(ledger.reserve(customer, "s9", true, 1, 4, NOW, CHINA).blockOptional(WAIT)).isEmpty();
            Instant nextMonth = LocalDateTime.parse("2027-01-01T09:00").atZone(CHINA).toInstant();
            assertThat(ledger.reserve(customer, "s9", true, 1, 4, nextMonth, CHINA).blockOptional(WAIT)).isPresent();
        }

        @Test
        void aKfReplyKeepsTheWeeklyCapButNotWecomsMonthlyLimit() {
            OutreachLedger ledger = ledger();
            String customer = "wm-" + UUID.randomUUID();
            for (int i = 0; i < 4; i++) {
                assertThat(ledger.reserve(customer, "s" + i, true, 1, 4, NOW, CHINA).blockOptional(WAIT)).isPresent();
            }
            // a 微信客服 reply is not an enterprise message: the month's four do not hold it back …
            assertThat(ledger.reserve(customer, "k1", false, 1, Integer.MAX_VALUE, NOW, CHINA).blockOptional(WAIT))
                    .isPresent();
            // … but it counts for its strategy's week, and not for the month's enterprise messages
            assertThat(ledger.reserve(customer, "k1", false, 1, Integer.MAX_VALUE, NOW, CHINA).blockOptional(WAIT))
                    .isEmpty();
            OutreachPlanner.History h = ledger.history(customer, "k1", NOW, CHINA).block(WAIT);
            assertThat(h.sentThisWeekByStrategy()).isEqualTo(1);
            assertThat(h.enterpriseThisMonth()).isEqualTo(4);
        }

        @Test
        void theHistoryCountsThisStrategysWeekAndTheNaturalMonthsEnterpriseMessages() {
            OutreachLedger ledger = ledger();
            String customer = "wm-" + UUID.randomUUID();
            Instant lastMonth = LocalDateTime.parse("2026-11-29T08:00").atZone(CHINA).toInstant();
            ledger.sent(customer, "s1", true, lastMonth).block(WAIT);
            ledger.sent(customer, "s1", true, NOW.minus(Duration.ofDays(3))).block(WAIT);
            ledger.sent(customer, "s2", true, NOW.minus(Duration.ofDays(1))).block(WAIT);
            ledger.sent(customer, "s1", false, NOW.minus(Duration.ofHours(2))).block(WAIT);
            OutreachPlanner.History s1 = ledger.history(customer, "s1", NOW, CHINA).block(WAIT);
            assertThat(s1.lastContacted()).isEqualTo(NOW.minus(Duration.ofHours(2)));
            assertThat(s1.sentThisWeekByStrategy()).isEqualTo(2);
            assertThat(s1.enterpriseThisMonth()).as("December's enterprise messages; 微信客服 ones do not count").isEqualTo(2);
            assertThat(ledger.history("nobody", "s1", NOW, CHINA).block(WAIT))
                    .isEqualTo(OutreachPlanner.History.NONE);
        }
    }

    /** The days' counts added up per arm and outcome. */
    static Map<String, Map<Outcome, Long>> added(OutreachLedger.DailyCounts read) {
        Map<String, Map<Outcome, Long>> sum = new TreeMap<>();
        read.days().values().forEach(arms -> arms.forEach((arm, c) -> c.forEach((outcome, n) ->
                sum.computeIfAbsent(arm, a -> new EnumMap<>(Outcome.class)).merge(outcome, n, Long::sum))));
        return sum;
    }

    @Nested
    class InMemory extends Contract {
        final OutreachLedger ledger = new InMemoryOutreachLedger();

        @Override
        OutreachLedger ledger() {
            return ledger;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final OutreachLedger ledger = new RedisOutreachLedger(RedisTestServer.template(), prefix, CHINA);

        @Override
        OutreachLedger ledger() {
            return ledger;
        }

        @Test
        void aDaysCountsAreKeptFourHundredDays() {
            ledger.assign(test, "wm1", "a", NOW).block(WAIT);
            Duration left = RedisTestServer.template().getExpire(prefix + "outreach:daily:" + test + ":2026-12-07")
                    .block(WAIT);
            assertThat(left).isBetween(Duration.ofDays(399), Duration.ofDays(400));
        }
    }
}
