package com.wecomassist.compliance.rules;

/**
 * What happens to a text when a rule matches, in increasing order of severity. A verdict takes
 * the most severe action of its hits, so the order of the constants is the policy.
 */
public enum Action {
    /** Nothing matched: the text may be sent as is. */
    PASS,
    /** Mandatory wording (such as the investment risk notice) is appended, then the text may be sent. */
    APPEND_NOTICE,
    /** Part of the text is replaced (personal data masked), then the text may be sent. */
    REWRITE,
    /** A person must approve the text before it is sent. */
    REVIEW,
    /** The text must not be sent. */
    BLOCK;

    /** The more severe of the two. */
    public Action max(Action other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** Parses a YAML or command-line name ({@code BLOCK}, {@code append-notice}); null if unknown. */
    public static Action parse(String s) {
        String key = s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (Action a : values()) {
            if (a.name().equals(key)) return a;
        }
        return null;
    }
}
