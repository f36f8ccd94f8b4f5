package com.wecomassist.draft;

/** Which drafter made a draft; the metric tag and audit value is {@link #tag()}. */
public enum DrafterKind {
    /** An OpenAI-compatible model wrote the text from the entries. */
    LLM("llm"),
    /** Composed from the top entry by a template, no model involved. */
    KB_TEMPLATE("kb-template");

    private final String tag;

    DrafterKind(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
