package com.wecomassist.compliance.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A regular expression for paraphrases that a term list cannot enumerate (本金…不会亏). To stay
 * fast the expression is only tried around occurrences of its anchor terms, which ride along in
 * the single Aho-Corasick pass; a pattern without anchors is tried over the whole text.
 *
 * @param regex   the expression as written, applied to normalised text
 * @param pattern the compiled expression
 * @param anchors terms (normalised) of which one must occur for the expression to be tried
 * @param window  characters before and after an anchor occurrence within which the expression is searched
 * @param line    line in the rule-pack file
 */
public record PatternSpec(String regex, Pattern pattern, List<String> anchors, int window, int line) {

    public PatternSpec {
        anchors = List.copyOf(anchors);
    }
}
