package com.wecomassist.kb.eval;

/**
 * One labelled customer question: the phrasing, the entry it belongs to and that entry's answer
 * key. Correct means the top result has the expected answer key (the customer gets the right text).
 */
public record EvalQuery(String query, String expectedId, String answerId) {

    public String expectedAnswer() {
        return answerId == null || answerId.isBlank() ? expectedId : answerId;
    }
}
