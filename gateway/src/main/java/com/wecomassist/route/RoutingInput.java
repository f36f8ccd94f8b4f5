package com.wecomassist.route;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.Grounding;
import java.util.List;
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
 * @param menu                     the 猜你想问 side of the question: the candidates a menu would offer
 *                                 and where the customer stands with a menu; null when no menu is
 *                                 possible at all (the policy then decides on the top answer alone)
 */
public record RoutingInput(String customerText, double confidence, DraftKind draftKind, Action verdict,
                           int recentLowConfidenceTurns, String accountManager, Grounding grounding, Menu menu) {

    public RoutingInput {
        Objects.requireNonNull(customerText, "customerText");
        Objects.requireNonNull(draftKind, "draftKind");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(grounding, "grounding");
    }

    /** A KB-template (grounded) answer without menu facts: decided on the top answer alone. */
    public RoutingInput(String customerText, double confidence, DraftKind draftKind, Action verdict,
                        int recentLowConfidenceTurns, String accountManager) {
        this(customerText, confidence, draftKind, verdict, recentLowConfidenceTurns, accountManager,
                Grounding.byConstruction(), null);
    }

    /** A draft without menu facts: decided on the top answer alone. */
    public RoutingInput(String customerText, double confidence, DraftKind draftKind, Action verdict,
                        int recentLowConfidenceTurns, String accountManager, Grounding grounding) {
        this(customerText, confidence, draftKind, verdict, recentLowConfidenceTurns, accountManager, grounding, null);
    }

    /** A KB-template (grounded) answer with its menu facts. */
    public RoutingInput(String customerText, double confidence, DraftKind draftKind, Action verdict,
                        int recentLowConfidenceTurns, String accountManager, Menu menu) {
        this(customerText, confidence, draftKind, verdict, recentLowConfidenceTurns, accountManager,
                Grounding.byConstruction(), menu);
    }

    /** Where the customer stands with a 猜你想问 menu for this question. */
    public enum MenuStep {
        /** A question the customer just asked: a menu may be offered. */
        ASKED,
        /** The customer answered the menu with 人工, or let it lapse: no second menu, the agents decide. */
        DECLINED,
        /** The customer chose an entry from the menu: its answer is the draft. */
        CHOSEN
    }

    /**
     * The 猜你想问 facts of a question.
     *
     * @param menuConfidence calibrated probability that the right answer is among the first candidates
     * @param candidates     the distinct answers retrieval found, best first
     * @param roomForMenu    WeCom's 48 h / 5-message window leaves room for a menu and an answer after it
     * @param step           where the customer stands
     */
    public record Menu(double menuConfidence, List<Candidate> candidates, boolean roomForMenu, MenuStep step) {

        public Menu {
            candidates = List.copyOf(candidates);
            Objects.requireNonNull(step, "step");
        }
    }

    /**
     * One candidate answer, as far as routing cares: which entry, and its category (some entries and
     * categories must be answered by a person and are never offered in a menu).
     */
    public record Candidate(String entryId, String category) {

        public Candidate {
            Objects.requireNonNull(entryId, "entryId");
            category = category == null ? "" : category;
        }
    }
}
