package com.wecomassist.compliance.rules;

import java.util.List;

/**
 * A co-occurrence matcher: a match when a member of every group occurs close together (same
 * clause, same sentence, or within a number of characters), in any order unless {@code ordered}.
 * This describes meaning rather than a fixed string: "a pledge word near a loss word" catches
 * 亏了算我的, 亏损部分我来补, 赔了我给您补上 alike. Each group is negation-aware: a negation cue
 * right before a member flips it, so 不保证收益 is not a pledge of returns, while a group written
 * as {@code negated:} asks for the flip (本金 + 不会亏).
 *
 * <p>Group members ride along in the rule set's single Aho-Corasick pass; the first group is the
 * anchor the engine starts from, so put the rarest words there. A speech act ({@code requests:}
 * in YAML: a request verb and its object, optionally an addressee) is read into a NearSpec too.
 *
 * @param groups   the term groups; every one must be present
 * @param within   how close the groups must be
 * @param chars    for {@link Within#CHARS}: the largest distance, in characters, of a member of
 *                 any other group from the anchor member (never across a sentence end)
 * @param ordered  true if the groups must occur in the listed order
 * @param negation the preceded-by context whose cues flip a member; null if the pack has none
 * @param notIn    longer terms a member must not lie inside (保证 in 保证金, 一定 in 一定比例)
 * @param line     line in the rule-pack file
 */
public record NearSpec(List<Group> groups, Within within, int chars, boolean ordered, Context negation,
                       List<String> notIn, int line) {

    /** How close the groups of a {@link NearSpec} must be. */
    public enum Within {
        CLAUSE("clause"), SENTENCE("sentence"), CHARS("a number of characters");

        private final String yamlName;

        Within(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    /** Whether a group's member must be negated, must not be, or may be either. */
    public enum Polarity {
        /** Written as a plain list: the member counts only when no negation cue stands right before it. */
        AFFIRMED("affirmed"),
        /** {@code negated:} the member counts only when a negation cue stands right before it. */
        NEGATED("negated"),
        /** {@code either:} negation does not matter (addressees such as 您, objects such as 验证码). */
        EITHER("either");

        private final String yamlName;

        Polarity(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    /** One group of alternative terms (as written; normalised when compiled) and its polarity. */
    public record Group(List<String> terms, Polarity polarity) {
        public Group {
            terms = List.copyOf(terms);
        }
    }

    public NearSpec {
        groups = List.copyOf(groups);
        notIn = List.copyOf(notIn);
    }
}
