package com.wecomassist.strategy;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a strategy as its author wrote it (the JSON of a {@link Strategy}, kept as written).
 * Never changed or removed: an edit is a new version, which runs only when a reviewer publishes it.
 *
 * @param version 1 for a strategy's first draft, one more for each after it
 */
public record StrategyVersion(String id, long version, String spec, String author, Instant at) {

    public StrategyVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(at, "at");
    }
}
