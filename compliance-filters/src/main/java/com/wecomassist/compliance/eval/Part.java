package com.wecomassist.compliance.eval;

/** The two parts of the labelled compliance set. */
public enum Part {
    /** Rules, exemplars and thresholds are fitted on it. */
    TUNE("tune"),
    /** Written by a different author and only measured: nothing is fitted on it. */
    HELD_BACK("held-back");

    private final String directory;

    Part(String directory) {
        this.directory = directory;
    }

    /** The directory under {@code compliance-set/} on the classpath. */
    public String directory() {
        return directory;
    }

    /** {@code tune}, {@code held-back}, {@code HELD_BACK}…; null if neither. */
    public static Part parse(String s) {
        String key = s.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        for (Part p : values()) if (p.directory.equals(key)) return p;
        return null;
    }
}
