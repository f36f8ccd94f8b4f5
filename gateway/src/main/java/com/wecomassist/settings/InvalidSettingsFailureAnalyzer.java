package com.wecomassist.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link InvalidSettingsException} into Spring Boot's "APPLICATION FAILED TO START" report:
 * the problem lines and what to do, without a stack trace (the trace says nothing about a typo).
 * Registered in META-INF/spring.factories.
 */
final class InvalidSettingsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingsException cause) {
        return new FailureAnalysis(String.join(System.lineSeparator(), cause.problems()),
                "Correct or remove these settings. README.md, \"Configuration reference\", lists every assist.* "
                        + "setting with its default; as an environment variable a setting is written in capitals "
                        + "with _ for . and - (assist.wecom.corp-id: ASSIST_WECOM_CORP_ID).", cause);
    }
}
