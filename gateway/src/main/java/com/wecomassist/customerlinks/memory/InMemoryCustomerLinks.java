package com.wecomassist.customerlinks.memory;

import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.customerlinks.LinkOutcome;
import com.wecomassist.customerlinks.LinkRules;
import com.wecomassist.customerlinks.LinkRules.Decision;
import com.wecomassist.customerlinks.LinkRules.Held;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;
import reactor.core.publisher.Mono;

/**
 * Embedded mode: the links in this process's memory, with an index of {@code <manager>\n<external_userid>}
 * kept sorted, so an employee's customers page by key as in Redis. Each write is decided inside the
 * map's per-key {@code compute}, so two writes of one customer cannot interleave.
 */
public class InMemoryCustomerLinks implements CustomerLinks {

    private static final char SEPARATOR = '\n';

    private final ConcurrentMap<String, Held> held = new ConcurrentHashMap<>();
    private final NavigableSet<String> byManager = new ConcurrentSkipListSet<>();
    /** customer number → external_userid, kept with the link in the same per-customer compute */
    private final ConcurrentMap<String, String> byNumber = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryCustomerLinks(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<LinkOutcome> upsert(CustomerLink link) {
        return Mono.fromSupplier(() -> decide(link.externalUserId(), h -> LinkRules.upsert(h, link)));
    }

    @Override
    public Mono<List<LinkOutcome>> upsertAll(List<CustomerLink> links) {
        return Mono.fromSupplier(() -> {
            List<LinkOutcome> outcomes = new ArrayList<>(links.size());
            for (CustomerLink link : links) {
                outcomes.add(decide(link.externalUserId(), h -> LinkRules.upsert(h, link)));
            }
            return outcomes;
        });
    }

    @Override
    public Mono<LinkOutcome> remove(String externalUserId, Instant asOf, CustomerLink.Source source) {
        return Mono.fromSupplier(() -> decide(externalUserId, h -> LinkRules.remove(h, asOf)));
    }

    @Override
    public Mono<LinkOutcome> reassignManager(String externalUserId, String fromUserId, String toUserId, Instant at) {
        return Mono.fromSupplier(() -> decide(externalUserId,
                h -> LinkRules.reassign(h, fromUserId, toUserId, at, clock.instant())));
    }

    @Override
    public Mono<CustomerLink> link(String externalUserId) {
        return Mono.fromSupplier(() -> held.get(externalUserId)).mapNotNull(Held::link);
    }

    @Override
    public Mono<CustomerLink> byCustomerNo(String customerNo) {
        return Mono.fromSupplier(() -> byNumber.get(customerNo)).mapNotNull(held::get).mapNotNull(Held::link)
                .filter(link -> link.customerNo().equals(customerNo));
    }

    @Override
    public Mono<LinkPage> customersOf(String managerUserId, String after, int limit) {
        return Mono.fromSupplier(() -> {
            String from = managerUserId + SEPARATOR + (after == null ? "" : after);
            String to = managerUserId + (char) (SEPARATOR + 1);
            List<CustomerLink> page = new ArrayList<>();
            String last = null;
            for (String key : byManager.subSet(from, after == null, to, false)) {
                if (page.size() == limit) {
                    return new LinkPage(List.copyOf(page), last);
                }
                String customer = key.substring(managerUserId.length() + 1);
                Held h = held.get(customer);
                if (h != null && h.link() != null) {
                    page.add(h.link());
                }
                last = customer;
            }
            return new LinkPage(List.copyOf(page), null);
        });
    }

    @Override
    public Mono<Long> countOf(String managerUserId) {
        return Mono.fromSupplier(() -> (long) byManager.subSet(managerUserId + SEPARATOR, true,
                managerUserId + (char) (SEPARATOR + 1), false).size());
    }

    @Override
    public Mono<Long> erase(String externalUserId) {
        return Mono.fromSupplier(() -> {
            long[] erased = {0};
            held.computeIfPresent(externalUserId, (customer, h) -> {
                if (h.link() != null) {
                    erased[0] = 1;
                    index(customer, h.link(), null);
                }
                return null;
            });
            return erased[0];
        });
    }

    private LinkOutcome decide(String externalUserId, java.util.function.Function<Held, Decision> rule) {
        LinkOutcome[] outcome = new LinkOutcome[1];
        held.compute(externalUserId, (customer, before) -> {
            Decision decision = rule.apply(before);
            outcome[0] = decision.outcome();
            index(customer, before == null ? null : before.link(),
                    decision.after() == null ? null : decision.after().link());
            return decision.after();
        });
        return outcome[0];
    }

    /** Moves the customer between managers' index entries when their 管户 changed, and keeps their number's entry. */
    private void index(String customer, CustomerLink before, CustomerLink after) {
        String wasNo = before == null ? null : before.customerNo();
        String isNo = after == null ? null : after.customerNo();
        if (!Objects.equals(wasNo, isNo)) {
            if (wasNo != null) {
                byNumber.remove(wasNo, customer); // only when it names this customer: another may hold the number now
            }
            if (isNo != null) {
                byNumber.put(isNo, customer);
            }
        }
        String was = before == null ? null : before.managerUserId();
        String is = after == null ? null : after.managerUserId();
        if (Objects.equals(was, is)) {
            return;
        }
        if (was != null) {
            byManager.remove(was + SEPARATOR + customer);
        }
        if (is != null) {
            byManager.add(is + SEPARATOR + customer);
        }
    }
}
