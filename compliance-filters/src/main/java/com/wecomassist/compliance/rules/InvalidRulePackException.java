package com.wecomassist.compliance.rules;

/**
 * A rule pack that cannot be used, with the file, line and problem, so the person who edited it
 * can fix it. Loading a directory never lets such a pack replace a working one.
 */
public final class InvalidRulePackException extends RuntimeException {

    private final String source;
    private final int line;
    private final String problem;

    public InvalidRulePackException(String source, int line, String problem) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** File name or resource the pack came from. */
    public String source() {
        return source;
    }

    /** 1-based line of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }

    /** The problem in words, without file and line. */
    public String problem() {
        return problem;
    }
}
