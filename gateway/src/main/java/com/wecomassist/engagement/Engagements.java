package com.wecomassist.engagement;

import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who engaged which customer, when ({@link Engagement}). Read per customer and employee over a span of time:
 * whether the 管户 engaged the customer in the first month after adding them. At most one engagement per
 * employee, customer, source and day is kept (the first of that day): what is asked is whether there was
 * one, not how many. A customer's engagements are kept for {@link #KEPT_DAYS} days after the last one.
 */
public interface Engagements {

    /** How long a customer's engagements are kept after the last: longer than any friendship's first month matters. */
    int KEPT_DAYS = 400;

    Mono<Void> record(Engagement engagement);

    /** Whether {@code employee} engaged {@code customer} at a time in [{@code from}, {@code to}]. */
    default Mono<Boolean> engagedWithin(String customer, String employee, Instant from, Instant to) {
        // a customer has a handful of engagements (one per employee, source and day, kept 400 days): read them all
        return of(customer).any(e -> e.employee().equals(employee) && !e.at().isBefore(from) && !e.at().isAfter(to));
    }

    /** The customer's engagements, oldest first (their personal data: the export). */
    Flux<Engagement> of(String customer);

    /** Forgets the customer's engagements (PIPL erasure); answers how many. */
    Mono<Long> erase(String customer);
}
