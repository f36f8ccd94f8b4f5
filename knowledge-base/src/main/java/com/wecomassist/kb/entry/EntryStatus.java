package com.wecomassist.kb.entry;

/**
 * Where an entry is in its curation lifecycle. Only {@link #PUBLISHED} entries inside their
 * validity window are ever served to customers; the other states exist so the content team can
 * draft and review a change while the previous published version keeps answering.
 */
public enum EntryStatus {
    DRAFT,
    IN_REVIEW,
    PUBLISHED,
    ARCHIVED;

    /** Parses the file spelling ({@code draft}, {@code in_review}/{@code in review}, ...), case-insensitively. */
    public static EntryStatus parse(String text) {
        String norm = text.trim().toUpperCase(java.util.Locale.ROOT).replace(' ', '_').replace('-', '_');
        return valueOf(norm);
    }

    /** The spelling used in JSONL/CSV files. */
    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
