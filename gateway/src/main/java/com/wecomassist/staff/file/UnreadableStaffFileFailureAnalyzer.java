package com.wecomassist.staff.file;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link UnreadableStaffFileException} into what to do, without a stack trace (it says nothing
 * about a damaged file). Registered in META-INF/spring.factories.
 */
final class UnreadableStaffFileFailureAnalyzer extends AbstractFailureAnalyzer<UnreadableStaffFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnreadableStaffFileException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "The file holds the console users as administrators left them (who is disabled, the passwords they "
                        + "set, the users they made), so the gateway does not start without it. Restore it from a "
                        + "backup, or correct it (JSON, written by the gateway), or give the process the right to "
                        + "read it. Only if its contents are to be thrown away: move it aside, and the next start "
                        + "creates the configured users afresh, enabled, with their configured passwords.", cause);
    }
}
