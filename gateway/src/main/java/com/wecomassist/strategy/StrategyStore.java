package com.wecomassist.strategy;

import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every strategy version drafted, and which version of each strategy is in force. Shared by every
 * instance in a cluster; {@link #publicationCount()} is cheap enough to poll, and the engine keeps the
 * strategies in force in memory ({@link StrategyCatalogue}).
 */
public interface StrategyStore {

    /** Keeps {@code spec} as the strategy's next version (a draft). */
    Mono<StrategyVersion> draft(String id, String spec, String author, Instant at);

    /** One version; empty when there is no such version. */
    Mono<StrategyVersion> version(String id, long version);

    /** Every version of the strategy, oldest first. */
    Flux<StrategyVersion> versions(String id);

    /** Every strategy that has a version, by id. */
    Flux<String> ids();

    /**
     * Puts {@code next} in force when the strategy's latest publication is still of {@code expectedVersion}
     * (0: none yet); false, and nothing changed, when another
     * publication came first.
     */
    Mono<Boolean> publish(StrategyPublication next, long expectedVersion);

    /** The latest publication of every strategy that has one (stopped ones included). */
    Flux<StrategyPublication> published();

    /** Every publication of the strategy, oldest first. */
    Flux<StrategyPublication> publications(String id);

    /** How many publications there have been in all. */
    Mono<Long> publicationCount();
}
