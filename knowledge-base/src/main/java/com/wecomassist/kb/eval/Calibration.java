package com.wecomassist.kb.eval;

import com.wecomassist.kb.search.ConfidenceModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits the confidence model to evaluation outcomes, and measures calibration honestly by
 * cross-fitting: each query's confidence comes from a model fitted on the other folds only.
 */
public final class Calibration {

    private static final double RIDGE = 1.0;

    private Calibration() {
    }

    /**
     * Fits a confidence model on all outcomes (to ship as the default, or for a bank's own KB): the
     * logistic stage on every outcome, then the isotonic stage on logistic outputs cross-fitted over
     * five folds, so the map learns how the logistic model errs on questions it has not seen.
     */
    public static ConfidenceModel fit(List<QueryOutcome> outcomes) {
        double[] weights = logistic(outcomes);
        int[] foldOf = Evaluation.assignFolds(outcomes.size(), 5);
        double[] raw = new double[outcomes.size()];
        for (int f = 0; f < 5; f++) {
            List<QueryOutcome> train = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (foldOf[i] != f) {
                    train.add(outcomes.get(i));
                }
            }
            ConfidenceModel m = new ConfidenceModel(logistic(train));
            for (int i = 0; i < outcomes.size(); i++) {
                if (foldOf[i] == f) {
                    raw[i] = m.raw(outcomes.get(i).features());
                }
            }
        }
        double[][] knots = isotonic(raw, outcomes);
        return new ConfidenceModel(weights, knots[0], knots[1]);
    }

    private static double[] logistic(List<QueryOutcome> outcomes) {
        List<double[]> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (QueryOutcome o : outcomes) {
            x.add(o.features().vector());
            y.add(o.correct());
        }
        return LogisticFit.fit(x, y, RIDGE);
    }

    /**
     * Pool-adjacent-violators: the non-decreasing step function closest to the labels, as knots at
     * each block's mean score. Block rates are smoothed (one right and one wrong answer added) so a
     * small top block cannot claim certainty.
     */
    static double[][] isotonic(double[] raw, List<QueryOutcome> outcomes) {
        Integer[] order = new Integer[raw.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> raw[i]));
        List<double[]> blocks = new ArrayList<>(); // {sumX, sumY, count}
        for (int idx : order) {
            blocks.add(new double[] {raw[idx], outcomes.get(idx).correct() ? 1 : 0, 1});
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1);
                double[] prev = blocks.get(blocks.size() - 2);
                if (prev[1] / prev[2] < last[1] / last[2]) {
                    break;
                }
                prev[0] += last[0];
                prev[1] += last[1];
                prev[2] += last[2];
                blocks.remove(blocks.size() - 1);
            }
        }
        List<double[]> knots = new ArrayList<>();
        for (double[] b : blocks) {
            double x = b[0] / b[2];
            double y = (b[1] + 1) / (b[2] + 2);
            if (!knots.isEmpty() && x <= knots.get(knots.size() - 1)[0]) {
                continue;
            }
            if (!knots.isEmpty() && y < knots.get(knots.size() - 1)[1]) {
                y = knots.get(knots.size() - 1)[1];
            }
            knots.add(new double[] {x, y});
        }
        double[][] out = new double[2][knots.size()];
        for (int i = 0; i < knots.size(); i++) {
            out[0][i] = knots.get(i)[0];
            out[1][i] = knots.get(i)[1];
        }
        return out;
    }

    /** Confidence per outcome from models fitted on the other folds. */
    public static double[] crossFitted(List<QueryOutcome> outcomes, int folds) {
        int[] foldOf = Evaluation.assignFolds(outcomes.size(), folds);
        double[] out = new double[outcomes.size()];
        for (int f = 0; f < folds; f++) {
            List<QueryOutcome> train = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (foldOf[i] != f) {
                    train.add(outcomes.get(i));
                }
            }
            ConfidenceModel m = fit(train);
            for (int i = 0; i < outcomes.size(); i++) {
                if (foldOf[i] == f) {
                    out[i] = m.probability(outcomes.get(i).features());
                }
            }
        }
        return out;
    }
}
