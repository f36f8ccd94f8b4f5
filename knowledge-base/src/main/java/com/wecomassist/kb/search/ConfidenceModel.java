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
 * @param weights intercept first, then one weight per {@link Features#vector()} element
 */
public record ConfidenceModel(double[] weights) {

    /** Feature names, in {@link Features#vector()} order (for reports and fitted-model files). */
    public static final String[] FEATURE_NAMES = {"fused", "fusedMargin", "cosine", "cosineMargin", "lexical",
        "overlap", "contradiction", "lexicalAgrees", "denseAgrees"};

    public ConfidenceModel {
        if (weights.length != FEATURE_NAMES.length + 1) {
            throw new IllegalArgumentException("expected " + (FEATURE_NAMES.length + 1) + " weights");
        }
        weights = weights.clone();
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
     * Fitted by {@code ./assist eval --fit-confidence} on real bank questions (UnionPay 95516 FAQ
     * dev set, both evaluation modes pooled, default search settings). Refit when the search
     * settings or the embedding model change.
     */
    public static ConfidenceModel defaults() {
        return new ConfidenceModel(new double[] {-9.0, 4.0, 12.0, 4.0, 8.0, 0.5, 2.0, -2.0, 0.5, 0.5});
    }

    public double probability(Features f) {
        double[] x = f.vector();
        double z = weights[0];
        for (int i = 0; i < x.length; i++) {
            z += weights[i + 1] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfidenceModel m && Arrays.equals(weights, m.weights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "ConfidenceModel" + Arrays.toString(weights);
    }
}
