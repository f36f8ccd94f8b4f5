package com.wecomassist.compliance.eval;

import com.wecomassist.compliance.rules.Action;

import java.util.List;

/**
 * A row the checker got wrong: a violation that passed, or a clean row that was stopped.
 *
 * @param row    the labelled row
 * @param actual the checker's action
 * @param rules  the ids of the rules (and {@code semantic.<category>}) that hit
 */
public record Miss(LabelledText row, Action actual, List<String> rules) {

    public Miss {
        rules = List.copyOf(rules);
    }
}
