package com.wecomassist.draft;

/** A prompt template at one version (see prompts/README.md), as recorded with a draft. */
public record PromptRef(String id, int version) {

    @Override
    public String toString() {
        return id + "@" + version;
    }
}
