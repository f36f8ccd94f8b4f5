package com.wecomassist.kb.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of one evaluation run.
 *
 * @param autoSendCurve for each threshold 0.50…0.99: share of queries whose confidence reaches it
 *                      (coverage) and the share of those answered correctly (precision)
 * @param calibration   reliability bins: mean confidence vs observed accuracy
 * @param policy        the answer policy simulated over the same questions (null when not simulated)
 */
public record EvalSummary(String mode, int queries, double accuracyAt1, double hitAt3, double hitAt5, double mrr,
        double latencyMsP50, double latencyMsP99, List<CurvePoint> autoSendCurve, List<CalibrationBin> calibration,
        PolicySimulation.Split policy) {

    /** One threshold of the auto-send curve. */
    public record CurvePoint(double threshold, double coverage, double precision, int sent) {
    }

    /** One reliability bin. */
    public record CalibrationBin(double from, double to, int count, double meanConfidence, double accuracy) {
    }

    public static EvalSummary of(String mode, List<QueryOutcome> outcomes) {
        return of(mode, outcomes, outcomes.stream().mapToDouble(QueryOutcome::confidence).toArray());
    }

    /** Summary with the given confidences (e.g. cross-fitted ones) in place of the outcomes' own. */
    public static EvalSummary of(String mode, List<QueryOutcome> outcomes, double[] confidence) {
        int n = outcomes.size();
        int at1 = 0;
        int at3 = 0;
        int at5 = 0;
        double rr = 0;
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            QueryOutcome o = outcomes.get(i);
            int r = o.rank();
            at1 += r == 1 ? 1 : 0;
            at3 += r >= 1 && r <= 3 ? 1 : 0;
            at5 += r >= 1 && r <= 5 ? 1 : 0;
            rr += r >= 1 ? 1.0 / r : 0;
            ms[i] = o.nanos() / 1e6;
        }
        Arrays.sort(ms);
        List<CurvePoint> curve = new ArrayList<>();
        for (int t = 50; t <= 99; t++) {
            double th = t / 100.0;
            int sent = 0;
            int right = 0;
            for (int i = 0; i < n; i++) {
                if (confidence[i] >= th) {
                    sent++;
                    right += outcomes.get(i).correct() ? 1 : 0;
                }
            }
            curve.add(new CurvePoint(th, n == 0 ? 0 : (double) sent / n, sent == 0 ? 1 : (double) right / sent, sent));
        }
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            right[i] = outcomes.get(i).correct();
        }
        List<CalibrationBin> bins = reliability(confidence, right);
        return new EvalSummary(mode, n, ratio(at1, n), ratio(at3, n), ratio(at5, n), n == 0 ? 0 : rr / n,
                percentile(ms, 0.50), percentile(ms, 0.99), curve, bins, null);
    }

    /** Reliability bins 0.0–0.1 … 0.9–1.0: mean stated probability against the observed rate of {@code right}. */
    static List<CalibrationBin> reliability(double[] probability, boolean[] right) {
        List<CalibrationBin> bins = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            double from = b / 10.0;
            double to = (b + 1) / 10.0;
            int count = 0;
            double sum = 0;
            int hits = 0;
            for (int i = 0; i < probability.length; i++) {
                double c = probability[i];
                if (c >= from && (c < to || (b == 9 && c <= 1))) {
                    count++;
                    sum += c;
                    hits += right[i] ? 1 : 0;
                }
            }
            bins.add(new CalibrationBin(from, to, count, count == 0 ? 0 : sum / count, count == 0 ? 0 : (double) hits / count));
        }
        return bins;
    }

    /** This summary with the answer policy's split. */
    public EvalSummary withPolicy(PolicySimulation.Split split) {
        return new EvalSummary(mode, queries, accuracyAt1, hitAt3, hitAt5, mrr, latencyMsP50, latencyMsP99, autoSendCurve,
                calibration, split);
    }

    public CurvePoint at(double threshold) {
        return autoSendCurve.stream().filter(p -> Math.abs(p.threshold() - threshold) < 1e-9).findFirst()
                .orElseThrow();
    }

    private static double ratio(int a, int n) {
        return n == 0 ? 0 : (double) a / n;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
