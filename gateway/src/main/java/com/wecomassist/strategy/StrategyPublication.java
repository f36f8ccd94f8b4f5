package com.wecomassist.strategy;

import java.time.Instant;
import java.util.Objects;

/**
 * A strategy version put in force by a reviewer (never its author), or a strategy stopped
 * ({@code active} false: no new customer is taken on; what was sent is still measured).
 */
public record StrategyPublication(String id, long version, String spec, String author, String reviewer,
                                  boolean active, Instant at) {

    public StrategyPublication {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(at, "at");
    }
}
