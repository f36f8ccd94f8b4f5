package com.wecomassist.compliance.semantic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Out-of-fold scores of every exemplar: each fold is scored by a {@link Model} trained on the
 * other folds, so the scores say how the layer does on texts it was not trained on (a kNN scores
 * its own exemplars perfectly, which says nothing). The layer's threshold is fitted on these
 * scores, and the figures are reported as the cross-validated tune figures.
 */
final class CrossValidation {

    static final int FOLDS = 5;

    /** Per exemplar: the fold it is held out in. Deterministic (the text's hash), so builds repeat. */
    static int fold(Exemplar e) {
        return Math.floorMod(e.text().hashCode() * 0x9E3779B1, FOLDS);
    }

    /** Out-of-fold per-sentence scores, in corpus sentence order. */
    record SentenceScores(double[] fast, double[] knn, double[] dense, double[] joint) {
    }

    static SentenceScores outOfFold(Corpus c) {
        return outOfFold(c, null);
    }

    /** Out-of-fold scores of the fast pass and of what {@code method} needs (all when null; the rest stay 0). */
    static SentenceScores outOfFold(Corpus c, SemanticLayer.Method method) {
        boolean all = method == null;
        int n = c.size();
        double[] fast = new double[n], knn = new double[n], dense = new double[n], joint = new double[n];
        int[] foldOf = c.exemplars.stream().mapToInt(CrossValidation::fold).toArray();
        // The folds are independent and each writes only its own sentences' scores: fitted side by side
        // (the full-batch fits are most of a build, and a gateway builds the layer before it starts)
        IntStream.range(0, FOLDS).parallel().forEach(held -> {
            Model m = Model.train(c, e -> foldOf[e] != held, method);
            for (int s = 0; s < n; s++) {
                if (foldOf[c.owner[s]] != held) continue;
                fast[s] = m.fast(c.grams[s]);
                if (m.dense != null) dense[s] = m.dense(c.vectors[s]);
                // Always: the layer's veto (no violating exemplar among the nearest) needs it.
                knn[s] = m.knn(m.nearest(c.vectors[s], Model.K));
                if (m.joint != null) joint[s] = m.joint(c.grams[s], c.vectors[s]);
            }
        });
        return new SentenceScores(fast, knn, dense, joint);
    }

    /** Per exemplar: the highest score among its sentences (a text is as bad as its worst sentence). */
    static double[] perExemplar(Corpus c, double[] sentenceScores) {
        double[] out = new double[c.exemplars.size()];
        for (int e = 0; e < out.length; e++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int s : c.sentencesOf[e]) best = Math.max(best, sentenceScores[s]);
            out[e] = best;
        }
        return out;
    }

    /**
     * The lowest threshold at which at least {@code cleanPass} of the clean near misses score at or
     * below it (a text is flagged when its score is above the threshold). Near misses are the clean
     * exemplars of a compliance category; the ordinary service sentences (category
     * {@value ExemplarSet#SERVICE_CATEGORY}) teach the model what plain service text looks like but do
     * not set the bar: counted here, every easy sentence added for coverage would let one more near
     * miss through in every 1 / (1 - cleanPass), and the threshold would sink as the coverage grew.
     * When every clean exemplar is a service sentence, all of them count.
     *
     * <p>Used for the gate's provisional threshold only; the layer's threshold is
     * {@link #hardThresholdFor}: easy near misses sink this one too.
     */
    static double thresholdFor(Corpus c, double[] exemplarScores, double cleanPass) {
        return thresholdFor(c.exemplars, exemplarScores, cleanPass);
    }

    static double thresholdFor(List<Exemplar> exemplars, double[] exemplarScores, double cleanPass) {
        List<Double> clean = new ArrayList<>();
        List<Double> service = new ArrayList<>();
        for (int e = 0; e < exemplarScores.length; e++) {
            Exemplar x = exemplars.get(e);
            if (x.label() != Label.CLEAN) continue;
            (ExemplarSet.SERVICE_CATEGORY.equals(x.category()) ? service : clean).add(exemplarScores[e]);
        }
        if (clean.isEmpty()) clean = service;
        return quantile(clean, cleanPass);
    }

    /**
     * A near miss is hard when the full model, out of fold and before the gate, the embedding budget
     * and the veto, scores it above this: the class-balanced model itself calls it a violation.
     */
    static final double HARD_ABOVE = 0.5;

    /**
     * The layer's threshold: the lowest at which at least {@code hardCleanPass} of the <em>hard</em>
     * clean near misses score at or below it ({@code gatedScores}: the layer as it runs). A near miss
     * is hard when its ungated out-of-fold score ({@code fullScores}) is above {@link #HARD_ABOVE}.
     *
     * <p>Why only the hard ones: fitted over all near misses, the quantile fell whenever clean rows
     * the model finds easy were added (they score 0 as the layer runs: gated or vetoed), because each
     * one raised the number allowed above the bar while adding nothing near it: 190 new tune rows
     * moved it from 0.480 to 0.298, and 401 easy sentences added as near misses took it to 0 (every
     * sentence that reached the model flagged). Easy rows are not hard, so they do not move this one;
     * hard near misses added raise it. Never below {@link #HARD_ABOVE}, so every near miss that is not
     * hard passes. When no near miss is hard, all near misses count.
     */
    static double hardThresholdFor(List<Exemplar> exemplars, double[] gatedScores, double[] fullScores, double hardCleanPass) {
        List<Double> hard = new ArrayList<>();
        for (int e = 0; e < gatedScores.length; e++) {
            Exemplar x = exemplars.get(e);
            if (x.label() == Label.CLEAN && !ExemplarSet.SERVICE_CATEGORY.equals(x.category()) && fullScores[e] > HARD_ABOVE) {
                hard.add(gatedScores[e]);
            }
        }
        if (hard.isEmpty()) return thresholdFor(exemplars, gatedScores, hardCleanPass);
        // Never below the boundary that defines hard: a near miss the model itself calls clean passes.
        return Math.max(HARD_ABOVE, quantile(hard, hardCleanPass));
    }

    private static double quantile(List<Double> scores, double pass) {
        if (scores.isEmpty()) return 0.5;
        double[] sorted = scores.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int allowed = (int) Math.floor((1 - pass) * sorted.length);
        return sorted[sorted.length - 1 - allowed];
    }

    /** Recall and clean pass of exemplar scores at a threshold. */
    record Figures(int violations, int caught, int clean, int passed) {
        double recall() {
            return violations == 0 ? 1 : (double) caught / violations;
        }

        double cleanPass() {
            return clean == 0 ? 1 : (double) passed / clean;
        }
    }

    static Figures at(Corpus c, double[] exemplarScores, double threshold) {
        int v = 0, caught = 0, clean = 0, passed = 0;
        for (int e = 0; e < exemplarScores.length; e++) {
            if (c.exemplars.get(e).label() == Label.VIOLATION) {
                v++;
                if (exemplarScores[e] > threshold) caught++;
            } else {
                clean++;
                if (exemplarScores[e] <= threshold) passed++;
            }
        }
        return new Figures(v, caught, clean, passed);
    }
}
