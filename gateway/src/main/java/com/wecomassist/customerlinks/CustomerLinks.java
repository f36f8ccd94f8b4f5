package com.wecomassist.customerlinks;

import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bank's side of each WeCom customer ({@link CustomerLink}): their customer number, 管户 and tier.
 * Read by routing ({@code route.AccountManagers}: the customer's 管户), by coverage (the 管户 customers
 * of an employee, against the contact directory) and by outreach.
 *
 * <p>Every write carries the time the bank says it was true ({@code asOf}) and is decided per customer,
 * atomically on every instance: a record older than what the store holds is {@link LinkOutcome#STALE},
 * the same record again is {@link LinkOutcome#UNCHANGED}, so files, API calls and Kafka records may come
 * twice and in any order. At the same {@code asOf} a removal wins over an upsert, and of two different
 * upserts the later to arrive wins. A removal leaves a marker with its time (never shown), so that an
 * older upsert arriving later does not bring the link back; {@link #erase} forgets even that.
 */
public interface CustomerLinks {

    /** Links the customer (or changes their link), unless the store holds something newer. */
    Mono<LinkOutcome> upsert(CustomerLink link);

    /** Upserts in their order, in one round trip where the store allows (an import's batch); each outcome, in order. */
    Mono<List<LinkOutcome>> upsertAll(List<CustomerLink> links);

    /** Unlinks the customer as of {@code asOf}: {@link LinkOutcome#APPLIED} when a link was removed. */
    Mono<LinkOutcome> remove(String externalUserId, Instant asOf, CustomerLink.Source source);

    /**
     * Moves the customer from one 管户 to another when a 客户继承 takeover completed (the inheritance
     * feature calls this): {@link LinkOutcome#APPLIED} when {@code fromUserId} was their 管户 and
     * {@code at} is not older than the link; {@link LinkOutcome#NOT_MANAGER} when someone else is
     * their 管户 now (the bank reassigned them meanwhile: the bank wins);
     * {@link LinkOutcome#UNKNOWN_CUSTOMER} without a link (the bank has not linked them: nothing to move).
     */
    Mono<LinkOutcome> reassignManager(String externalUserId, String fromUserId, String toUserId, Instant at);

    /** The customer's link; empty when they have none (never linked, or removed). */
    Mono<CustomerLink> link(String externalUserId);

    /**
     * The link that carries this customer number (the bank's events name customers by it): empty when no
     * live link does. Should the bank give one number to two customers, the one linked last answers.
     */
    Mono<CustomerLink> byCustomerNo(String customerNo);

    /**
     * One page of the customers whose 管户 the employee is, in external_userid order: those after
     * {@code after} (null: from the start). Paged by key, so links made meanwhile neither shift nor
     * repeat a page.
     */
    Mono<LinkPage> customersOf(String managerUserId, String after, int limit);

    /** How many customers the employee is 管户 of. */
    Mono<Long> countOf(String managerUserId);

    /** Every customer the employee is 管户 of, page by page (for millions: never all in memory at once). */
    default Flux<CustomerLink> allCustomersOf(String managerUserId, int pageSize) {
        return customersOf(managerUserId, null, pageSize)
                .expand(page -> page.next() == null ? Mono.empty() : customersOf(managerUserId, page.next(), pageSize))
                .concatMapIterable(LinkPage::links);
    }

    /**
     * Forgets everything about the customer (PIPL erasure), the removal marker and their number's entry too;
     * answers how many links went (0 or 1).
     */
    Mono<Long> erase(String externalUserId);

    /**
     * A page of an employee's 管户 customers.
     *
     * @param next pass as {@code after} for the next page; null when this was the last
     */
    record LinkPage(List<CustomerLink> links, String next) {
    }
}
