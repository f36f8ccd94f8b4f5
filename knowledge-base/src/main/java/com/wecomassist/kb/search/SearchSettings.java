package com.wecomassist.kb.search;

import java.util.Objects;

/**
 * How retrieval is tuned. The defaults are the configuration that measured best on real bank
 * questions (module README); the other values exist so the evaluation harness can compare.
 *
 * @param analysis        Chinese analysis for BM25
 * @param fusion          how lexical and dense evidence are combined
 * @param lexicalWeight   weight of the relative BM25 evidence in {@link Fusion#WEIGHTED}
 * @param denseWeight     weight of the cosine similarity in {@link Fusion#WEIGHTED}
 * @param contradictionPenalty subtracted from the fused score of an entry whose phrasing
 *                        contradicts the query (different error code, opposite operation, other card type)
 * @param candidates      phrasings fetched from each retriever before fusion
 * @param queryPrefix     instruction prepended to queries before embedding (bge models recommend one
 *                        for short-query-to-passage retrieval; question-to-question matching may not need it)
 * @param confidence      the calibrated confidence model
 */
public record SearchSettings(ChineseAnalysis analysis, Fusion fusion, double lexicalWeight, double denseWeight,
        double contradictionPenalty, int candidates, String queryPrefix, ConfidenceModel confidence) {

    /** Ways to combine the two rankings. */
    public enum Fusion {
        /** Weighted sum of cosine and relative BM25: keeps score magnitudes, which the confidence needs. */
        WEIGHTED,
        /** Reciprocal rank fusion (k = 60): ignores magnitudes. */
        RRF,
        /** Lexical only (baseline). */
        LEXICAL,
        /** Dense only (baseline). */
        DENSE
    }

    public SearchSettings {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(fusion, "fusion");
        Objects.requireNonNull(confidence, "confidence");
        queryPrefix = queryPrefix == null ? "" : queryPrefix;
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be positive");
        }
    }

    public static SearchSettings defaults() {
        return new SearchSettings(ChineseAnalysis.BANKING, Fusion.WEIGHTED, 0.35, 1.0, 0.15, 100, "",
                ConfidenceModel.defaults());
    }

    public SearchSettings withAnalysis(ChineseAnalysis a) {
        return new SearchSettings(a, fusion, lexicalWeight, denseWeight, contradictionPenalty, candidates, queryPrefix, confidence);
    }

    public SearchSettings withFusion(Fusion f) {
        return new SearchSettings(analysis, f, lexicalWeight, denseWeight, contradictionPenalty, candidates, queryPrefix, confidence);
    }

    public SearchSettings withWeights(double lexical, double dense) {
        return new SearchSettings(analysis, fusion, lexical, dense, contradictionPenalty, candidates, queryPrefix, confidence);
    }

    public SearchSettings withContradictionPenalty(double p) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, p, candidates, queryPrefix, confidence);
    }

    public SearchSettings withQueryPrefix(String p) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, contradictionPenalty, candidates, p, confidence);
    }

    public SearchSettings withConfidence(ConfidenceModel c) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, contradictionPenalty, candidates, queryPrefix, c);
    }
}
