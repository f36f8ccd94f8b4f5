package com.wecomassist.kb.eval;

import com.wecomassist.kb.search.ConfidenceModel;
import java.util.List;

/**
 * What the knowledge base did with one evaluation query.
 *
 * @param rank        1-based rank of the expected answer among the returned answers, 0 if absent
 * @param topEntryId  id of the top entry, empty if nothing was returned
 * @param fold        fold the query was evaluated in (0 in standard mode)
 */
public record QueryOutcome(EvalQuery query, List<String> rankedAnswers, String topEntryId, int rank,
        double confidence, ConfidenceModel.Features features, long nanos, int fold) {

    public boolean correct() {
        return rank == 1;
    }
}
