package com.wecomassist.draft;

import java.util.List;
import java.util.Objects;

/**
 * What a drafter gets for one customer message.
 *
 * @param conversationId    for logs and metrics only (never sent to a model)
 * @param customerText      the customer's message; the reply pipeline masks personal data before it
 *                          gets here, and drafters that send text out of the bank pseudonymise
 *                          whatever personal data is left (other callers may pass raw text)
 * @param sources           the retrieved entries, best first; empty when nothing matched
 * @param conversationStart true for the first reply of a conversation (the reply greets)
 */
public record DraftRequest(String conversationId, String customerText, List<DraftSource> sources,
                           boolean conversationStart) {

    public DraftRequest {
        Objects.requireNonNull(customerText, "customerText");
        sources = List.copyOf(sources);
        conversationId = conversationId == null ? "" : conversationId;
    }
}
