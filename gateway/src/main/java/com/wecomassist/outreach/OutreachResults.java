package com.wecomassist.outreach;

import com.wecomassist.abtest.AbTest;
import com.wecomassist.abtest.Interval;
import com.wecomassist.strategy.Strategy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A strategy's test as the operations team and the summary read it: per arm, the customers at
 * each step (assigned, sent, confirmed, delivered, replied, converted, churned), the conversion rate with
 * its interval, the lift against control with its interval, and the test's verdict ({@link AbTest}).
 * Conversion is per customer assigned (intent to treat), so the control group's rate is what happens
 * without a message. The same read day by day ({@link #series}) shows the test converging.
 */
public class OutreachResults {

    /** One arm's figures. */
    public record ArmFigures(String arm, boolean control, Map<Outcome, Long> counts, double conversionRate,
                             double[] ci95, Double liftVsControl, double[] liftCi95, AbTest.ArmStatus status) {
    }

    /**
     * The test read.
     *
     * @param state  {@link AbTest.State}: NOT_ENOUGH_DATA, NO_WINNER_YET, WINNER or CONTROL_BEST
     * @param metric what the rates are: {@link Metric#CONVERSION} (an outreach strategy), {@link Metric#RETENTION}
     *               (a churn warning: the customers assigned who did not remove their employee within churnDays)
     * @param liftConfidence the confidence of each lift interval (the test's 95 % spread over its comparisons)
     */
    public record Results(String strategyId, String testId, AbTest.State state, String winner, Metric metric,
                          List<ArmFigures> arms, double liftConfidence) {
    }

    /**
     * What an arm's rate counts, per customer assigned: an outreach strategy's 转化; a churn warning's 留存 (not
     * 流失), so that for both the better arm has the higher rate and one decision rule reads both.
     */
    public enum Metric { CONVERSION, RETENTION }

    /**
     * One arm on one day: the rate, the lift and their intervals, and the status are {@link ArmFigures}'
     * of the cumulative counts (the test as it read at the end of that day).
     *
     * @param counts     the customers who reached each outcome that day
     * @param cumulative the customers who reached each outcome up to the end of that day, since the test began
     */
    public record ArmDay(String arm, boolean control, Map<Outcome, Long> counts, Map<Outcome, Long> cumulative,
                         double conversionRate, double[] ci95, Double liftVsControl, double[] liftCi95,
                         AbTest.ArmStatus status) {
    }

    /** The test as it read at the end of a day: {@link Results} of the counts up to then. */
    public record Day(LocalDate day, AbTest.State state, String winner, List<ArmDay> arms) {
    }

    /**
     * The test day by day from {@code from} to {@code to} (the bank's days), each read as {@link #of} reads
     * it now; the last day's figures are {@link #of}'s when nothing was counted after it.
     *
     * @param today the bank's day when it was read
     */
    public record Series(String strategyId, String testId, Metric metric, LocalDate from, LocalDate to, LocalDate today,
                         double liftConfidence, List<Day> days) {
    }

    private final OutreachLedger ledger;
    private final AbTest.Rules rules;

    public OutreachResults(OutreachLedger ledger, AbTest.Rules rules) {
        this.ledger = ledger;
        this.rules = rules;
    }

    /** The results of the strategy's current test (its arms as written); arms nobody is in yet count 0. */
    public Mono<Results> of(Strategy strategy) {
        String testId = OutreachPlanner.testId(strategy);
        return ledger.counts(testId).map(counts -> read(strategy, testId, counts));
    }

    /**
     * The strategy's current test at the end of each day from {@code from} to {@code to} ({@code today} the
     * bank's day now, on or after {@code to}; {@code from} within the ledger's {@link OutreachLedger#DAYS_KEPT}).
     *
     * <p>The counts up to a day are the totals minus the days after it, not the days since the test began
     * added up: so the last day agrees with {@link #of} by construction (the same totals), a range may start
     * anywhere in a long test (the days before {@code from} are never read), and the test's first day need
     * not be known (an event may be dated before the strategy was published). The totals and the days are
     * read in one step, so nothing marked meanwhile makes a day's counts wrong.
     */
    public Mono<Series> series(Strategy strategy, LocalDate from, LocalDate to, LocalDate today) {
        String testId = OutreachPlanner.testId(strategy);
        LocalDate last = to.isAfter(today) ? to : today;
        return ledger.daily(testId, from, last).map(read -> {
            Map<LocalDate, Map<String, Map<Outcome, Long>>> upTo = new HashMap<>();
            Map<String, Map<Outcome, Long>> running = mutableCopy(read.totals());
            for (LocalDate day = last; !day.isBefore(from); day = day.minusDays(1)) {
                if (!day.isAfter(to)) {
                    upTo.put(day, mutableCopy(running));
                }
                read.days().getOrDefault(day, Map.of()).forEach((arm, counts) -> counts.forEach((outcome, n) ->
                        running.computeIfAbsent(arm, a -> new EnumMap<>(Outcome.class)).merge(outcome, -n, Long::sum)));
            }
            List<Day> days = new ArrayList<>();
            double liftConfidence = 0;
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                Map<String, Map<Outcome, Long>> thatDay = read.days().getOrDefault(day, Map.of());
                Results results = read(strategy, testId, upTo.get(day));
                liftConfidence = results.liftConfidence();
                List<ArmDay> arms = new ArrayList<>();
                for (ArmFigures f : results.arms()) {
                    arms.add(new ArmDay(f.arm(), f.control(), Map.copyOf(thatDay.getOrDefault(f.arm(), Map.of())),
                            f.counts(), f.conversionRate(), f.ci95(), f.liftVsControl(), f.liftCi95(), f.status()));
                }
                days.add(new Day(day, results.state(), results.winner(), arms));
            }
            return new Series(strategy.id(), testId, metric(strategy), from, to, today, liftConfidence, days);
        });
    }

    /** The test read from its counts (per arm, per outcome): what {@link #of} answers of the totals. */
    private Results read(Strategy strategy, String testId, Map<String, Map<Outcome, Long>> counts) {
        Metric metric = metric(strategy);
        if (strategy.arms() == null || strategy.arms().isEmpty()) {
            // a churn warning written before warnings had arms: no test to read
            return new Results(strategy.id(), testId, AbTest.State.NOT_ENOUGH_DATA, null, metric, List.of(), 0.95);
        }
        List<AbTest.ArmCounts> arms = new ArrayList<>();
        for (Strategy.Arm arm : strategy.arms()) {
            Map<Outcome, Long> c = counts.getOrDefault(arm.name(), Map.of());
            long assigned = c.getOrDefault(Outcome.ASSIGNED, 0L);
            long successes = metric == Metric.CONVERSION ? c.getOrDefault(Outcome.CONVERTED, 0L)
                    : assigned - c.getOrDefault(Outcome.CHURNED, 0L);
            arms.add(new AbTest.ArmCounts(arm.name(), arm.isControl(), assigned,
                    Math.max(0, Math.min(successes, assigned))));
        }
        AbTest.Verdict verdict = AbTest.evaluate(arms, rules);
        List<ArmFigures> figures = new ArrayList<>();
        for (AbTest.ArmResult r : verdict.arms()) {
            Interval lift = r.lift();
            figures.add(new ArmFigures(r.arm(), r.control(), withoutNone(counts.getOrDefault(r.arm(), Map.of())),
                    r.rate().estimate(), new double[] {r.rate().low(), r.rate().high()},
                    lift == null ? null : lift.estimate(), lift == null ? null : new double[] {lift.low(), lift.high()},
                    r.status()));
        }
        return new Results(strategy.id(), testId, verdict.state(), verdict.winner(), metric, figures,
                verdict.comparisonConfidence());
    }

    static Metric metric(Strategy strategy) {
        return strategy.kind() == Strategy.Kind.CHURN_WARNING ? Metric.RETENTION : Metric.CONVERSION;
    }

    /** The outcomes some customer reached (an outcome all of whose customers came after a day is not shown on it). */
    private static Map<Outcome, Long> withoutNone(Map<Outcome, Long> counts) {
        Map<Outcome, Long> kept = new EnumMap<>(Outcome.class);
        counts.forEach((outcome, n) -> {
            if (n != 0) {
                kept.put(outcome, n);
            }
        });
        return Map.copyOf(kept);
    }

    private static Map<String, Map<Outcome, Long>> mutableCopy(Map<String, Map<Outcome, Long>> counts) {
        Map<String, Map<Outcome, Long>> copy = new HashMap<>();
        counts.forEach((arm, c) -> {
            Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
            outcomes.putAll(c);
            copy.put(arm, outcomes);
        });
        return copy;
    }
}
