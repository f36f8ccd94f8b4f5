package com.wecomassist.compliance.pii;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kinds of personal data the detectors find, with the label used in placeholders ({@code [身份证1]}).
 * Rule packs name the kinds they act on ({@code pii: [resident-id, ...]}), so a kind added here
 * changes masking, not the verdict of a pack that does not list it.
 */
public enum PiiKind {
    RESIDENT_ID("身份证"),
    BANK_CARD("银行卡"),
    MOBILE("手机号"),
    EMAIL("邮箱"),
    /**
     * 18 characters with a real province code and birth date whose check character does not fit:
     * a mistyped ID number still identifies its owner (17 of the 18 characters are right).
     */
    RESIDENT_ID_LIKE("证件号"),
    /** A person's name (surname and given name), found by context and person-name recognition. */
    PERSON_NAME("姓名"),
    /** An address down to the street, house, compound or room. */
    ADDRESS("地址");

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

    /** A placeholder of any kind as a model may echo it: ASCII or full-width brackets, stray spaces. Group 1 the label, 2 the number. */
    static final Pattern PLACEHOLDER = Pattern.compile("[\\[【［]\\s*("
            + String.join("|", Arrays.stream(values()).map(PiiKind::label).toList())
            + ")\\s*(\\d{1,4})\\s*[\\]】］]");

    static PiiKind fromLabel(String label) {
        for (PiiKind k : values()) {
            if (k.label.equals(label)) return k;
        }
        return null;
    }
}
