package com.wecomassist.kb.search;

import java.util.List;
import java.util.Optional;

/**
 * The answer to one knowledge-base query.
 *
 * @param query      the query as asked
 * @param ranked     best answers first; one entry per distinct answer (entries sharing an
 *                   {@code answerId} are folded into their best-matching one)
 * @param confidence calibrated probability that the first answer is right: among answers given
 *                   confidence ≥ 0.9 about 90% are right (measured by the evaluation harness); 0
 *                   when nothing matched
 * @param menuConfidence probability that the right answer is among the first
 *                   {@link com.wecomassist.kb.policy.AnswerPolicy#MENU_ITEMS} ranked answers (what a
 *                   猜你想问 menu offers); never below {@code confidence}; 0 when nothing matched
 * @param features   the evidence the confidence was computed from, for logs and explanations
 * @param tookNanos  time spent, including the query embedding
 */
public record SearchResult(String query, List<ScoredEntry> ranked, double confidence, double menuConfidence,
        ConfidenceModel.Features features, long tookNanos) {

    /** Nothing matched the query. */
    public static SearchResult nothing(String query, long tookNanos) {
        return new SearchResult(query, List.of(), 0, 0, ConfidenceModel.Features.NONE, tookNanos);
    }

    public Optional<ScoredEntry> top() {
        return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0));
    }

    /** True when the top answer may be sent without a person, by the given confidence threshold. */
    public boolean confidentAt(double threshold) {
        return !ranked.isEmpty() && confidence >= threshold;
    }
}
