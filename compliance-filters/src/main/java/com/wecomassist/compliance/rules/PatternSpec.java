package com.wecomassist.compliance.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A regular expression for paraphrases that a term list cannot enumerate (本金…不会亏). To stay
 * fast the expression is only tried where one of its anchor terms occurs (the anchors ride along
 * in the single Aho-Corasick pass), and a match must start at the anchor: write the expression so
 * that it begins with one of its anchors. A pattern without anchors is searched over the whole
 * text, which is slower; use that only for rare rules. Listing {@code needs} (words the match
 * must contain, also found in the same pass) lets the engine skip the expression altogether when
 * none of them is within reach of the anchor, which is the common case.
 *
 * @param regex   the expression as written, applied to normalised text
 * @param pattern the compiled expression
 * @param anchors terms (normalised) the expression starts with
 * @param needs   terms (normalised) of which the match contains at least one; empty if not declared
 * @param window  the longest match, in characters from the anchor
 * @param line    line in the rule-pack file
 */
public record PatternSpec(String regex, Pattern pattern, List<String> anchors, List<String> needs, int window, int line) {

    public PatternSpec {
        anchors = List.copyOf(anchors);
        needs = List.copyOf(needs);
    }
}
