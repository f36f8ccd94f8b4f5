package com.wecomassist.approval.memory;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.Claim;
import com.wecomassist.approval.Outcome;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.approval.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Embedded-mode queue: a map of drafts with their claims. Every decision about one draft runs
 * inside {@link ConcurrentMap#compute}, so claims and completes of the same draft are serialised;
 * completed ids are remembered for a while so that a second complete is told "already completed".
 */
public class InMemoryApprovalQueue implements ApprovalQueue {

    private record Entry(PendingDraft draft, Claim claim) {
    }

    private final ConcurrentMap<String, Entry> drafts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> completedUntil = new ConcurrentHashMap<>();
    /** Forgotten completions are swept out now and then, so the map stays as small as the retention. */
    private static final int SWEEP_EVERY = 1024;

    private final AtomicLong completions = new AtomicLong();
    private final Clock clock;
    private final Duration completedRetention;

    public InMemoryApprovalQueue(Clock clock, Duration completedRetention) {
        this.clock = clock;
        this.completedRetention = completedRetention;
    }

    @Override
    public Mono<Outcome> enqueue(PendingDraft draft) {
        return add(draft, false);
    }

    @Override
    public Mono<Outcome> reopen(PendingDraft draft) {
        return add(draft, true);
    }

    /** Adds the draft, unclaimed, unless its id is queued; a completed id is refused, or forgotten when reopening. */
    private Mono<Outcome> add(PendingDraft draft, boolean reopening) {
        return Mono.fromSupplier(() -> {
            AtomicReference<Outcome> outcome = new AtomicReference<>();
            // inside compute, like complete, so a draft cannot be completed between the check and the add
            drafts.compute(draft.draftId(), (id, current) -> {
                if (current != null) {
                    outcome.set(Outcome.refused(Refusal.ALREADY_QUEUED));
                    return current;
                }
                if (reopening) {
                    completedUntil.remove(id);
                } else if (completed(id)) {
                    outcome.set(Outcome.refused(Refusal.ALREADY_COMPLETED));
                    return null;
                }
                outcome.set(Outcome.done(draft, null));
                return new Entry(draft, null);
            });
            return outcome.get();
        });
    }

    @Override
    public Flux<QueuedDraft> pending() {
        return Flux.defer(() -> {
            Instant now = clock.instant();
            return Flux.fromIterable(drafts.values().stream()
                    .map(entry -> new QueuedDraft(entry.draft(), live(entry.claim(), now)))
                    .sorted(Comparator.comparing(QueuedDraft::draft, PendingDraft.QUEUE_ORDER))
                    .toList());
        });
    }

    @Override
    public Mono<Outcome> find(String draftId) {
        return Mono.fromSupplier(() -> decide(draftId, (entry, now) ->
                new Decision(entry, Outcome.done(entry.draft(), live(entry.claim(), now)))));
    }

    @Override
    public Mono<Outcome> claim(String draftId, String agentId, Duration lease) {
        return Mono.fromSupplier(() -> decide(draftId, (entry, now) -> {
            Claim held = live(entry.claim(), now);
            if (held != null && !held.agentId().equals(agentId)) {
                return new Decision(entry, Outcome.heldBy(held));
            }
            Claim mine = new Claim(agentId, now.plus(lease));
            return new Decision(new Entry(entry.draft(), mine), Outcome.done(entry.draft(), mine));
        }));
    }

    @Override
    public Mono<Outcome> release(String draftId, String agentId) {
        return Mono.fromSupplier(() -> decide(draftId, (entry, now) -> {
            Outcome refusal = notHolder(live(entry.claim(), now), agentId);
            return refusal != null ? new Decision(entry, refusal)
                    : new Decision(new Entry(entry.draft(), null), Outcome.done(entry.draft(), null));
        }));
    }

    @Override
    public Mono<Outcome> complete(String draftId, String agentId) {
        return Mono.fromSupplier(() -> decide(draftId, (entry, now) -> {
            Claim held = live(entry.claim(), now);
            Outcome refusal = notHolder(held, agentId);
            if (refusal != null) {
                return new Decision(entry, refusal);
            }
            // remembered before the entry goes, inside compute, so no enqueue or claim slips in between
            completedUntil.put(draftId, now.plus(completedRetention));
            if (completions.incrementAndGet() % SWEEP_EVERY == 0) {
                completedUntil.values().removeIf(until -> !until.isAfter(now));
            }
            return new Decision(null, Outcome.done(entry.draft(), held));
        }));
    }

    @Override
    public Mono<Outcome> raisePriority(String draftId, int by) {
        return Mono.fromSupplier(() -> decide(draftId, (entry, now) -> {
            PendingDraft raised = entry.draft().withPriority((long) entry.draft().priority() + by);
            return new Decision(new Entry(raised, entry.claim()), Outcome.done(raised, live(entry.claim(), now)));
        }));
    }

    @Override
    public Mono<Outcome> reroute(String draftId, String queue) {
        return Mono.fromSupplier(() -> decide(draftId, (entry, now) -> {
            PendingDraft moved = entry.draft().withRouting(entry.draft().reasons(), entry.draft().priority(), queue);
            return new Decision(new Entry(moved, entry.claim()), Outcome.done(moved, live(entry.claim(), now)));
        }));
    }

    @Override
    public Flux<PendingDraft> overdue(Instant now) {
        return Flux.defer(() -> Flux.fromIterable(drafts.values().stream()
                .map(Entry::draft)
                .filter(draft -> draft.overdueAt(now))
                .sorted(Comparator.comparing(PendingDraft::deadline).thenComparing(PendingDraft::draftId))
                .toList()));
    }

    @Override
    public Flux<PendingDraft> discard(Predicate<PendingDraft> which) {
        return Flux.defer(() -> {
            List<PendingDraft> discarded = new ArrayList<>();
            for (String id : List.copyOf(drafts.keySet())) {
                // inside compute, so a claim or complete of the same draft is before or after, never between
                drafts.computeIfPresent(id, (key, entry) -> {
                    if (!which.test(entry.draft())) {
                        return entry;
                    }
                    discarded.add(entry.draft());
                    return null;
                });
            }
            return Flux.fromIterable(discarded);
        });
    }

    private record Decision(Entry next, Outcome outcome) {
    }

    private interface Rule {
        Decision apply(Entry entry, Instant now);
    }

    /** Runs {@code rule} on the draft atomically; unknown and completed drafts are refused first. */
    private Outcome decide(String draftId, Rule rule) {
        Instant now = clock.instant();
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        drafts.computeIfPresent(draftId, (id, entry) -> {
            Decision decision = rule.apply(entry, now);
            outcome.set(decision.outcome());
            return decision.next();
        });
        if (outcome.get() != null) {
            return outcome.get();
        }
        return Outcome.refused(completed(draftId) ? Refusal.ALREADY_COMPLETED : Refusal.UNKNOWN_DRAFT);
    }

    /** Null when {@code agentId} holds the claim; else why not. */
    private static Outcome notHolder(Claim held, String agentId) {
        if (held == null) {
            return Outcome.refused(Refusal.NOT_CLAIMED);
        }
        return held.agentId().equals(agentId) ? null : Outcome.heldBy(held);
    }

    private static Claim live(Claim claim, Instant now) {
        return claim != null && claim.leaseUntil().isAfter(now) ? claim : null;
    }

    private boolean completed(String draftId) {
        Instant now = clock.instant();
        Instant until = completedUntil.get(draftId);
        if (until == null) {
            return false;
        }
        if (!until.isAfter(now)) {
            completedUntil.remove(draftId, until);
            return false;
        }
        return true;
    }
}
