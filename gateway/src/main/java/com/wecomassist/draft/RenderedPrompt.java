package com.wecomassist.draft;

/** A template rendered with its values, and which template at which version it was. */
public record RenderedPrompt(PromptRef ref, String text) {
}
