package com.wecomassist.welcome;

import java.time.Instant;
import java.util.Objects;

/**
 * A template version put on air by a reviewer: what every instance sends for its key until the next
 * publication. It carries the text, so the instances' caches need one read per publication.
 *
 * @param reviewer who published it (never the author)
 * @param at       when it was published
 */
public record Publication(WelcomeKey key, long version, String text, String author, String reviewer, Instant at) {

    public Publication {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(at, "at");
    }
}
