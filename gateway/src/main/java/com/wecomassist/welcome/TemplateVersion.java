package com.wecomassist.welcome;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a welcome template as its author wrote it. Versions are never changed or removed:
 * an edit is a new version (a draft), which goes on air only when a reviewer publishes it.
 *
 * @param version 1 for a key's first draft, one more for each after it
 */
public record TemplateVersion(WelcomeKey key, long version, String text, String author, Instant at) {

    public TemplateVersion {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(at, "at");
    }
}
