package com.wecomassist.contacts.memory;

import com.wecomassist.contacts.ApplyOutcome;
import com.wecomassist.contacts.ContactChange;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.Customer;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.contacts.FollowRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Embedded mode: the directory in this process's memory, lost at a restart (a full sync rebuilds it).
 * Each customer's record changes under its own lock, so events of one customer apply one at a time.
 */
public class InMemoryContactDirectory implements ContactDirectory {

    private final Map<String, Record> customers = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListSet<String>> byEmployee = new ConcurrentHashMap<>();
    private final int historyLimit;

    public InMemoryContactDirectory(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    /** One customer: name, unionid, relationships by employee, history (bounded). */
    private static final class Record {
        /** Set, under the record's lock, when the customer was erased: an apply holding it takes a new one. */
        boolean erased;
        String name;
        String unionid;
        final Map<String, FollowRelationship> relationships = new TreeMap<>();
        final Deque<ContactChange> history = new ArrayDeque<>();
    }

    @Override
    public Mono<ApplyOutcome> apply(ContactEvent event) {
        return Mono.fromCallable(() -> applyNow(event));
    }

    @Override
    public Mono<List<ApplyOutcome>> applyAll(List<ContactEvent> events) {
        return Mono.fromCallable(() -> events.stream().map(this::applyNow).toList());
    }

    private ApplyOutcome applyNow(ContactEvent event) {
        ApplyOutcome outcome = null;
        while (outcome == null) {
            Record record = customers.computeIfAbsent(event.externalUserId(), id -> new Record());
            outcome = applyTo(record, event);
        }
        byEmployee.computeIfAbsent(event.employee(), e -> new ConcurrentSkipListSet<>()).add(event.externalUserId());
        return outcome;
    }

    /** The event applied to the customer's record; null when the record was erased meanwhile (take the new one). */
    private ApplyOutcome applyTo(Record record, ContactEvent event) {
        ApplyOutcome outcome;
        synchronized (record) {
            if (record.erased) {
                return null;
            }
            FollowRules.Decision decision = FollowRules.decide(record.relationships.get(event.employee()), event);
            outcome = decision.outcome();
            if (decision.relationship() != null) {
                record.relationships.put(event.employee(), decision.relationship());
            }
            if (decision.change() != null) {
                record.history.addLast(decision.change());
                while (record.history.size() > historyLimit) {
                    record.history.removeFirst();
                }
            }
            if (outcome == ApplyOutcome.APPLIED && event.snapshot() != null) {
                record.name = event.snapshot().name() != null ? event.snapshot().name() : record.name;
                record.unionid = event.snapshot().unionid() != null ? event.snapshot().unionid() : record.unionid;
            }
        }
        return outcome;
    }

    @Override
    public Mono<Long> erase(String externalUserId) {
        return Mono.fromCallable(() -> {
            Record record = customers.get(externalUserId);
            if (record == null) {
                return 0L;
            }
            synchronized (record) {
                record.erased = true;
                customers.remove(externalUserId, record);
                for (String employee : record.relationships.keySet()) {
                    var ids = byEmployee.get(employee);
                    if (ids != null) {
                        ids.remove(externalUserId);
                    }
                }
                return (long) record.relationships.size() + record.history.size();
            }
        });
    }

    @Override
    public Mono<Customer> customer(String externalUserId) {
        return Mono.fromCallable(() -> {
            Record record = customers.get(externalUserId);
            if (record == null) {
                return null;
            }
            synchronized (record) {
                return new Customer(externalUserId, record.name, record.unionid,
                        new ArrayList<>(record.relationships.values()));
            }
        });
    }

    @Override
    public Flux<ContactChange> history(String externalUserId) {
        return Mono.justOrEmpty(customers.get(externalUserId)).flatMapIterable(record -> {
            synchronized (record) {
                return new ArrayList<>(record.history);
            }
        });
    }

    @Override
    public Mono<CustomerPage> customersOf(String employee, String after, int limit) {
        return Mono.fromCallable(() -> {
            var ids = byEmployee.getOrDefault(employee, new ConcurrentSkipListSet<>());
            var tail = after == null ? ids : ids.tailSet(after, false);
            List<FollowRelationship> page = new ArrayList<>();
            String last = null;
            for (String id : tail) {
                if (page.size() == limit) {
                    return new CustomerPage(page, last);
                }
                relationship(id, employee).ifPresent(page::add);
                last = id;
            }
            return new CustomerPage(page, null);
        });
    }

    @Override
    public Mono<Map<ContactStatus, Long>> countsOf(String employee) {
        return Mono.fromCallable(() -> {
            Map<ContactStatus, Long> counts = new EnumMap<>(ContactStatus.class);
            for (String id : byEmployee.getOrDefault(employee, new ConcurrentSkipListSet<>())) {
                relationship(id, employee).ifPresent(r -> counts.merge(r.status(), 1L, Long::sum));
            }
            return counts;
        });
    }

    @Override
    public Flux<FollowRelationship> removedByCustomer(Instant from, Instant to, Duration withinOfAdding) {
        return Flux.defer(() -> {
            List<FollowRelationship> found = new ArrayList<>();
            for (Record record : customers.values()) {
                synchronized (record) {
                    for (FollowRelationship r : record.relationships.values()) {
                        if (r.status() == ContactStatus.REMOVED_BY_CUSTOMER && r.addedAt() != null
                                && !r.removedAt().isBefore(from) && r.removedAt().isBefore(to)
                                && !r.removedAt().isAfter(r.addedAt().plus(withinOfAdding))) {
                            found.add(r);
                        }
                    }
                }
            }
            found.sort(Comparator.comparing(FollowRelationship::removedAt)
                    .thenComparing(FollowRelationship::externalUserId).thenComparing(FollowRelationship::employee));
            return Flux.fromIterable(found);
        });
    }

    private java.util.Optional<FollowRelationship> relationship(String externalUserId, String employee) {
        Record record = customers.get(externalUserId);
        if (record == null) {
            return java.util.Optional.empty();
        }
        synchronized (record) {
            return java.util.Optional.ofNullable(record.relationships.get(employee));
        }
    }
}
