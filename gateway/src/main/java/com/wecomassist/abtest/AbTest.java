package com.wecomassist.abtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads an A/B test with a control group: which arm, if any, converts better — decided only when the
 * figures say so.
 *
 * <p>Rates are conversions per customer assigned (intent to treat: a customer in an arm counts whether or
 * not the message reached them, so an arm cannot look better by reaching only the eager; the control
 * group gets nothing). Each arm's rate has its Wilson interval at the test's confidence. Every comparison
 * — each arm against control, and the arms against each other — is a Newcombe interval of the
 * difference at a Bonferroni-adjusted confidence, so that all of them together hold at the test's
 * confidence: with three arms and a control, 95 % overall is 99.17 % each, and equal arms are called
 * different at most 5 % of the time however many comparisons there are.
 *
 * <p>The decision: before every arm has {@link Rules#minPerArm} customers, nothing is decided
 * ({@link State#NOT_ENOUGH_DATA}). After, an arm whose difference to the best arm is below zero all the
 * way is {@link ArmStatus#STOPPED} (clearly worse: stop sending it), one below control all the way is
 * {@link ArmStatus#WORSE_THAN_CONTROL}; the best arm is the {@link State#WINNER} when it beats control
 * and every other arm is stopped or worse than control. Otherwise {@link State#NO_WINNER_YET}, or
 * {@link State#CONTROL_BEST} when every arm does worse than sending nothing.
 */
public final class AbTest {

    private AbTest() {
    }

    /** How a test is read. */
    public record Rules(double confidence, long minPerArm) {

        public static final Rules DEFAULT = new Rules(0.95, 200);

        public Rules {
            Interval.z(confidence); // refuses a level outside (0, 1)
            if (minPerArm < 1) {
                throw new IllegalArgumentException("min-per-arm is at least 1");
            }
        }
    }

    /** One arm's customers so far. */
    public record ArmCounts(String arm, boolean control, long assigned, long converted) {

        public ArmCounts {
            if (assigned < 0 || converted < 0 || converted > assigned) {
                throw new IllegalArgumentException("arm " + arm + ": converted must be between 0 and assigned");
            }
        }
    }

    public enum State { NOT_ENOUGH_DATA, NO_WINNER_YET, WINNER, CONTROL_BEST }

    public enum ArmStatus { CONTROL, WINNER, BETTER_THAN_CONTROL, NO_DIFFERENCE_YET, WORSE_THAN_CONTROL, STOPPED }

    /**
     * One arm read.
     *
     * @param rate  conversions per customer assigned, with its Wilson interval at the test's confidence
     * @param lift  the rate minus control's, with its interval at the adjusted confidence; null for control
     */
    public record ArmResult(String arm, boolean control, long assigned, long converted, Interval rate, Interval lift,
                            ArmStatus status) {
    }

    /**
     * The test read.
     *
     * @param winner             the winning arm, or null
     * @param comparisonConfidence the confidence of each comparison (Bonferroni: the test's spread over them)
     */
    public record Verdict(State state, String winner, List<ArmResult> arms, double confidence,
                          double comparisonConfidence, int comparisons) {
    }

    /** Reads the test; exactly one arm is the control, at least one is not. */
    public static Verdict evaluate(List<ArmCounts> counts, Rules rules) {
        List<ArmCounts> controls = counts.stream().filter(ArmCounts::control).toList();
        List<ArmCounts> arms = counts.stream().filter(a -> !a.control()).toList();
        if (controls.size() != 1 || arms.isEmpty()) {
            throw new IllegalArgumentException("a test has exactly one control arm and at least one other arm");
        }
        ArmCounts control = controls.get(0);
        int t = arms.size();
        int comparisons = t + t * (t - 1) / 2;
        double each = 1 - (1 - rules.confidence()) / comparisons;
        boolean enough = counts.stream().allMatch(a -> a.assigned() >= rules.minPerArm());
        ArmCounts best = arms.stream().max(Comparator.comparingDouble(AbTest::rate)).orElseThrow();

        List<ArmResult> results = new ArrayList<>();
        results.add(new ArmResult(control.arm(), true, control.assigned(), control.converted(),
                Interval.wilson(control.converted(), control.assigned(), rules.confidence()), null, ArmStatus.CONTROL));
        boolean othersOut = true;
        boolean allWorse = true;
        ArmResult bestResult = null;
        for (ArmCounts arm : arms) {
            Interval lift = Interval.difference(arm.converted(), arm.assigned(), control.converted(), control.assigned(),
                    each);
            ArmStatus status = ArmStatus.NO_DIFFERENCE_YET;
            if (enough) {
                boolean worseThanBest = arm != best && Interval.difference(arm.converted(), arm.assigned(),
                        best.converted(), best.assigned(), each).below(0);
                if (lift.below(0)) {
                    status = ArmStatus.WORSE_THAN_CONTROL;
                } else if (worseThanBest) {
                    status = ArmStatus.STOPPED;
                } else if (lift.above(0)) {
                    status = ArmStatus.BETTER_THAN_CONTROL;
                }
                if (arm != best && status != ArmStatus.STOPPED && status != ArmStatus.WORSE_THAN_CONTROL) {
                    othersOut = false;
                }
                allWorse &= status == ArmStatus.WORSE_THAN_CONTROL;
            }
            ArmResult result = new ArmResult(arm.arm(), false, arm.assigned(), arm.converted(),
                    Interval.wilson(arm.converted(), arm.assigned(), rules.confidence()), lift, status);
            results.add(result);
            if (arm == best) {
                bestResult = result;
            }
        }
        if (!enough) {
            return new Verdict(State.NOT_ENOUGH_DATA, null, results, rules.confidence(), each, comparisons);
        }
        if (allWorse) {
            return new Verdict(State.CONTROL_BEST, null, results, rules.confidence(), each, comparisons);
        }
        if (bestResult.status() == ArmStatus.BETTER_THAN_CONTROL && othersOut) {
            ArmResult winner = new ArmResult(bestResult.arm(), false, bestResult.assigned(), bestResult.converted(),
                    bestResult.rate(), bestResult.lift(), ArmStatus.WINNER);
            results.set(results.indexOf(bestResult), winner);
            return new Verdict(State.WINNER, winner.arm(), results, rules.confidence(), each, comparisons);
        }
        return new Verdict(State.NO_WINNER_YET, null, results, rules.confidence(), each, comparisons);
    }

    private static double rate(ArmCounts a) {
        return a.assigned() == 0 ? 0 : (double) a.converted() / a.assigned();
    }
}
