package com.wecomassist.comply.judge;

import java.util.List;

/**
 * The violation categories of the labelled compliance set, as ids. The judge's prompt lists the
 * same ids, and an answer naming any other is refused: a category is what the reviewer reads and
 * what the audit counts, so an invented one is worth nothing.
 */
public final class Categories {

    public static final List<String> ALL = List.of("return-promise", "suitability", "inducement",
            "credit-misconduct", "risk-notice-missing", "credentials-request", "disparagement",
            "unlicensed-investment", "off-channel", "aml-structuring", "abusive-language",
            "deposit-insurance-false", "superlative", "false-endorsement", "pressure");

    private Categories() {
    }
}
