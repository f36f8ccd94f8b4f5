package com.wecomassist.kb.store;

/**
 * A problem with one row of an import file.
 *
 * @param line    1-based line number in the file where the row starts
 * @param entryId the row's id when it could be read, else empty
 * @param message what is wrong, in words a content editor can act on
 */
public record RowError(long line, String entryId, String message) {

    @Override
    public String toString() {
        return "line " + line + (entryId.isEmpty() ? "" : " (" + entryId + ")") + ": " + message;
    }
}
