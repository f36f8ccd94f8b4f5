package com.wecomassist.compliance.rules;

import java.util.Locale;

/**
 * Which kind of text is being checked. Rules say which kinds they apply to, because the same
 * words mean different things: a customer asking "is this 保本?" is not a promise, a draft saying
 * it is.
 */
public enum TextKind {
    /** A message written by a customer (checked mainly to mask personal data before logs or an LLM). */
    CUSTOMER_MESSAGE("customer-message"),
    /** A reply drafted by the machine (LLM or knowledge-base template). */
    AI_DRAFT("ai-draft"),
    /** A reply written or edited by a bank employee. */
    AGENT_REPLY("agent-reply");

    private final String yamlName;

    TextKind(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name used in rule-pack YAML and on the command line. */
    public String yamlName() {
        return yamlName;
    }

    /** Parses {@code customer-message}, {@code CUSTOMER_MESSAGE} and the like; null if unknown. */
    public static TextKind parse(String s) {
        String key = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (TextKind k : values()) {
            if (k.yamlName.equals(key)) return k;
        }
        return null;
    }
}
