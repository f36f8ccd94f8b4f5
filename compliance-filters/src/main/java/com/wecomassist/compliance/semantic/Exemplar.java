package com.wecomassist.compliance.semantic;

import java.util.Objects;

/**
 * One curated example the semantic layer compares sentences with.
 *
 * @param text     what was (or would be) written to a customer
 * @param label    a violation, or a clean text that uses the category's words legitimately (a near miss)
 * @param category the compliance category (e.g. {@code return-promise})
 * @param basis    the legal basis a violation of this kind rests on; cited when it is the nearest
 * @param source   who added it, for the audit: {@code shipped}, {@code officer:<user>}, …
 */
public record Exemplar(String text, Label label, String category, String basis, String source) {

    public Exemplar {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
        category = category == null ? "" : category;
        basis = basis == null ? "" : basis;
        source = source == null ? "" : source;
    }
}
