package com.wecomassist.settings;

import java.util.List;

/** The {@code assist.*} settings have problems: one line each, reported by {@link InvalidSettingsFailureAnalyzer}. */
final class InvalidSettingsException extends RuntimeException {

    private final List<String> problems;

    InvalidSettingsException(List<String> problems) {
        super("invalid assist.* settings:\n" + String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
