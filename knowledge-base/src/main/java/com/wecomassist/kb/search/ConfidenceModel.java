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
     * questions (UnionPay 95516 FAQ dev set, both evaluation modes pooled, default search settings):
     * only these numbers are kept, never the questions nor the categories. Refit when the search settings or the embedding model change,
     * and load a bank's own fit from the {@code confidence.json} that command writes.
     */
    public static ConfidenceModel defaults() {
        return new ConfidenceModel(
                new double[] {-5.9416, 1.9889, 2.4655, 2.1936, 1.3486, 0.7886, -0.1203, -1.4594, -0.0281, 0.0005, 0.6906,
                    0.5605, 2.7633, 1.2204, 3.2599, -0.0214, 4.3592},
                new double[] {0.0686, 0.0924, 0.1115, 0.1534, 0.1792, 0.2058, 0.2622, 0.2962, 0.2989, 0.3262, 0.3581, 0.3629,
                    0.3823, 0.4355, 0.4755, 0.4819, 0.517, 0.5669, 0.6004, 0.6339, 0.6661, 0.6842, 0.7089, 0.7399,
                    0.7669, 0.7844, 0.8131, 0.853, 0.8792, 0.8983, 0.927, 0.9468, 0.9613, 0.9741, 0.9855, 0.9962},
                new double[] {0.0667, 0.1538, 0.1579, 0.1792, 0.2308, 0.2308, 0.25, 0.2692, 0.3333, 0.3333, 0.3333, 0.3462,
                    0.3577, 0.4051, 0.4667, 0.4839, 0.5088, 0.5488, 0.5895, 0.6474, 0.6531, 0.6667, 0.7045, 0.7295,
                    0.7647, 0.7903, 0.8349, 0.8943, 0.8943, 0.9073, 0.9307, 0.9483, 0.9615, 0.9744, 0.9909, 0.9909});
    }

    /**
     * The menu confidence: probability that the right answer is among the first
     * {@code AnswerPolicy.MENU_ITEMS} ranked answers (what a 猜你想问 menu offers), the same two stages over
     * the same features, fitted by {@code ./assist eval --mode both --fit-confidence --per-category off} on the same questions
     * with "among the first three" as the label. Only the numbers are kept.
     */
    public static ConfidenceModel menuDefaults() {
        return new ConfidenceModel(
                new double[] {-4.886, 2.2256, 1.6188, 2.0594, 0.7635, 0.2653, 0.6455, -0.9797, 0.0582, -0.0503, 0.7208,
                    -0.3842, 1.8307, 2.6262, 5.9497, -0.5002, 1.3957},
                new double[] {0.1189, 0.1786, 0.2438, 0.3187, 0.3597, 0.3689, 0.4426, 0.5119, 0.5235, 0.5759, 0.6404, 0.6908,
                    0.7383, 0.7559, 0.7626, 0.7711, 0.7814, 0.7907, 0.811, 0.8306, 0.8502, 0.8677, 0.8804, 0.8904,
                    0.9251, 0.9574, 0.9751, 0.9919},
                new double[] {0.3333, 0.3333, 0.3333, 0.3333, 0.3333, 0.4286, 0.4286, 0.44, 0.5, 0.5913, 0.5917, 0.663, 0.6748,
                    0.7, 0.7297, 0.7586, 0.7636, 0.7959, 0.8224, 0.8235, 0.852, 0.8889, 0.9024, 0.9024, 0.9457,
                    0.9543, 0.9832, 0.9977});
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
