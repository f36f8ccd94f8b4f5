package com.wecomassist.contacts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The 客户联系 directory: every customer (external contact) of the bank's employees, each follow
 * relationship (customer × employee) with its status, channel code, tags and remark, and a history
 * of changes per customer. Fed by {@code change_external_contact} callbacks ({@link ContactIntake})
 * and the full sync ({@link ContactSync}); read by the console and, later, by welcome messages,
 * inheritance, KPIs and outreach.
 *
 * <p>Applying is idempotent and order-safe ({@link FollowRules}): an event seen twice changes nothing
 * and adds no second history line, and an event older than what a relationship reflects never undoes
 * a newer state. Each apply is atomic per customer, on every instance.
 *
 * <p>The history keeps the newest {@code assist.contacts.history-limit} lines per customer: a
 * customer who is added and removed again and again does not grow without bound.
 */
public interface ContactDirectory {

    /** Applies one event. */
    Mono<ApplyOutcome> apply(ContactEvent event);

    /**
     * Applies events in their order, in one round trip where the store allows: a page of the full
     * sync is written as one batch. Answers each event's outcome, in order.
     */
    Mono<List<ApplyOutcome>> applyAll(List<ContactEvent> events);

    /** The customer with all their relationships; empty when the directory has never heard of them. */
    Mono<Customer> customer(String externalUserId);

    /** The customer's history, oldest first (at most the newest {@code history-limit} lines). */
    Flux<ContactChange> history(String externalUserId);

    /**
     * One page of an employee's customers (every status), in external_userid order: those after
     * {@code after} (null: from the start). Paged by key, so a customer added meanwhile neither
     * shifts nor repeats a page.
     */
    Mono<CustomerPage> customersOf(String employee, String after, int limit);

    /** How many of the employee's relationships are in each status (statuses with none are left out). */
    Mono<Map<ContactStatus, Long>> countsOf(String employee);

    /**
     * Churn: the relationships customers removed between {@code from} (inclusive) and {@code to}
     * (exclusive) no later than {@code withinOfAdding} after they were added, oldest removal first.
     * Removals whose adding the directory never heard of are left out.
     */
    Flux<FollowRelationship> removedByCustomer(Instant from, Instant to, Duration withinOfAdding);

    /**
     * Forgets the customer (a PIPL erasure): their name and unionid, every relationship, their history,
     * and their place in each employee's list, counts and churn. Answers how many relationships and
     * history lines were forgotten: 0 for a customer the directory does not hold (the second time).
     * The directory mirrors WeCom, which keeps the friendship: while the customer is still an
     * employee's contact, a later callback or full sync brings that relationship back.
     */
    Mono<Long> erase(String externalUserId);

    /**
     * A page of an employee's customers.
     *
     * @param relationships the employee's relationship with each
     * @param next          pass as {@code after} for the next page; null when this was the last
     */
    record CustomerPage(List<FollowRelationship> relationships, String next) {
    }
}
