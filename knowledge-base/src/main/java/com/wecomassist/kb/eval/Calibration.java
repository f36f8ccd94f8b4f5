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

    /** Fits a confidence model on all outcomes (to ship as the default, or to load for a bank's own KB). */
    public static ConfidenceModel fit(List<QueryOutcome> outcomes) {
        List<double[]> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (QueryOutcome o : outcomes) {
            x.add(o.features().vector());
            y.add(o.correct());
        }
        return new ConfidenceModel(LogisticFit.fit(x, y, RIDGE));
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
