package com.wecomassist.retrieve;

import reactor.core.publisher.Mono;

/**
 * Finds the knowledge-base answers to a customer's message: the best few entries that are
 * published and valid now, with the knowledge base's calibrated confidence that the first is
 * right. The routing policy decides on that confidence whether a person must look at the reply.
 *
 * <p>The search itself blocks (Lucene, ONNX inference); adapters run it on a bounded scheduler of
 * their own and never on the caller's thread.
 */
public interface Retriever {

    /**
     * @param customerText the customer's words, personal data already masked
     * @param k            how many distinct answers at most
     */
    Mono<Retrieval> retrieve(String customerText, int k);

    /**
     * The entry of this id as served now (published and valid), for a customer who chose it from a
     * 猜你想问 menu; empty when it is not served any more. An adapter that cannot look entries up by
     * id finds none, and the customer's choice then goes to the agents.
     */
    default Mono<Retrieval.RetrievedEntry> served(String entryId) {
        return Mono.empty();
    }
}
