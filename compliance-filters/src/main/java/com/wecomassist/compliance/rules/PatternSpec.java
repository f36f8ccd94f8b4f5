package com.wecomassist.compliance.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A regular expression for paraphrases that a term list cannot enumerate (本金…不会亏). To stay
 * fast the expression is only tried where one of its anchor terms occurs (the anchors ride along
 * in the single Aho-Corasick pass), and a match must start at the anchor: write the expression so
 * that it begins with one of its anchors. A pattern without anchors is searched over the whole
 * text, which is slower; use that only for rare rules.
 *
 * @param regex   the expression as written, applied to normalised text
 * @param pattern the compiled expression
 * @param anchors terms (normalised) the expression starts with
 * @param window  the longest match, in characters from the anchor
 * @param line    line in the rule-pack file
 */
public record PatternSpec(String regex, Pattern pattern, List<String> anchors, int window, int line) {

    public PatternSpec {
        anchors = List.copyOf(anchors);
    }
}
