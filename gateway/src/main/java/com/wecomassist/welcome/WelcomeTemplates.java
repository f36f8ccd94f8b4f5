package com.wecomassist.welcome;

import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The content team's welcome templates (欢迎语): every version drafted, and which version of each key
 * is published. Shared by every instance in a cluster, so a draft written on one can be published on
 * another, and every instance follows the publications ({@link #publicationCount()} is cheap enough
 * to poll). Nothing here is read on the way of a welcome: {@link WelcomeCatalogue} keeps the published
 * texts in memory.
 */
public interface WelcomeTemplates {

    /** Keeps {@code text} as the key's next version (a draft) and answers it with its version number. */
    Mono<TemplateVersion> draft(WelcomeKey key, String text, String author, Instant at);

    /** One version; empty when the key has no such version. */
    Mono<TemplateVersion> version(WelcomeKey key, long version);

    /** Every version of the key, oldest first. */
    Flux<TemplateVersion> versions(WelcomeKey key);

    /** Every key that has at least one version. */
    Flux<WelcomeKey> keys();

    /**
     * Publishes {@code next} when the key's published version is still {@code expectedVersion} (0: none
     * yet); false, and nothing changed, when another publication came first.
     */
    Mono<Boolean> publish(Publication next, long expectedVersion);

    /** The publication in force of every key that has one. */
    Flux<Publication> published();

    /** Every publication of the key, oldest first. */
    Flux<Publication> publications(WelcomeKey key);

    /** How many publications there have been in all: an instance refreshes its cache when it moves. */
    Mono<Long> publicationCount();
}
