package com.wecomassist.route;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.Grounding;
import java.util.Objects;

/**
 * What the routing policy decides on, gathered by the pipeline.
 *
 * @param customerText             the customer's message (after personal data was masked)
 * @param confidence               the knowledge base's calibrated confidence in its top answer
 * @param draftKind                answer, clarification, or handoff (the sources do not answer)
 * @param verdict                  the compliance verdict's action on the draft
 * @param recentLowConfidenceTurns how many of the customer's previous turns in a row were not answered
 *                                 confidently
 * @param accountManager           the customer's 管户 (userid), or null: approvals go to that person
 * @param grounding                whether the draft's text rests on the entries it used (a KB-template
 *                                 draft is grounded by construction)
 */
public record RoutingInput(String customerText, double confidence, DraftKind draftKind, Action verdict,
                           int recentLowConfidenceTurns, String accountManager, Grounding grounding) {

    public RoutingInput {
        Objects.requireNonNull(customerText, "customerText");
        Objects.requireNonNull(draftKind, "draftKind");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(grounding, "grounding");
    }
}
