package com.wecomassist.outreach;

import com.wecomassist.abtest.AbTest;
import com.wecomassist.abtest.Interval;
import com.wecomassist.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A strategy's test as the operations team and the summary read it: per arm, the customers at
 * each step (assigned, sent, confirmed, delivered, replied, converted, churned), the conversion rate with
 * its interval, the lift against control with its interval, and the test's verdict ({@link AbTest}).
 * Conversion is per customer assigned (intent to treat), so the control group's rate is what happens
 * without a message.
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
     * @param liftConfidence the confidence of each lift interval (the test's 95 % spread over its comparisons)
     */
    public record Results(String strategyId, String testId, AbTest.State state, String winner, List<ArmFigures> arms,
                          double liftConfidence) {
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
        return ledger.counts(testId).map(counts -> {
            List<AbTest.ArmCounts> arms = new ArrayList<>();
            for (Strategy.Arm arm : strategy.arms()) {
                Map<Outcome, Long> c = counts.getOrDefault(arm.name(), Map.of());
                arms.add(new AbTest.ArmCounts(arm.name(), arm.isControl(), c.getOrDefault(Outcome.ASSIGNED, 0L),
                        Math.min(c.getOrDefault(Outcome.CONVERTED, 0L), c.getOrDefault(Outcome.ASSIGNED, 0L))));
            }
            AbTest.Verdict verdict = AbTest.evaluate(arms, rules);
            List<ArmFigures> figures = new ArrayList<>();
            for (AbTest.ArmResult r : verdict.arms()) {
                Interval lift = r.lift();
                figures.add(new ArmFigures(r.arm(), r.control(), Map.copyOf(counts.getOrDefault(r.arm(), Map.of())),
                        r.rate().estimate(), new double[] {r.rate().low(), r.rate().high()},
                        lift == null ? null : lift.estimate(), lift == null ? null : new double[] {lift.low(), lift.high()},
                        r.status()));
            }
            return new Results(strategy.id(), testId, verdict.state(), verdict.winner(), figures,
                    verdict.comparisonConfidence());
        });
    }
}
