package com.wecomassist.comply;

import java.time.Instant;
import java.util.Objects;

/**
 * A text the compliance officer marked as a violation or as clean: an exemplar the semantic layer
 * compares with once it is published. Texts are masked for personal data before they get here.
 *
 * @param id       names it in the draft ({@code ex-...})
 * @param text     the marked text (masked)
 * @param label    {@code violation} or {@code clean}
 * @param category one of the labelled set's categories or a rule category
 * @param basis    the legal basis a violation rests on (cited when this exemplar is the nearest), may be empty
 * @param note     the officer's words on why (for the audit trail and colleagues), may be empty
 * @param by       the officer
 * @param at       when it was marked
 * @param from     the recent text it was marked from ({@link FlaggedDraft#key()}), or empty for a typed text
 */
public record TaughtExemplar(String id, String text, String label, String category, String basis, String note,
                             String by, Instant at, String from) {

    public static final String VIOLATION = "violation";
    public static final String CLEAN = "clean";

    public TaughtExemplar {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(at, "at");
        category = category == null ? "" : category;
        basis = basis == null ? "" : basis;
        note = note == null ? "" : note;
        by = by == null ? "" : by;
        from = from == null ? "" : from;
    }
}
