package com.wecomassist.compliance.pii;

import java.util.Locale;

/** The kinds of personal data the detectors find, with the label used in placeholders ({@code [身份证1]}). */
public enum PiiKind {
    RESIDENT_ID("身份证"),
    BANK_CARD("银行卡"),
    MOBILE("手机号"),
    EMAIL("邮箱");

    private final String label;

    PiiKind(String label) {
        this.label = label;
    }

    /** Chinese label used in placeholders and explanations. */
    public String label() {
        return label;
    }

    /** Parses {@code RESIDENT_ID}, {@code resident-id}; null if unknown. */
    public static PiiKind parse(String s) {
        String key = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (PiiKind k : values()) {
            if (k.name().equals(key)) return k;
        }
        return null;
    }

    static PiiKind fromLabel(String label) {
        for (PiiKind k : values()) {
            if (k.label.equals(label)) return k;
        }
        return null;
    }
}
