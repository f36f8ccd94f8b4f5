package com.wecomassist.kb.eval;

import com.wecomassist.kb.policy.AnswerPolicy;
import com.wecomassist.kb.search.ConfidenceModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Fits the confidence model to evaluation outcomes, and measures calibration honestly by
 * cross-fitting: each query's confidence comes from a model fitted on the other folds only.
 */
public final class Calibration {

    private static final double RIDGE = 1.0;
    /** Ridge penalty on a category's offset: about eight questions of evidence before it moves far from 0. */
    private static final double CATEGORY_RIDGE = 2.0;

    private Calibration() {
    }

    /**
     * Fits a confidence model on all outcomes (to ship as the default, or for a bank's own KB): the
     * logistic stage on every outcome, then the isotonic stage on logistic outputs cross-fitted over
     * five folds, so the map learns how the logistic model errs on questions it has not seen. No
     * per-category offsets (see {@link #fit(List, Predicate, boolean)}).
     */
    public static ConfidenceModel fit(List<QueryOutcome> outcomes) {
        return fit(outcomes, QueryOutcome::correct, false);
    }

    /**
     * Fits the menu confidence model: the same two stages, labelled by whether the expected answer is
     * among the first {@link AnswerPolicy#MENU_ITEMS} (what a 猜你想问 menu offers).
     */
    public static ConfidenceModel fitMenu(List<QueryOutcome> outcomes, boolean perCategory) {
        return fit(outcomes, Calibration::inMenu, perCategory);
    }

    /** What the menu confidence predicts: the expected answer is among the items a menu offers. */
    static boolean inMenu(QueryOutcome o) {
        return o.within(AnswerPolicy.MENU_ITEMS);
    }

    /**
     * The two stages fitted to the given label; with {@code perCategory}, offsets per category of the
     * top answer between them (fitted with the logistic stage, so the isotonic stage sees them too).
     */
    public static ConfidenceModel fit(List<QueryOutcome> outcomes, Predicate<QueryOutcome> label, boolean perCategory) {
        double[] weights = logistic(outcomes, label);
        Map<String, Double> offsets = perCategory ? categoryOffsets(outcomes, label, weights) : Map.of();
        int[] foldOf = Evaluation.assignFolds(outcomes.size(), 5);
        double[] raw = new double[outcomes.size()];
        for (int f = 0; f < 5; f++) {
            List<QueryOutcome> train = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (foldOf[i] != f) {
                    train.add(outcomes.get(i));
                }
            }
            double[] w = logistic(train, label);
            ConfidenceModel m = new ConfidenceModel(w, new double[0], new double[0],
                    perCategory ? categoryOffsets(train, label, w) : Map.of());
            for (int i = 0; i < outcomes.size(); i++) {
                if (foldOf[i] == f) {
                    raw[i] = m.raw(outcomes.get(i).features(), outcomes.get(i).topCategory());
                }
            }
        }
        double[][] knots = isotonic(raw, outcomes, label);
        return new ConfidenceModel(weights, knots[0], knots[1], offsets);
    }

    /**
     * Per category of the top answer, the log-odds offset that best fits its outcomes on top of the
     * logistic stage, with a ridge penalty that keeps categories with few questions near 0 (one
     * Newton solve per category).
     */
    static Map<String, Double> categoryOffsets(List<QueryOutcome> outcomes, Predicate<QueryOutcome> label,
            double[] weights) {
        ConfidenceModel logistic = new ConfidenceModel(weights);
        Map<String, List<double[]>> byCategory = new HashMap<>(); // {logit, label}
        for (QueryOutcome o : outcomes) {
            byCategory.computeIfAbsent(o.topCategory(), c -> new ArrayList<>())
                    .add(new double[] {logistic.logit(o.features()), label.test(o) ? 1 : 0});
        }
        Map<String, Double> out = new HashMap<>();
        byCategory.forEach((category, rows) -> {
            double b = 0;
            for (int iter = 0; iter < 30; iter++) {
                double grad = CATEGORY_RIDGE * b;
                double hess = CATEGORY_RIDGE;
                for (double[] r : rows) {
                    double p = 1 / (1 + Math.exp(-(r[0] + b)));
                    grad += p - r[1];
                    hess += p * (1 - p);
                }
                double step = grad / hess;
                b -= step;
                if (Math.abs(step) < 1e-9) {
                    break;
                }
            }
            if (Math.abs(b) >= 1e-4) {
                out.put(category, Math.round(b * 10000) / 10000.0);
            }
        });
        return out;
    }

    private static double[] logistic(List<QueryOutcome> outcomes, Predicate<QueryOutcome> label) {
        List<double[]> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (QueryOutcome o : outcomes) {
            x.add(o.features().vector());
            y.add(label.test(o));
        }
        return LogisticFit.fit(x, y, RIDGE);
    }

    /**
     * Pool-adjacent-violators: the non-decreasing step function closest to the labels, as knots at
     * each block's mean score. Block rates are smoothed (one right and one wrong answer added) so a
     * small top block cannot claim certainty.
     */
    static double[][] isotonic(double[] raw, List<QueryOutcome> outcomes, Predicate<QueryOutcome> label) {
        Integer[] order = new Integer[raw.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> raw[i]));
        List<double[]> blocks = new ArrayList<>(); // {sumX, sumY, count}
        for (int idx : order) {
            blocks.add(new double[] {raw[idx], label.test(outcomes.get(idx)) ? 1 : 0, 1});
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

    /** Confidence per outcome from models fitted on the other folds (no per-category offsets). */
    public static double[] crossFitted(List<QueryOutcome> outcomes, int folds) {
        return crossFitted(outcomes, folds, QueryOutcome::correct, false);
    }

    /**
     * Menu confidence per outcome from menu models fitted on the other folds, never below the
     * outcome's cross-fitted confidence (as in retrieval: among the first three is at least as likely
     * as first).
     */
    public static double[] crossFittedMenu(List<QueryOutcome> outcomes, int folds, double[] confidence,
            boolean perCategory) {
        double[] menu = crossFitted(outcomes, folds, Calibration::inMenu, perCategory);
        for (int i = 0; i < menu.length; i++) {
            menu[i] = Math.max(menu[i], confidence[i]);
        }
        return menu;
    }

    /** Probability of the label per outcome from models fitted on the other folds. */
    public static double[] crossFitted(List<QueryOutcome> outcomes, int folds, Predicate<QueryOutcome> label,
            boolean perCategory) {
        int[] foldOf = Evaluation.assignFolds(outcomes.size(), folds);
        double[] out = new double[outcomes.size()];
        for (int f = 0; f < folds; f++) {
            List<QueryOutcome> train = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (foldOf[i] != f) {
                    train.add(outcomes.get(i));
                }
            }
            ConfidenceModel m = fit(train, label, perCategory);
            for (int i = 0; i < outcomes.size(); i++) {
                if (foldOf[i] == f) {
                    out[i] = m.probability(outcomes.get(i).features(), outcomes.get(i).topCategory());
                }
            }
        }
        return out;
    }
}
