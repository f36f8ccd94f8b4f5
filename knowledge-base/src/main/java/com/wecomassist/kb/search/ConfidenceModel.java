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
                new double[] {-6.5699, 4.8596, 8.6114, 1.4516, 3.2667, 0.8413, -0.3159, -1.4894, 0.1813, 0.2107},
                new double[] {0.0779, 0.143, 0.181, 0.1968, 0.2067, 0.2712, 0.3257, 0.3676, 0.438, 0.4962, 0.5241, 0.5381,
                    0.5456, 0.555, 0.5707, 0.6073, 0.6423, 0.6528, 0.6865, 0.7245, 0.7305, 0.7602, 0.7892, 0.7997,
                    0.814, 0.8219, 0.8263, 0.8372, 0.8454, 0.8505, 0.8543, 0.887, 0.9239, 0.9328, 0.9534, 0.9697, 0.9854},
                new double[] {0.0625, 0.1852, 0.2222, 0.2222, 0.3, 0.3, 0.3, 0.3478, 0.3947, 0.401, 0.5, 0.5085, 0.5185, 0.5362,
                    0.5714, 0.573, 0.5741, 0.6, 0.6971, 0.7037, 0.7105, 0.7771, 0.7771, 0.8019, 0.814, 0.814, 0.8636,
                    0.9059, 0.9059, 0.9059, 0.9059, 0.9463, 0.9463, 0.965, 0.9699, 0.9699, 0.9919});
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
