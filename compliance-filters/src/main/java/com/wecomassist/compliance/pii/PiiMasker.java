package com.wecomassist.compliance.pii;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two ways personal data is hidden:
 * <ul>
 *   <li>{@link #mask(String)} for display and logs: digits replaced by {@code *} except the last
 *   four (enough for a customer or agent to recognise their own card), the local part of an
 *   e-mail address reduced to its first character. Not reversible.</li>
 *   <li>{@link #pseudonymise(String)} for text that leaves the bank: each distinct value becomes a
 *   numbered placeholder such as {@code [身份证1]}, and {@link PseudonymisedText#restore(String)}
 *   puts the values back into the answer.</li>
 * </ul>
 * Thread-safe.
 */
public final class PiiMasker {

    private static final Pattern EXISTING_PLACEHOLDER =
            Pattern.compile("[\\[【［]\\s*(身份证|银行卡|手机号|邮箱)\\s*(\\d{1,4})\\s*[\\]】］]");

    private final PiiDetector detector;

    public PiiMasker(PiiDetector detector) {
        this.detector = detector;
    }

    /** Masker over {@link PiiDetector#standard()}. */
    public static PiiMasker standard() {
        return new PiiMasker(PiiDetector.standard());
    }

    public PiiDetector detector() {
        return detector;
    }

    /** {@code text} with every piece of personal data masked, last four digits kept. */
    public String mask(String text) {
        List<PiiMatch> found = detector.find(text);
        if (found.isEmpty()) return text;
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        for (PiiMatch m : found) {
            out.append(text, last, m.start()).append(maskValue(m));
            last = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    /** The masked form of one finding: {@code 6222********1234}, {@code z***@bank.com}. */
    public static String maskValue(PiiMatch m) {
        String v = m.value();
        StringBuilder b = new StringBuilder(v);
        if (m.kind() == PiiKind.EMAIL) {
            int at = Math.max(v.indexOf('@'), v.indexOf('＠'));
            for (int i = 1; i < at; i++) b.setCharAt(i, '*');
            return b.toString();
        }
        int kept = 0;
        for (int i = v.length() - 1; i >= 0; i--) {
            char c = v.charAt(i);
            boolean significant = PiiDetector.isDigit(c) || c == 'X' || c == 'x';
            if (!significant) continue;
            if (kept < 4) {
                kept++;
            } else {
                b.setCharAt(i, '*');
            }
        }
        return b.toString();
    }

    /**
     * Replaces each distinct value with a numbered placeholder per kind ({@code [银行卡1]},
     * {@code [银行卡2]}); the same number written twice gets the same placeholder, so the model
     * can still tell that two mentions are the same card. Numbering skips placeholders already
     * present in the text, so a customer who types {@code [身份证1]} cannot collide with a real one.
     */
    public PseudonymisedText pseudonymise(String text) {
        List<PiiMatch> found = detector.find(text);
        if (found.isEmpty()) return new PseudonymisedText(text, Map.of());
        Map<PiiKind, Integer> counters = new EnumMap<>(PiiKind.class);
        Matcher existing = EXISTING_PLACEHOLDER.matcher(text);
        while (existing.find()) {
            PiiKind k = PiiKind.fromLabel(existing.group(1));
            counters.merge(k, Integer.parseInt(existing.group(2)), Math::max);
        }
        Map<String, String> byKey = new HashMap<>();
        Map<String, String> mapping = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        for (PiiMatch m : found) {
            String key = m.kind() + ":" + m.key();
            String placeholder = byKey.get(key);
            if (placeholder == null) {
                int n = counters.merge(m.kind(), 1, Integer::sum);
                placeholder = "[" + m.kind().label() + n + "]";
                byKey.put(key, placeholder);
                mapping.put(placeholder, m.value());
            }
            out.append(text, last, m.start()).append(placeholder);
            last = m.end();
        }
        out.append(text, last, text.length());
        return new PseudonymisedText(out.toString(), mapping);
    }
}
