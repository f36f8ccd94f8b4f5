package com.wecomassist.staff.file;

import java.nio.file.Path;

/**
 * The staff file exists but cannot be read or understood: the gateway does not start. Starting with an
 * empty directory instead would create the configured users afresh, enabled, with their configured
 * passwords, and forget every user an administrator made: the restart would undo their decisions.
 */
public final class UnreadableStaffFileException extends IllegalStateException {

    private final transient Path file;

    UnreadableStaffFileException(Path file, String why, Throwable cause) {
        super("The staff file " + file + " (assist.console.staff-file) cannot be read: " + why, cause);
        this.file = file;
    }

    /** The file, absolute. */
    public Path file() {
        return file;
    }
}
