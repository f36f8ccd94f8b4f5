package com.wecomassist.compliance.rules;

import com.wecomassist.compliance.pii.PiiKind;

import java.util.List;
import java.util.Set;

/**
 * One compliance rule as written in a rule pack: what it catches (terms, patterns, personal-data
 * detectors), when a match does not count (exceptions) or only counts (requirements), and what
 * then happens (action). See {@code compliance-filters/README.md} for the YAML form.
 *
 * @param id          stable identifier, cited in verdicts and audits
 * @param version     the rule's own revision number
 * @param category    grouping for reports (return-promise, superlative, …)
 * @param description what the rule forbids, in the words a reviewer reads
 * @param legalBasis  the provisions the rule enforces
 * @param severity    seriousness of a breach
 * @param action      what a match does to the text
 * @param appliesTo   the kinds of text the rule checks
 * @param terms       literal terms as written (normalised when compiled)
 * @param patterns    regular expressions for paraphrases
 * @param near        co-occurrence matchers and speech acts (groups of terms close together)
 * @param pii         personal-data detectors whose findings are matches
 * @param requires    conditions that must all hold for a match to count
 * @param exceptions  conditions any of which excuses a match
 * @param notice      for {@link Action#APPEND_NOTICE}: the wording appended
 * @param replacement for {@link Action#REWRITE} of terms: the replacement text (personal data is masked instead)
 * @param enabled     false to keep a rule in the pack for the record without applying it
 * @param examples    the pack's own test cases for this rule
 * @param line        line of the rule in the pack file
 */
public record Rule(String id, int version, String category, String description, String legalBasis,
                   Severity severity, Action action, Set<TextKind> appliesTo, List<String> terms,
                   List<PatternSpec> patterns, List<NearSpec> near, Set<PiiKind> pii, List<Context> requires,
                   List<Context> exceptions, String notice, String replacement, boolean enabled,
                   List<Example> examples, int line) {

    public Rule {
        appliesTo = Set.copyOf(appliesTo);
        terms = List.copyOf(terms);
        patterns = List.copyOf(patterns);
        near = List.copyOf(near);
        pii = Set.copyOf(pii);
        requires = List.copyOf(requires);
        exceptions = List.copyOf(exceptions);
        examples = List.copyOf(examples);
    }
}
