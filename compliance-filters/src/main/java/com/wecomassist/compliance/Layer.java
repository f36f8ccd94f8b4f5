package com.wecomassist.compliance;

/**
 * Which layer of the check decided a verdict. The layers run in this order and a later one can
 * only make a verdict stricter, so the layer named is the one whose finding set the action.
 */
public enum Layer {
    /** The rule packs (terms, patterns, personal-data detectors). */
    RULES,
    /** Sentence embeddings against curated violation and clean exemplars ({@code semantic.SemanticLayer}). */
    SEMANTIC,
    /** The gateway's asynchronous LLM second opinion. */
    LLM,
    /** Nothing flagged the text: it passed every layer that ran. */
    NONE
}
