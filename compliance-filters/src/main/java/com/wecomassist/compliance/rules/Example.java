package com.wecomassist.compliance.rules;

/**
 * A test case written into the rule pack beside its rule. Packs are checked against their own
 * examples when loaded, so a reviewer can see what a rule is meant to catch and to let pass, and
 * an edit that breaks that intent is rejected before it takes effect.
 *
 * @param text       the sample text
 * @param kind       the kind of text it is checked as
 * @param shouldFlag true if the rule must match, false if it must not
 * @param line       line in the rule-pack file
 */
public record Example(String text, TextKind kind, boolean shouldFlag, int line) {
}
