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
     * query adapter fitted per knowledge base as the gateway does — the identity in standard mode):
     * only these numbers are kept, never the questions nor the categories. Refit when the search settings or the embedding model change,
     * and load a bank's own fit from the {@code confidence.json} that command writes.
     */
    public static ConfidenceModel defaults() {
        return new ConfidenceModel(
                new double[] {-3.4975, 0.2843, 2.5006, 0.9893, 1.5819, 0.8977, 1.0732, -0.9633, -0.1729, -0.008, 0.5603,
                    0.9481, 1.8359, 1.1079, 3.6645, -0.8115, 4.1591},
                new double[] {0.0749, 0.1878, 0.2477, 0.2641, 0.2734, 0.2899, 0.3156, 0.3312, 0.3428, 0.359, 0.4015, 0.4353,
                    0.4702, 0.5317, 0.5655, 0.5722, 0.6074, 0.6443, 0.6599, 0.695, 0.7295, 0.7471, 0.7542, 0.7813,
                    0.8104, 0.8292, 0.8773, 0.9128, 0.9327, 0.9536, 0.966, 0.9764, 0.9871, 0.9967},
                new double[] {0.1111, 0.1906, 0.2165, 0.25, 0.2778, 0.2778, 0.2778, 0.3226, 0.3333, 0.3625, 0.376, 0.4194,
                    0.4578, 0.5024, 0.5882, 0.5882, 0.6, 0.6585, 0.6744, 0.6816, 0.7037, 0.7143, 0.7143, 0.832,
                    0.832, 0.8633, 0.902, 0.9077, 0.9416, 0.9429, 0.9538, 0.9639, 0.9837, 0.9912});
    }

    /**
     * The menu confidence: probability that the right answer is among the first
     * {@code AnswerPolicy.MENU_ITEMS} ranked answers (what a 猜你想问 menu offers), the same two stages over
     * the same features, fitted by {@code ./assist eval --mode both --fit-confidence --per-category off} on the same questions
     * with "among the first three" as the label. Only the numbers are kept.
     */
    public static ConfidenceModel menuDefaults() {
        return new ConfidenceModel(
                new double[] {-2.8584, 0.7537, 1.2666, 1.4989, 1.2831, 0.266, 1.3002, -0.5844, 0.0471, 0.1006, 0.5283,
                    -0.2044, 1.6628, 2.7809, 6.1101, -1.5262, 1.2264},
                new double[] {0.1845, 0.2674, 0.3508, 0.4127, 0.4793, 0.5338, 0.5899, 0.634, 0.6696, 0.712, 0.7435, 0.7597,
                    0.7874, 0.8149, 0.828, 0.8627, 0.8962, 0.9357, 0.9742, 0.9916, 0.9986},
                new double[] {0.3333, 0.3333, 0.3457, 0.3969, 0.4369, 0.5319, 0.5508, 0.6173, 0.6364, 0.723, 0.7407, 0.7407,
                    0.7744, 0.8113, 0.8526, 0.8974, 0.9252, 0.9471, 0.9798, 0.9914, 0.9914});
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
