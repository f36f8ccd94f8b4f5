package com.wecomassist.compliance;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.Severity;

/**
 * One rule that matched a text: which rule, where, on what, and why that matters. A reviewer
 * reading a verdict should not need the rule pack open to understand it.
 *
 * @param ruleId      the rule's id
 * @param ruleVersion the rule's revision
 * @param pack        {@code id@version} of the pack that holds the rule
 * @param category    the rule's category
 * @param severity    seriousness of the breach
 * @param action      what this rule does to the text
 * @param start       start of the match in the original text (UTF-16 index)
 * @param end         end (exclusive) of the match in the original text
 * @param matchedText the text as written at that span; personal data appears masked, never in clear
 * @param term        the rule term, pattern or detector that matched
 * @param description what the rule forbids, in the words of the rule pack
 * @param legalBasis  the provisions the rule enforces
 */
public record Hit(String ruleId, int ruleVersion, String pack, String category, Severity severity, Action action,
                  int start, int end, String matchedText, String term, String description, String legalBasis) {

    /**
     * Why the match matters, in words: the rule's description and what matched. Built on demand,
     * because most hits of a large lexicon are never read by a person.
     */
    public String explanation() {
        return matchedText.isEmpty() ? description : description + "（命中：" + matchedText + "）";
    }
}
