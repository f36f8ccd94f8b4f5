package com.wecomassist.compliance.eval;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.compliance.semantic.Label;

/**
 * One row of the labelled compliance set.
 *
 * @param text     what a draft or an agent would send
 * @param label    violation or clean
 * @param expected the action a compliance officer wants (PASS for clean rows)
 * @param category the category (for a clean row: the category whose words it uses legitimately)
 * @param basis    the legal basis
 * @param kind     AI draft or agent reply
 */
public record LabelledText(String text, Label label, Action expected, String category, String basis, TextKind kind) {
}
