package com.wecomassist.kb.store;

import java.util.List;

/**
 * An import file that cannot be taken as a whole: it lists every bad row so the content team can
 * fix them all at once. Nothing of the file has been applied when this is thrown.
 */
public final class EntryFileException extends RuntimeException {

    private final List<RowError> errors;

    public EntryFileException(String file, List<RowError> errors) {
        super(file + ": " + errors.size() + " bad row(s), nothing imported; first: " + errors.get(0));
        this.errors = List.copyOf(errors);
    }

    public List<RowError> errors() {
        return errors;
    }
}
