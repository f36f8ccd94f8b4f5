package com.wecomassist.learn;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The low-confidence drafts agents approved or edited lately (kept for
 * {@code assist.learn.decision-retention}): what an agent may suggest a variant from.
 */
public interface DecidedDrafts {

    Mono<Void> remember(DecidedDraft draft);

    /** The decided draft; empty when unknown, not low-confidence, or forgotten. */
    Mono<DecidedDraft> find(String draftId);

    /** The decided drafts of the customer's conversations ({@code ConversationKey.idWithCustomer}), by draft id. */
    Flux<DecidedDraft> forCustomer(String externalUserId);

    /** Forgets the customer's decided drafts (their words can then not become a variant); answers how many went. */
    Mono<Long> eraseCustomer(String externalUserId);
}
