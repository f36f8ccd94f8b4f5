package com.wecomassist.kb.search;

import java.util.Arrays;
import java.util.Map;

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
 * <p>Optionally per category: a bank's own fit may add an offset to the logistic stage's log-odds for
 * the category of the top answer (some categories hold near-twin entries that are easy to confuse,
 * others are answered reliably), shrunk towards 0 for categories with few questions. The shipped
 * defaults have none: category names are a bank's own.
 *
 * @param weights intercept first, then one weight per {@link Features#vector()} element
 * @param knotsX  increasing logistic outputs where the isotonic map is known (may be empty: identity)
 * @param knotsY  calibrated probabilities at those points, non-decreasing
 * @param categoryOffsets log-odds added for the top answer's category (absent categories: 0)
 */
public record ConfidenceModel(double[] weights, double[] knotsX, double[] knotsY, Map<String, Double> categoryOffsets) {

    /** Feature names, in {@link Features#vector()} order (for reports and fitted-model files). */
    public static final String[] FEATURE_NAMES = {"fused", "fusedMargin", "cosine", "cosineMargin", "lexical",
        "overlap", "contradiction", "lexicalAgrees", "denseAgrees", "votes", "voteMargin", "answerCosineMargin",
        "menuVotes", "menuGap", "thirdCosine", "fusedMarginRoot"};

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
        categoryOffsets = Map.copyOf(categoryOffsets);
    }

    /** A model without per-category offsets. */
    public ConfidenceModel(double[] weights, double[] knotsX, double[] knotsY) {
        this(weights, knotsX, knotsY, Map.of());
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
     * @param votes         share of the {@value #VOTERS} phrasings nearest to the query (by cosine, any entry)
     *                      that belong to the top answer: agreement of the nearest neighbours
     * @param voteMargin    share of the {@value #VOTE_POOL} nearest phrasings that belong to the top answer minus
     *                      the share of the best other answer among them
     * @param answerCosineMargin cosine of the query to the top answer's text minus the best such cosine among
     *                      the other ranked answers
     * @param menuVotes     share of the {@value #VOTE_POOL} nearest phrasings that belong to one of the first
     *                      {@code AnswerPolicy.MENU_ITEMS} answers (what a menu would offer)
     * @param menuGap       fused score of the top answer minus that of the first answer a menu leaves out
     * @param thirdCosine   cosine of the last answer a menu offers (0 when there are fewer)
     * @param fusedMarginRoot square root of the (non-negative) fused margin: what a margin says saturates
     *                      (0.02 over 0 means far more than 0.12 over 0.10), which a logistic stage linear in
     *                      the margin cannot express
     */
    public record Features(double fused, double fusedMargin, double cosine, double cosineMargin, double lexical,
            double overlap, double contradiction, double lexicalAgrees, double denseAgrees, double votes,
            double voteMargin, double answerCosineMargin, double menuVotes, double menuGap, double thirdCosine,
            double fusedMarginRoot) {

        /** How many nearest phrasings vote in {@link #votes}. */
        public static final int VOTERS = 3;
        /** How many nearest phrasings vote in {@link #voteMargin} and {@link #menuVotes}. */
        public static final int VOTE_POOL = 10;

        public static final Features NONE = new Features(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public double[] vector() {
            return new double[] {fused, fusedMargin, cosine, cosineMargin, lexical, overlap, contradiction,
                lexicalAgrees, denseAgrees, votes, voteMargin, answerCosineMargin, menuVotes, menuGap, thirdCosine,
                fusedMarginRoot};
        }
    }

    /**
     * Fitted by {@code ./assist eval --mode both --fit-confidence --per-category off} on real bank
     * questions (UnionPay 95516 FAQ dev set, both evaluation modes pooled, default search settings, the
     * query adapter fitted per knowledge base as the gateway does, and in standard mode — under its floor — the
     * shared map, as the gateway does since 2026-12-07):
     * only these numbers are kept, never the questions nor the categories. Refit when the search settings or the embedding model change,
     * and load a bank's own fit from the {@code confidence.json} that command writes.
     */
    public static ConfidenceModel defaults() {
        return new ConfidenceModel(
                new double[] {-2.8543, 0.2329, 2.2847, 0.7352, 1.776, 0.4215, 1.076, -0.9015, -0.1076, -0.0378,
                    0.4442, 1.1595, 1.5088, 1.1825, 3.6444, -0.8011, 3.5825},
                new double[] {0.0535, 0.1374, 0.1594, 0.182, 0.2595, 0.3168, 0.3758, 0.4264, 0.467, 0.5167, 0.5419,
                    0.5628, 0.5985, 0.6394, 0.6689, 0.6931, 0.7009, 0.721, 0.7401, 0.7864, 0.8424, 0.8643, 0.8796,
                    0.8912, 0.9007, 0.9096, 0.9189, 0.9418, 0.9604, 0.9724, 0.9798, 0.987, 0.9956},
                new double[] {0.25, 0.25, 0.25, 0.25, 0.25, 0.2927, 0.3521, 0.4545, 0.4664, 0.519, 0.541, 0.6, 0.6143,
                    0.6196, 0.6338, 0.6471, 0.6471, 0.6913, 0.6913, 0.8224, 0.843, 0.878, 0.8938, 0.8938, 0.9091,
                    0.9091, 0.9241, 0.9512, 0.9557, 0.9733, 0.9733, 0.9786, 0.9925});
    }

    /**
     * The menu confidence: probability that the right answer is among the first
     * {@code AnswerPolicy.MENU_ITEMS} ranked answers (what a 猜你想问 menu offers), the same two stages over
     * the same features, fitted by {@code ./assist eval --mode both --fit-confidence --per-category off} on the same questions
     * with "among the first three" as the label. Only the numbers are kept.
     */
    public static ConfidenceModel menuDefaults() {
        return new ConfidenceModel(
                new double[] {-3.0051, 0.8604, 0.9349, 1.5799, 1.37, 0.4632, 1.165, 0.2336, 0.027, 0.1245, 0.0488,
                    0.2725, 1.7558, 3.0072, 5.7146, -1.2662, 0.8384},
                new double[] {0.245, 0.3255, 0.4231, 0.4828, 0.4906, 0.5367, 0.6009, 0.6215, 0.6514, 0.6827, 0.6895,
                    0.6948, 0.7394, 0.7913, 0.8174, 0.864, 0.8951, 0.929, 0.9531, 0.9657, 0.9758, 0.9874, 0.998},
                new double[] {0.3, 0.3103, 0.3739, 0.5, 0.5263, 0.5307, 0.5704, 0.5714, 0.6326, 0.6452, 0.6596,
                    0.6818, 0.7162, 0.7727, 0.8447, 0.875, 0.9219, 0.9424, 0.9535, 0.974, 0.974, 0.991, 0.991});
    }

    /** Reads the {@code confidence.json} written by {@code ./assist eval --fit-confidence}. */
    public static ConfidenceModel read(java.nio.file.Path file) {
        tools.jackson.databind.JsonNode n = tools.jackson.databind.json.JsonMapper.builder().build().readTree(file.toFile());
        Map<String, Double> offsets = new java.util.HashMap<>();
        tools.jackson.databind.JsonNode categories = n.get("categoryOffsets");
        if (categories != null && categories.isObject()) {
            for (String name : categories.propertyNames()) {
                offsets.put(name, categories.get(name).asDouble());
            }
        }
        return new ConfidenceModel(numbers(n.get("weights")), numbers(n.get("knotsX")), numbers(n.get("knotsY")),
                offsets);
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

    /** The probability for a top answer of the given category (its offset, if the model has one). */
    public double probability(Features f, String category) {
        return calibrate(raw(f, category));
    }

    /** The logistic stage alone. */
    public double raw(Features f) {
        return 1 / (1 + Math.exp(-logit(f)));
    }

    /** The logistic stage with the category's offset. */
    public double raw(Features f, String category) {
        return 1 / (1 + Math.exp(-(logit(f) + offset(category))));
    }

    /** The log-odds of the logistic stage, without any category offset. */
    public double logit(Features f) {
        double[] x = f.vector();
        double z = weights[0];
        for (int i = 0; i < x.length; i++) {
            z += weights[i + 1] * x[i];
        }
        return z;
    }

    /** The offset for a category: 0 for categories the model has none for (and for null). */
    public double offset(String category) {
        return category == null ? 0 : categoryOffsets.getOrDefault(category, 0.0);
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
                && Arrays.equals(knotsY, m.knotsY) && categoryOffsets.equals(m.categoryOffsets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights) * 31 + Arrays.hashCode(knotsX);
    }

    @Override
    public String toString() {
        return "ConfidenceModel" + Arrays.toString(weights) + " knots " + Arrays.toString(knotsX) + " -> "
                + Arrays.toString(knotsY) + (categoryOffsets.isEmpty() ? "" : " categories " + categoryOffsets);
    }
}
