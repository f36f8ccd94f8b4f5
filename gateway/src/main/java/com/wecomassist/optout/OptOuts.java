package com.wecomassist.optout;

import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The suppression list (退订): customers who asked not to receive marketing messages. The strategies' engine
 * reads it for every customer it decides for ({@code outreach/CustomerFactsReader}).
 *
 * <p>Every change carries the time the customer asked, and is decided atomically per customer on every
 * instance: a change older than the last one the store knows of (an opt-out or an opt back in) is
 * {@link OptOut.Change#STALE}, so the bank's events may arrive late and in any order. The store remembers
 * when a customer last opted back in for that purpose (never shown). Kept through a PIPL erasure on
 * purpose: the list exists so that the person is not contacted again.
 */
public interface OptOuts {

    /** Opts the customer out; {@link OptOut.Change#UNCHANGED} when they are already (the first opt-out is kept). */
    Mono<OptOut.Change> optOut(OptOut optOut);

    /** Opts the customer back in as of {@code at}; {@link OptOut.Change#UNCHANGED} when they were not opted out. */
    Mono<OptOut.Change> optIn(String externalUserId, Instant at);

    /** The customer's opt-out; empty when they are not opted out. */
    Mono<OptOut> optOutOf(String externalUserId);

    /** Whether the customer is opted out. */
    default Mono<Boolean> isOptedOut(String externalUserId) {
        return optOutOf(externalUserId).hasElement();
    }

    /**
     * One page of the opted-out customers in external_userid order, those after {@code after} (null: from the
     * start), at most {@code limit}.
     */
    Mono<List<OptOut>> page(String after, int limit);
}
