package com.wecomassist.compliance.semantic;

/** Whether an exemplar (or a labelled text) breaks a rule or is something an officer lets through. */
public enum Label {
    VIOLATION,
    CLEAN;

    /** Parses {@code violation} / {@code clean} (any case); null if neither. */
    public static Label parse(String s) {
        if (s == null) return null;
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "violation" -> VIOLATION;
            case "clean" -> CLEAN;
            default -> null;
        };
    }

    /** The name used in JSON lines. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
