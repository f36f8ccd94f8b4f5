package com.wecomassist.compliance.pii;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text whose personal data was replaced by placeholders ({@code [身份证1]}, {@code [银行卡1]},
 * {@code [手机号1]}, {@code [邮箱1]}, {@code [证件号1]}, {@code [姓名1]}, {@code [地址1]}) before it leaves the bank, for example to an LLM, together
 * with the mapping needed to put the values back into the reply. The mapping must stay inside the
 * bank: keep this object, send only {@link #text()}.
 *
 * @param text    the text with placeholders
 * @param mapping placeholder to original value
 */
public record PseudonymisedText(String text, Map<String, String> mapping) {

    public PseudonymisedText {
        mapping = Map.copyOf(mapping);
    }

    /**
     * Placeholders of every kind as a model may echo them: ASCII or full-width brackets, stray
     * spaces ({@code [姓名1]}, {@code 【地址 2】}). For callers that strip placeholders a reply still
     * holds after {@link #restore}, so the list of kinds lives in one place.
     */
    public static Pattern placeholders() {
        return PiiKind.PLACEHOLDER;
    }

    /**
     * Puts the original values back into {@code textWithPlaceholders} (typically the model's
     * reply). Placeholders this text did not issue are left untouched, so a model cannot make up
     * a placeholder and receive someone's number.
     */
    public String restore(String textWithPlaceholders) {
        if (mapping.isEmpty()) return textWithPlaceholders;
        Matcher m = PiiKind.PLACEHOLDER.matcher(textWithPlaceholders);
        StringBuilder out = new StringBuilder(textWithPlaceholders.length() + 32);
        while (m.find()) {
            String original = mapping.get("[" + m.group(1) + m.group(2) + "]");
            m.appendReplacement(out, Matcher.quoteReplacement(original != null ? original : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
