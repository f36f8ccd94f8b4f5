package com.wecomassist.kpi;

import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.customerlinks.CustomerLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * An employee's daily figures from the contact directory and the customer links ({@link EmployeeDay}),
 * for a range of days in one pass: the employee's relationships are read once (page by page, each kept
 * as three numbers), then their 管户 customers once, and every day of the range is counted from them.
 *
 * <p>What a day is taken from: a relationship counts as a friend at a day's end when it was added
 * before it and is active now or was removed after it. The directory keeps each relationship's latest
 * add and removal, so for a past day a customer removed and added again meanwhile counts from the
 * latest add; and 管户 is the bank's assignment as the run finds it. Yesterday's figures, computed by
 * the daily run, are exact; a backfill of older days is as good as that allows.
 */
public class DirectoryFigures {

    /** Relationships and links per read: pages big enough for a manager with tens of thousands of customers. */
    static final int PAGE = 1_000;

    private final ContactDirectory directory;
    private final CustomerLinks links;
    private final ZoneId zone;
    private final Clock clock;

    public DirectoryFigures(ContactDirectory directory, CustomerLinks links, ZoneId zone, Clock clock) {
        this.directory = directory;
        this.links = links;
        this.zone = zone;
        this.clock = clock;
    }

    /** The employee's figures of each day from {@code from} to {@code to} (inclusive), without WeCom's statistics. */
    public Mono<List<EmployeeDay>> of(String employee, LocalDate from, LocalDate to) {
        return relationships(employee).flatMap(friends -> managedOf(employee, friends, from, to)
                .map(covered -> days(employee, friends, covered, from, to)));
    }

    /** A relationship as the counting needs it: epoch milliseconds, {@link Long#MAX_VALUE} for never. */
    private record Span(long added, long removed, boolean removedByCustomer, boolean removedByEmployee) {

        boolean friendAt(long end) {
            return added < end && removed >= end;
        }
    }

    private Mono<Map<String, Span>> relationships(String employee) {
        return directory.customersOf(employee, null, PAGE)
                .expand(page -> page.next() == null ? Mono.empty() : directory.customersOf(employee, page.next(), PAGE))
                .reduceWith(HashMap<String, Span>::new, (spans, page) -> {
                    for (FollowRelationship r : page.relationships()) {
                        Span span = span(r);
                        if (span != null) {
                            spans.put(r.externalUserId(), span);
                        }
                    }
                    return spans;
                });
    }

    /** Null for a relationship that never was a friendship (half added, a transfer not yet taken over). */
    private static Span span(FollowRelationship r) {
        if (r.addedAt() == null) {
            return null;
        }
        long added = r.addedAt().toEpochMilli();
        if (r.status() == ContactStatus.ACTIVE) {
            return new Span(added, Long.MAX_VALUE, false, false);
        }
        if (r.status().removed() && r.removedAt() != null) {
            return new Span(added, r.removedAt().toEpochMilli(), r.status() == ContactStatus.REMOVED_BY_CUSTOMER,
                    r.status() == ContactStatus.REMOVED_BY_EMPLOYEE);
        }
        return null;
    }

    /**
     * The number of 管户 customers (first element) and, per day of the range, how many of them were friends
     * of the employee at its end.
     */
    private Mono<long[]> managedOf(String employee, Map<String, Span> friends, LocalDate from, LocalDate to) {
        long[] ends = dayEnds(from, to);
        return links.allCustomersOf(employee, PAGE).reduceWith(() -> new long[ends.length + 1], (counts, link) -> {
            counts[0]++;
            Span span = friends.get(link.externalUserId());
            if (span != null) {
                for (int d = 0; d < ends.length; d++) {
                    if (span.friendAt(ends[d])) {
                        counts[d + 1]++;
                    }
                }
            }
            return counts;
        });
    }

    private List<EmployeeDay> days(String employee, Map<String, Span> friends, long[] managed, LocalDate from,
                                   LocalDate to) {
        Instant now = clock.instant();
        long[] ends = dayEnds(from, to);
        long day = Duration.ofDays(1).toMillis();
        List<EmployeeDay> out = new ArrayList<>();
        for (int d = 0; d < ends.length; d++) {
            long end = ends[d];
            long start = from.plusDays(d).atStartOfDay(zone).toInstant().toEpochMilli();
            long friendsAtEnd = 0;
            long added = 0;
            long byEmployee = 0;
            long byCustomer = 0;
            long added30 = 0;
            long churned30 = 0;
            long added90 = 0;
            long churned90 = 0;
            for (Span s : friends.values()) {
                if (s.friendAt(end)) {
                    friendsAtEnd++;
                }
                if (s.added >= start && s.added < end) {
                    added++;
                }
                if (s.removed >= start && s.removed < end) {
                    if (s.removedByEmployee) {
                        byEmployee++;
                    } else if (s.removedByCustomer) {
                        byCustomer++;
                    }
                }
                boolean churned = s.removedByCustomer && s.removed < end;
                if (s.added < end && s.added >= end - 30 * day) {
                    added30++;
                    churned30 += churned ? 1 : 0;
                }
                if (s.added < end && s.added >= end - 90 * day) {
                    added90++;
                    churned90 += churned ? 1 : 0;
                }
            }
            out.add(new EmployeeDay(from.plusDays(d), employee, managed[0], managed[d + 1], friendsAtEnd, added,
                    byEmployee, byCustomer, added30, churned30, added90, churned90, null, now));
        }
        return out;
    }

    /** Each day's end (the next day's start in the bank's zone), epoch milliseconds. */
    private long[] dayEnds(LocalDate from, LocalDate to) {
        return from.datesUntil(to.plusDays(1))
                .mapToLong(d -> d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli()).toArray();
    }
}
