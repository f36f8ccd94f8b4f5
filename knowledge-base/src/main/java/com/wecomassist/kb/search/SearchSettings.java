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
 * @param overlapWeight   weight of the IDF-weighted Dice overlap between the query and the best phrasing
 *                        (charges terms of the phrasing the query lacks, which BM25 ignores)
 * @param answerWeight    weight of the cosine between the query and the entry's answer text
 * @param answerLexicalWeight weight of the relative BM25 of the query against the answer text
 * @param answerQueryPrefix instruction prepended to the query when matching answers (passages)
 * @param aggregationTemperature temperature of the soft maximum that aggregates the cosines of all
 *                        phrasings of an answer (0 = best phrasing only)
 * @param contradictionPenalty subtracted from the fused score of an entry whose phrasing
 *                        contradicts the query (different error code, opposite operation, other card type)
 * @param candidates      phrasings fetched from each retriever before fusion
 * @param queryPrefix     instruction prepended to queries before embedding (bge models recommend one
 *                        for short-query-to-passage retrieval; question-to-question matching may not need it)
 * @param confidence      the calibrated confidence model (the top answer is right)
 * @param menuConfidence  the calibrated menu confidence model (the right answer is among the first
 *                        {@code AnswerPolicy.MENU_ITEMS}), over the same features
 * @param queryAdapter    learned map applied to the query's embedding ({@link QueryAdapter}; identity by default)
 */
public record SearchSettings(ChineseAnalysis analysis, Fusion fusion, double lexicalWeight, double denseWeight,
        double overlapWeight, double answerWeight, double answerLexicalWeight, String answerQueryPrefix,
        double aggregationTemperature, double contradictionPenalty, int candidates, String queryPrefix, ConfidenceModel confidence,
        ConfidenceModel menuConfidence, QueryAdapter queryAdapter) {

    /** The instruction bge-small-zh-v1.5 recommends for short queries searching passages. */
    public static final String BGE_QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章：";

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
        Objects.requireNonNull(menuConfidence, "menuConfidence");
        queryAdapter = queryAdapter == null ? QueryAdapter.identity() : queryAdapter.requireQuerySide();
        queryPrefix = queryPrefix == null ? "" : queryPrefix;
        answerQueryPrefix = answerQueryPrefix == null ? "" : answerQueryPrefix;
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be positive");
        }
    }

    public static SearchSettings defaults() {
        return new SearchSettings(ChineseAnalysis.BANKING, Fusion.WEIGHTED, 0.05, 1.0, 0.0, 0.1, 0.0,
                "", 0.025, 0.15, 100, "", ConfidenceModel.defaults(),
                ConfidenceModel.menuDefaults(), QueryAdapter.identity());
    }

    public SearchSettings withAnalysis(ChineseAnalysis a) {
        return new SearchSettings(a, fusion, lexicalWeight, denseWeight, overlapWeight, answerWeight, answerLexicalWeight, answerQueryPrefix, aggregationTemperature, contradictionPenalty, candidates, queryPrefix, confidence, menuConfidence, queryAdapter);
    }

    public SearchSettings withFusion(Fusion f) {
        return new SearchSettings(analysis, f, lexicalWeight, denseWeight, overlapWeight, answerWeight, answerLexicalWeight, answerQueryPrefix, aggregationTemperature, contradictionPenalty, candidates, queryPrefix, confidence, menuConfidence, queryAdapter);
    }

    public SearchSettings withWeights(double lexical, double dense) {
        return new SearchSettings(analysis, fusion, lexical, dense, overlapWeight, answerWeight, answerLexicalWeight, answerQueryPrefix, aggregationTemperature, contradictionPenalty, candidates, queryPrefix, confidence, menuConfidence, queryAdapter);
    }

    public SearchSettings withContradictionPenalty(double p) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, overlapWeight, answerWeight, answerLexicalWeight, answerQueryPrefix, aggregationTemperature, p, candidates, queryPrefix, confidence, menuConfidence, queryAdapter);
    }

    public SearchSettings withQueryPrefix(String p) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, overlapWeight, answerWeight, answerLexicalWeight, answerQueryPrefix, aggregationTemperature, contradictionPenalty, candidates, p, confidence, menuConfidence, queryAdapter);
    }

    public SearchSettings withAnswerWeights(double dense, double lexical, String prefix) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, overlapWeight, dense, lexical, prefix, aggregationTemperature, contradictionPenalty, candidates, queryPrefix, confidence, menuConfidence, queryAdapter);
    }

    /** Whether answers are indexed and matched at all. */
    public boolean matchesAnswers() {
        return answerWeight > 0 || answerLexicalWeight > 0;
    }

    public SearchSettings withOverlapWeight(double w) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, w, answerWeight, answerLexicalWeight, answerQueryPrefix, aggregationTemperature, contradictionPenalty, candidates, queryPrefix, confidence, menuConfidence, queryAdapter);
    }

    public SearchSettings withAggregationTemperature(double t) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, overlapWeight, answerWeight, answerLexicalWeight, answerQueryPrefix, t, contradictionPenalty, candidates, queryPrefix, confidence, menuConfidence, queryAdapter);
    }

    public SearchSettings withConfidence(ConfidenceModel c) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, overlapWeight, answerWeight, answerLexicalWeight, answerQueryPrefix, aggregationTemperature, contradictionPenalty, candidates, queryPrefix, c, menuConfidence, queryAdapter);
    }

    public SearchSettings withMenuConfidence(ConfidenceModel m) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, overlapWeight, answerWeight, answerLexicalWeight, answerQueryPrefix, aggregationTemperature, contradictionPenalty, candidates, queryPrefix, confidence, m, queryAdapter);
    }

    public SearchSettings withQueryAdapter(QueryAdapter a) {
        return new SearchSettings(analysis, fusion, lexicalWeight, denseWeight, overlapWeight, answerWeight, answerLexicalWeight, answerQueryPrefix, aggregationTemperature, contradictionPenalty, candidates, queryPrefix, confidence, menuConfidence, a);
    }
}
