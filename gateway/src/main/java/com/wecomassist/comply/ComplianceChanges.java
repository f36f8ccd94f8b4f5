package com.wecomassist.comply;

import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The compliance officers' changes to the checker: the draft (exemplars they marked, a rule pack
 * they edited) and the publication in force. Shared by every instance in a cluster, so a draft
 * started on one can be measured and published on another, and every instance follows the
 * publication ({@link #publishedNumber()} is cheap enough to poll).
 */
public interface ComplianceChanges {

    /** Most exemplars a draft may hold: a draft is reviewed and measured as one change. */
    int MAX_DRAFT_EXEMPLARS = 500;

    /** Adds an exemplar to the draft; false when the draft already holds {@link #MAX_DRAFT_EXEMPLARS}. */
    Mono<Boolean> draftExemplar(TaughtExemplar exemplar);

    /** The draft's exemplars, oldest first. */
    Flux<TaughtExemplar> draftExemplars();

    /** Takes an exemplar out of the draft; false when the draft has none with that id. */
    Mono<Boolean> dropExemplar(String id);

    /** Keeps {@code yaml} as the draft rule pack (validated by the caller), replacing any earlier draft. */
    Mono<Void> draftPack(String yaml);

    /** The draft rule pack's YAML; empty when there is none. */
    Mono<String> draftedPack();

    /** Discards the draft rule pack; false when there was none. */
    Mono<Boolean> dropPack();

    /**
     * Publishes {@code next} when the publication in force is still number {@code next.number() - 1}
     * (else false, nothing changed: another publication came first), and in the same step takes the
     * published exemplars ({@code draftIds}) out of the draft, and the draft rule pack too when it is
     * still {@code draftPackYaml} (null: the pack was not part of this change).
     */
    Mono<Boolean> publish(CompliancePublication next, Set<String> draftIds, String draftPackYaml);

    /** The publication in force; empty before the first. */
    Mono<CompliancePublication> published();

    /** The number of the publication in force, 0 before the first. */
    Mono<Long> publishedNumber();
}
