package com.wecomassist.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.abtest.AbTest;
import com.wecomassist.outreach.memory.InMemoryOutreachLedger;
import com.wecomassist.strategy.Strategy;
import com.wecomassist.strategy.StrategyDesk;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The results read back from the ledger, on planted truths. */
class OutreachResultsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Strategy STRATEGY = StrategyDesk.parse("""
            {"id": "renewal", "name": "到期续作", "kind": "OUTREACH",
             "trigger": {"eventTypes": ["wealth_maturity"]},
             "message": {"template": "{{称呼}}好，您的产品即将到期。"},
             "arms": [{"name": "control", "control": true}, {"name": "a"}, {"name": "b"}],
             "conversion": {"eventType": "purchase", "windowDays": 14}}
            """);

    @Test
    void theArmsFiguresAndTheVerdictComeFromTheLedger() {
        InMemoryOutreachLedger ledger = new InMemoryOutreachLedger();
        OutreachResults results = new OutreachResults(ledger, AbTest.Rules.DEFAULT);
        String test = OutreachPlanner.testId(STRATEGY);
        Random random = new Random(11);
        Instant now = Instant.parse("2026-12-07T04:00:00Z");
        for (int i = 0; i < 30_000; i++) {
            String customer = "wm" + i;
            String arm = OutreachPlanner.arm(STRATEGY, test, customer).name();
            ledger.assign(test, customer, arm, now).block(WAIT);
            double truth = switch (arm) {
                case "a" -> 0.02;
                case "b" -> 0.03;
                default -> 0.01;
            };
            if (!arm.equals("control")) {
                ledger.mark(test, customer, Outcome.SENT, now).block(WAIT);
            }
            if (random.nextDouble() < truth) {
                ledger.mark(test, customer, Outcome.CONVERTED, now).block(WAIT);
            }
        }
        OutreachResults.Results read = results.of(STRATEGY).block(WAIT);
        assertThat(read.state()).isEqualTo(AbTest.State.WINNER);
        assertThat(read.winner()).isEqualTo("b");
        OutreachResults.ArmFigures b = read.arms().stream().filter(a -> a.arm().equals("b")).findFirst().orElseThrow();
        assertThat(b.ci95()[0]).isLessThan(0.03);
        assertThat(b.ci95()[1]).isGreaterThan(0.03);
        assertThat(b.liftCi95()[0]).isLessThan(0.02).isGreaterThan(0);
        assertThat(b.counts().get(Outcome.SENT)).isEqualTo(b.counts().get(Outcome.ASSIGNED));
        OutreachResults.ArmFigures control = read.arms().get(0);
        assertThat(control.control()).isTrue();
        assertThat(control.liftVsControl()).isNull();
        assertThat(control.counts()).doesNotContainKey(Outcome.SENT);
    }

    /** Dec 1 to 7, 100 customers an arm a day: control converts 2 of them, a 5, b 10; the arms get a message. */
    private static InMemoryOutreachLedger aWeekOfTheTest(ZoneId zone) {
        InMemoryOutreachLedger ledger = new InMemoryOutreachLedger(zone);
        String test = OutreachPlanner.testId(STRATEGY);
        for (int d = 1; d <= 7; d++) {
            Instant at = LocalDate.of(2026, 12, d).atTime(10, 0).atZone(zone).toInstant();
            for (String arm : List.of("control", "a", "b")) {
                int converted = switch (arm) {
                    case "a" -> 5;
                    case "b" -> 10;
                    default -> 2;
                };
                for (int i = 0; i < 100; i++) {
                    String customer = "wm-" + d + "-" + arm + "-" + i;
                    ledger.assign(test, customer, arm, at).block(WAIT);
                    if (!arm.equals("control")) {
                        ledger.mark(test, customer, Outcome.SENT, at).block(WAIT);
                    }
                    if (i < converted) {
                        ledger.mark(test, customer, Outcome.CONVERTED, at.plus(Duration.ofHours(2))).block(WAIT);
                    }
                }
            }
        }
        return ledger;
    }

    @Test
    void dayByDayTheCountsUpToEachDayIncludeTheDaysBeforeTheRangeAndTheLastDayIsTheResultsNow() {
        ZoneId china = ZoneId.of("Asia/Shanghai");
        OutreachResults results = new OutreachResults(aWeekOfTheTest(china), AbTest.Rules.DEFAULT);
        LocalDate dec = LocalDate.of(2026, 12, 1);
        OutreachResults.Series series = results.series(STRATEGY, dec.plusDays(3), dec.plusDays(6), dec.plusDays(6))
                .block(WAIT);
        assertThat(series.days()).extracting(OutreachResults.Day::day)
                .containsExactly(dec.plusDays(3), dec.plusDays(4), dec.plusDays(5), dec.plusDays(6));

        // the 4th: that day's 100 an arm, and the 300 of the days before the range too
        OutreachResults.ArmDay b4 = arm(series.days().get(0), "b");
        assertThat(b4.counts()).isEqualTo(Map.of(Outcome.ASSIGNED, 100L, Outcome.SENT, 100L, Outcome.CONVERTED, 10L));
        assertThat(b4.cumulative()).isEqualTo(Map.of(Outcome.ASSIGNED, 400L, Outcome.SENT, 400L, Outcome.CONVERTED, 40L));
        assertThat(b4.conversionRate()).isEqualTo(0.1);
        assertThat(arm(series.days().get(1), "control").cumulative())
                .isEqualTo(Map.of(Outcome.ASSIGNED, 500L, Outcome.CONVERTED, 10L));
        assertThat(arm(series.days().get(1), "control").liftVsControl()).isNull();
        assertThat(arm(series.days().get(1), "a").liftVsControl()).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-9));

        // the last day reads as the results do now: the same rates, intervals, lifts and verdict
        OutreachResults.Results now = results.of(STRATEGY).block(WAIT);
        OutreachResults.Day last = series.days().get(3);
        assertThat(last.state()).isEqualTo(now.state()).isEqualTo(AbTest.State.WINNER);
        assertThat(last.winner()).isEqualTo("b");
        assertThat(series.liftConfidence()).isEqualTo(now.liftConfidence());
        for (OutreachResults.ArmFigures f : now.arms()) {
            OutreachResults.ArmDay d = arm(last, f.arm());
            assertThat(d.cumulative()).isEqualTo(f.counts());
            assertThat(d.conversionRate()).isEqualTo(f.conversionRate());
            assertThat(d.ci95()).isEqualTo(f.ci95());
            assertThat(d.liftVsControl()).isEqualTo(f.liftVsControl());
            assertThat(d.liftCi95()).isEqualTo(f.liftCi95());
            assertThat(d.status()).isEqualTo(f.status());
        }

        // a range ending before today: the days after it are not in its counts
        OutreachResults.Series early = results.series(STRATEGY, dec, dec.plusDays(1), dec.plusDays(6)).block(WAIT);
        assertThat(early.days().get(0).state()).isEqualTo(AbTest.State.NOT_ENOUGH_DATA);
        assertThat(arm(early.days().get(0), "a").cumulative()).containsEntry(Outcome.ASSIGNED, 100L);
        assertThat(arm(early.days().get(1), "a").cumulative()).containsEntry(Outcome.ASSIGNED, 200L)
                .containsEntry(Outcome.CONVERTED, 10L);
        assertThat(arm(early.days().get(1), "b").ci95()[1]).isGreaterThan(b4.ci95()[1]);
    }

    @Test
    void daysBeforeTheTestHaveNobodyAndNoData() {
        OutreachResults results = new OutreachResults(aWeekOfTheTest(ZoneId.of("Asia/Shanghai")), AbTest.Rules.DEFAULT);
        LocalDate nov = LocalDate.of(2026, 11, 29);
        OutreachResults.Series series = results.series(STRATEGY, nov, nov.plusDays(2), nov.plusDays(20)).block(WAIT);
        assertThat(series.days()).hasSize(3);
        assertThat(series.days().get(1).arms()).allSatisfy(a -> {
            assertThat(a.cumulative()).isEmpty();
            assertThat(a.ci95()).containsExactly(0, 1);
        });
        assertThat(arm(series.days().get(2), "control").counts()).containsEntry(Outcome.ASSIGNED, 100L);
    }

    private static OutreachResults.ArmDay arm(OutreachResults.Day day, String name) {
        return day.arms().stream().filter(a -> a.arm().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aTestNobodyIsInYetHasNotEnoughData() {
        OutreachResults results = new OutreachResults(new InMemoryOutreachLedger(), AbTest.Rules.DEFAULT);
        OutreachResults.Results read = results.of(STRATEGY).block(WAIT);
        assertThat(read.state()).isEqualTo(AbTest.State.NOT_ENOUGH_DATA);
        assertThat(read.arms()).hasSize(3).allSatisfy(a -> assertThat(a.conversionRate()).isZero());
    }
}
