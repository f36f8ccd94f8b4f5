package com.wecomassist.comply;

import com.wecomassist.conversation.ConversationKey;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The compliance officer's view of what the rules stopped lately: the most recent drafts and
 * agents' texts that were blocked or sent to review, newest first, capped (the oldest fall off).
 * A convenience copy for reading; the audit trail stays the record.
 */
public interface FlaggedDrafts {

    Mono<Void> record(FlaggedDraft draft);

    /** The most recent ones whose verdict is one of {@code actions}, newest first, at most {@code limit}. */
    Flux<FlaggedDraft> recent(Set<String> actions, int limit);

    /** Every text kept from the customer's conversations ({@code ConversationKey.idWithCustomer}), newest first. */
    Flux<FlaggedDraft> forCustomer(String externalUserId);

    /** Forgets every text {@code which} selects, whatever its verdict; answers how many went. */
    Mono<Long> discard(Predicate<FlaggedDraft> which);

    /** Forgets every text kept from the customer's conversations; answers how many went. */
    default Mono<Long> eraseCustomer(String externalUserId) {
        return discard(d -> ConversationKey.idWithCustomer(d.conversation(), externalUserId));
    }

    /**
     * Forgets the texts kept since before {@code cutoff}: the list's retention, so that a quiet list
     * does not keep customers' texts for ever. Answers how many went.
     */
    default Mono<Long> forgetBefore(Instant cutoff) {
        return discard(d -> d.at().isBefore(cutoff));
    }
}
