package com.wecomassist.kb.eval;

import com.wecomassist.kb.search.ConfidenceModel;
import java.util.List;

/**
 * What the knowledge base did with one evaluation query.
 *
 * @param rank        1-based rank of the expected answer among the returned answers, 0 if absent
 * @param topEntryId  id of the top entry, empty if nothing was returned
 * @param topCategory category of the top entry, empty if nothing was returned (per-category calibration)
 * @param confidence  the top answer's calibrated confidence
 * @param menuConfidence calibrated probability that the expected answer is among the first
 *                    {@code AnswerPolicy.MENU_ITEMS}
 * @param fold        fold the query was evaluated in (0 in standard mode)
 */
public record QueryOutcome(EvalQuery query, List<String> rankedAnswers, String topEntryId, String topCategory, int rank,
        double confidence, double menuConfidence, ConfidenceModel.Features features, long nanos, int fold) {

    public boolean correct() {
        return rank == 1;
    }

    /** Whether the expected answer is among the first {@code items} answers (a menu of that many would hold it). */
    public boolean within(int items) {
        return rank >= 1 && rank <= items;
    }

    /** How many distinct answers retrieval returned. */
    public int candidates() {
        return rankedAnswers.size();
    }
}
