package com.wecomassist.kb.search;

import java.util.Arrays;

/**
 * Turns the evidence about a query's top answer into a calibrated probability that the answer is
 * right: a logistic regression over a few features, fitted by the evaluation harness on labelled
 * customer questions. Calibrated means that among answers given confidence ≥ 0.9, about 90% are
 * right, so a routing threshold can be read as a precision target.
 *
 * <p>The features mix dense and lexical evidence on purpose: the embedding model alone is
 * confidently wrong on error codes that differ in two characters, on polarity (开通 vs 关闭) and on
 * card types, and only lexical agreement separates those cases.
 *
 * <p>Two stages: a logistic regression ranks the evidence, then an isotonic (monotone,
 * piecewise-linear) map turns its output into the observed rate of right answers. A logistic
 * model alone is calibrated on average but not in the tail that matters for auto-sending: its
 * 0.9 meant 97% right, which sends far fewer answers than a true 0.9 would.
 *
 * @param weights intercept first, then one weight per {@link Features#vector()} element
 * @param knotsX  increasing logistic outputs where the isotonic map is known (may be empty: identity)
 * @param knotsY  calibrated probabilities at those points, non-decreasing
 */
public record ConfidenceModel(double[] weights, double[] knotsX, double[] knotsY) {

    /** Feature names, in {@link Features#vector()} order (for reports and fitted-model files). */
    public static final String[] FEATURE_NAMES = {"fused", "fusedMargin", "cosine", "cosineMargin", "lexical",
        "overlap", "contradiction", "lexicalAgrees", "denseAgrees"};

    public ConfidenceModel {
        if (weights.length != FEATURE_NAMES.length + 1) {
            throw new IllegalArgumentException("expected " + (FEATURE_NAMES.length + 1) + " weights");
        }
        if (knotsX.length != knotsY.length) {
            throw new IllegalArgumentException("knotsX and knotsY differ in length");
        }
        weights = weights.clone();
        knotsX = knotsX.clone();
        knotsY = knotsY.clone();
    }

    /** A logistic model without the isotonic stage. */
    public ConfidenceModel(double[] weights) {
        this(weights, new double[0], new double[0]);
    }

    /**
     * The evidence about one query's top answer.
     *
     * @param fused         fused score of the top answer
     * @param fusedMargin   fused score of the top answer minus that of the second answer
     * @param cosine        cosine similarity of the top answer's best phrasing
     * @param cosineMargin  that cosine minus the best cosine of any other answer
     * @param lexical       relative BM25 evidence of the top answer (1 = best lexical match)
     * @param overlap       share of the query's terms found in the top answer's best phrasing
     * @param contradiction 1 when the query and that phrasing contradict each other
     * @param lexicalAgrees 1 when the best lexical match is the top answer
     * @param denseAgrees   1 when the best dense match is the top answer
     */
    public record Features(double fused, double fusedMargin, double cosine, double cosineMargin, double lexical,
            double overlap, double contradiction, double lexicalAgrees, double denseAgrees) {

        public static final Features NONE = new Features(0, 0, 0, 0, 0, 0, 0, 0, 0);

        public double[] vector() {
            return new double[] {fused, fusedMargin, cosine, cosineMargin, lexical, overlap, contradiction,
                lexicalAgrees, denseAgrees};
        }
    }

    /**
     * Fitted by {@code ./assist eval --mode both --fit-confidence} on real bank questions (UnionPay
     * 95516 FAQ dev set, both evaluation modes pooled, default search settings): only these numbers
     * are kept, never the questions. Refit when the search settings or the embedding model change,
     * and load a bank's own fit from the {@code confidence.json} that command writes.
     */
    public static ConfidenceModel defaults() {
        return new ConfidenceModel(
                new double[] {-5.6205, 3.0361, 8.7531, 1.4446, 2.8787, 0.3955, -0.1050, -1.6665, 0.0631, 0.3319},
                new double[] {0.0603, 0.1494, 0.196, 0.2238, 0.2539, 0.2923, 0.3324, 0.3476, 0.3545, 0.364, 0.3856,
                    0.4051, 0.4636, 0.5192, 0.5252, 0.5384, 0.5512, 0.5601, 0.5999, 0.629, 0.6761, 0.7507, 0.7776,
                    0.8022, 0.823, 0.8332, 0.8454, 0.8772, 0.9323, 0.9603, 0.9814},
                new double[] {0.1667, 0.1667, 0.2222, 0.2222, 0.236, 0.2714, 0.3131, 0.3208, 0.3571, 0.3647, 0.3721,
                    0.4286, 0.4286, 0.4286, 0.4444, 0.4667, 0.5, 0.5479, 0.592, 0.625, 0.6852, 0.7835, 0.7835, 0.8253,
                    0.8253, 0.8571, 0.8919, 0.9397, 0.9524, 0.9747, 0.9944});
    }

    /** Reads the {@code confidence.json} written by {@code ./assist eval --fit-confidence}. */
    public static ConfidenceModel read(java.nio.file.Path file) {
        tools.jackson.databind.JsonNode n = tools.jackson.databind.json.JsonMapper.builder().build().readTree(file.toFile());
        return new ConfidenceModel(numbers(n.get("weights")), numbers(n.get("knotsX")), numbers(n.get("knotsY")));
    }

    private static double[] numbers(tools.jackson.databind.JsonNode arr) {
        if (arr == null || !arr.isArray()) {
            return new double[0];
        }
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asDouble();
        }
        return out;
    }

    public double probability(Features f) {
        return calibrate(raw(f));
    }

    /** The logistic stage alone. */
    public double raw(Features f) {
        double[] x = f.vector();
        double z = weights[0];
        for (int i = 0; i < x.length; i++) {
            z += weights[i + 1] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** The isotonic stage: linear interpolation between knots, flat beyond the ends. */
    public double calibrate(double raw) {
        int n = knotsX.length;
        if (n == 0) {
            return raw;
        }
        if (raw <= knotsX[0]) {
            return knotsY[0];
        }
        if (raw >= knotsX[n - 1]) {
            return knotsY[n - 1];
        }
        int hi = java.util.Arrays.binarySearch(knotsX, raw);
        if (hi >= 0) {
            return knotsY[hi];
        }
        hi = -hi - 1;
        int lo = hi - 1;
        double t = (raw - knotsX[lo]) / (knotsX[hi] - knotsX[lo]);
        return knotsY[lo] + t * (knotsY[hi] - knotsY[lo]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfidenceModel m && Arrays.equals(weights, m.weights) && Arrays.equals(knotsX, m.knotsX)
                && Arrays.equals(knotsY, m.knotsY);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights) * 31 + Arrays.hashCode(knotsX);
    }

    @Override
    public String toString() {
        return "ConfidenceModel" + Arrays.toString(weights) + " knots " + Arrays.toString(knotsX) + " -> "
                + Arrays.toString(knotsY);
    }
}
