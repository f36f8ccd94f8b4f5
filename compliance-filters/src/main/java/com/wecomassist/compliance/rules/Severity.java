package com.wecomassist.compliance.rules;

/**
 * How serious a breach of a rule is, for reporting and prioritising reviews. Independent of the
 * action: a rule may be critical yet only require review when the wording is ambiguous.
 */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** Parses {@code high}, {@code HIGH}; null if unknown. */
    public static Severity parse(String s) {
        String key = s.trim().toUpperCase(java.util.Locale.ROOT);
        for (Severity v : values()) {
            if (v.name().equals(key)) return v;
        }
        return null;
    }
}
