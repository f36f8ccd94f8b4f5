package com.wecomassist.draft;

import reactor.core.publisher.Mono;

/**
 * Proposes the reply to one customer message, built only from the knowledge-base entries retrieved
 * for it. A drafter decides nothing about sending: the compliance check and the routing policy
 * come after it, so every draft says what it was made from (entries, prompt versions, model) and
 * whether it asks for a person.
 *
 * <p>Implementations never block and never fail for reasons the customer could see: an LLM that
 * is slow, down or talks nonsense yields a knowledge-base draft with the reason recorded. The
 * returned Mono errors only on a bug (a request the drafter cannot read).
 */
public interface Drafter {

    Mono<Draft> draft(DraftRequest request);
}
