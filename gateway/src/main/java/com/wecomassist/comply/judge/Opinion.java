package com.wecomassist.comply.judge;

import java.util.Objects;

/**
 * What the judge said about a text.
 *
 * @param violation true when the judge holds the text to break one of the {@link Categories}
 * @param category  the category id when it is a violation, {@code none} otherwise
 * @param reason    the judge's reason in one sentence (Chinese, for the reviewer)
 * @param prompt    {@code id@version} of the prompts the opinion was asked with, for the audit
 * @param model     the model that gave it, as the server named it
 */
public record Opinion(boolean violation, String category, String reason, String prompt, String model) {

    public static final String NONE = "none";

    public Opinion {
        Objects.requireNonNull(category, "category");
        reason = reason == null ? "" : reason;
        prompt = prompt == null ? "" : prompt;
        model = model == null ? "" : model;
        if (violation && !Categories.ALL.contains(category)) {
            throw new IllegalArgumentException("not a violation category: " + category);
        }
    }
}
