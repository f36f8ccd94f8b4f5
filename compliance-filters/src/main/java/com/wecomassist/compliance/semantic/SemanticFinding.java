package com.wecomassist.compliance.semantic;

import java.util.List;

/**
 * What the semantic layer thinks of one text.
 *
 * @param flagged   true when the violation score beats the threshold: the text goes to review
 * @param category  the category of the most violating sentence ("" when nothing scored)
 * @param score     violation score of the most violating sentence (higher = more like a violation)
 * @param threshold the score above which a text is flagged (fitted by cross-validation)
 * @param nearest   the exemplars nearest to the deciding sentence, nearest first (violations and
 *                  clean near-misses alike, so a reviewer sees both sides); empty when the fast
 *                  pass decided without embedding; {@link Neighbour#sentence()} is the deciding sentence
 */
public record SemanticFinding(boolean flagged, String category, double score, double threshold,
                              List<Neighbour> nearest) {

    public SemanticFinding {
        nearest = List.copyOf(nearest);
        category = category == null ? "" : category;
    }

    /** How far the score is from the threshold: a thin margin is worth a second opinion. */
    public double margin() {
        return Math.abs(score - threshold);
    }

    /** Nothing to assess (an empty text, or a kind the layer does not read). */
    public static SemanticFinding nothing(double threshold) {
        return new SemanticFinding(false, "", Double.NEGATIVE_INFINITY, threshold, List.of());
    }
}
