package com.wecomassist.compliance.rules;

import java.util.List;

/**
 * A condition on the words around a match, used both as an exception (the match does not count
 * when the condition holds: negation, warning, a defined term) and as a requirement (the match
 * only counts when it holds: a product name counts as a recommendation only next to a
 * recommending verb). Keeping these as data lets a compliance officer read and change them
 * without a code change.
 *
 * @param scope  where the cue terms are looked for, relative to the match
 * @param terms  cue terms, normalised like the text (for the {@code *-has-all} scopes: all groups' terms)
 * @param groups for the {@code *-has-all} scopes: every group must have a cue present (a complete
 *               risk notice is 非存款 and 有风险 and 谨慎, in whatever wording); empty otherwise
 * @param window for {@link Scope#PRECEDED_BY}/{@link Scope#FOLLOWED_BY}: how many characters may
 *               lie between the cue and the match (never across a clause boundary)
 * @param unless a cue occurrence does not count if it lies inside one of these terms
 *               (for instance 不仅 is not a negation, 不是骗局 is not a warning)
 * @param reason the explanation recorded when this condition excuses or enables a match
 * @param name   the name of a shared context in the pack, or null when written inline
 * @param line   the line in the rule-pack file, for error messages
 */
public record Context(Scope scope, List<String> terms, List<List<String>> groups, int window, List<String> unless,
                      String reason, String name, int line) {

    /** Where a context looks for its cue terms. */
    public enum Scope {
        /** A cue ends at most {@code window} characters before the match, in the same clause. */
        PRECEDED_BY("preceded-by"),
        /** A cue starts at most {@code window} characters after the match, in the same clause. */
        FOLLOWED_BY("followed-by"),
        /** A cue occurs in the same clause (between commas, colons or sentence ends). */
        CLAUSE_HAS("clause-has"),
        /** A cue occurs in the same sentence. */
        SENTENCE_HAS("sentence-has"),
        /** A cue occurs anywhere in the text. */
        TEXT_HAS("text-has"),
        /** The match lies within an occurrence of a cue (a longer defined term such as 最低还款额). */
        INSIDE("inside"),
        /** The matched text itself contains a cue (for example an official e-mail domain). */
        MATCHED_CONTAINS("matched-contains"),
        /** Every group has a cue in the same clause. */
        CLAUSE_HAS_ALL("clause-has-all"),
        /** Every group has a cue in the same sentence (a statutory fact: 存款保险 and 50万). */
        SENTENCE_HAS_ALL("sentence-has-all"),
        /** Every group has a cue somewhere in the text (a complete risk notice). */
        TEXT_HAS_ALL("text-has-all");

        private final String yamlName;

        Scope(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        /** Whether the scope's value is a list of groups rather than a list of cues. */
        public boolean grouped() {
            return this == CLAUSE_HAS_ALL || this == SENTENCE_HAS_ALL || this == TEXT_HAS_ALL;
        }

        /** The scope written as {@code name} in YAML, or null. */
        public static Scope parse(String name) {
            for (Scope s : values()) {
                if (s.yamlName.equals(name)) return s;
            }
            return null;
        }

        /** All YAML names, comma separated, for error messages (spelt once, here). */
        public static String yamlNames() {
            return java.util.Arrays.stream(values()).map(Scope::yamlName).collect(java.util.stream.Collectors.joining(", "));
        }
    }

    public Context {
        terms = List.copyOf(terms);
        groups = groups.stream().map(List::copyOf).toList();
        unless = List.copyOf(unless);
    }
}
