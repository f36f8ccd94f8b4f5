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
        "menuVotes", "menuGap", "thirdCosine"};

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
     */
    public record Features(double fused, double fusedMargin, double cosine, double cosineMargin, double lexical,
            double overlap, double contradiction, double lexicalAgrees, double denseAgrees, double votes,
            double voteMargin, double answerCosineMargin, double menuVotes, double menuGap, double thirdCosine) {

        /** How many nearest phrasings vote in {@link #votes}. */
        public static final int VOTERS = 3;
        /** How many nearest phrasings vote in {@link #voteMargin} and {@link #menuVotes}. */
        public static final int VOTE_POOL = 10;

        public static final Features NONE = new Features(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public double[] vector() {
            return new double[] {fused, fusedMargin, cosine, cosineMargin, lexical, overlap, contradiction,
                lexicalAgrees, denseAgrees, votes, voteMargin, answerCosineMargin, menuVotes, menuGap, thirdCosine};
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
                new double[] {-5.671, 2.5277, 5.6228, 2.068, 2.5823, 0.8195, -0.1519, -1.4678, 0.074, 0.2167, 0.8257, 0.7288,
                    2.947, 1.0602, 4.4568, -0.4436},
                new double[] {0.0604, 0.1301, 0.1639, 0.2068, 0.2367, 0.2762, 0.3171, 0.3579, 0.4039, 0.4147, 0.4275, 0.4754,
                    0.5184, 0.5439, 0.5777, 0.6065, 0.6515, 0.6935, 0.7273, 0.7596, 0.7939, 0.8343, 0.8546, 0.8697,
                    0.9113, 0.9425, 0.9499, 0.9613, 0.9736, 0.9857, 0.9964},
                new double[] {0.0714, 0.1364, 0.2143, 0.2143, 0.3, 0.3, 0.3125, 0.3259, 0.3333, 0.4, 0.4019, 0.4296, 0.4941,
                    0.5337, 0.5963, 0.598, 0.6755, 0.6757, 0.7544, 0.7634, 0.8426, 0.8621, 0.8621, 0.8759, 0.9251,
                    0.9455, 0.9455, 0.9643, 0.9775, 0.99, 0.99});
    }

    /**
     * The menu confidence: probability that the right answer is among the first
     * {@code AnswerPolicy.MENU_ITEMS} ranked answers (what a 猜你想问 menu offers), the same two stages over
     * the same features, fitted by {@code ./assist eval --mode both --fit-confidence --per-category off} on the same questions
     * with "among the first three" as the label. Only the numbers are kept.
     */
    public static ConfidenceModel menuDefaults() {
        return new ConfidenceModel(
                new double[] {-4.825, 2.402, 2.4805, 2.0462, 1.1081, 0.2874, 0.6354, -0.9891, 0.0926, 0.0208, 0.7605, -0.3272,
                    1.9037, 2.5936, 6.3802, -0.6579},
                new double[] {0.1795, 0.2516, 0.3278, 0.3664, 0.4357, 0.5073, 0.526, 0.5888, 0.667, 0.7132, 0.7471, 0.7704,
                    0.786, 0.8083, 0.8404, 0.8635, 0.8738, 0.8821, 0.9209, 0.9541, 0.9739, 0.9918},
                new double[] {0.2727, 0.2727, 0.2727, 0.375, 0.4033, 0.5, 0.5088, 0.5912, 0.6402, 0.6598, 0.6914, 0.7619,
                    0.7761, 0.8302, 0.8478, 0.8739, 0.8739, 0.9271, 0.9457, 0.9457, 0.9845, 0.9977});
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
