package com.wecomassist.approval;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.route.RoutingDecision;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A draft reply the routing policy did not send on its own, waiting for an agent's decision.
 *
 * @param draftId           the draft's id; the outbound msgid is derived from it, so it is also
 *                          what makes a send idempotent
 * @param conversation      whose question it answers
 * @param customerMessageId the WeCom msgid of the customer's message
 * @param customerText      what the customer wrote
 * @param draftText         the proposed answer
 * @param sources           the knowledge-base entries it rests on, as {@code entryId@version}
 * @param confidence        the retrieval confidence, 0 to 1
 * @param reasons           why it was not sent automatically (the routing policy's reasons)
 * @param priority          higher is served first; between {@link #MIN_PRIORITY} and {@link #MAX_PRIORITY}
 * @param deadline          when the SLA is breached if nobody has decided (kept to the millisecond)
 * @param enqueuedAt        when it entered the queue
 * @param queue             whose queue: {@value RoutingDecision#DIRECT_QUEUE} (the 直营 agents) or an account manager's userid
 * @param hits              what the compliance rules found in {@code draftText}, with positions, so the
 *                          console can highlight them
 * @param category          the knowledge-base category of the top entry, or null
 * @param candidates        retrieval's best entries (at most {@link #MAX_CANDIDATES}, best first) with their
 *                          answers, so that an agent can send another one with one click; empty for a
 *                          draft queued before candidates were kept, or when retrieval found nothing
 */
public record PendingDraft(String draftId, ConversationKey conversation, String customerMessageId,
                           String customerText, String draftText, List<String> sources, double confidence,
                           List<String> reasons, int priority, Instant deadline, Instant enqueuedAt,
                           String queue, List<Finding> hits, String category, List<Candidate> candidates) {

    /** Bounds that keep every priority orderable by a fixed-width key in the Redis adapter. */
    public static final int MAX_PRIORITY = 999_999_999;
    public static final int MIN_PRIORITY = -999_999_999;

    /** Candidates kept with a draft: as many as an agent can compare at a glance. */
    public static final int MAX_CANDIDATES = 3;

    /** The queue's order: higher priority first, then the earlier deadline, then the id (a stable tie-break). */
    public static final Comparator<PendingDraft> QUEUE_ORDER = Comparator
            .comparingInt(PendingDraft::priority).reversed()
            .thenComparing(PendingDraft::deadline)
            .thenComparing(PendingDraft::draftId);

    public PendingDraft {
        requireText(draftId, "draftId");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(draftText, "draftText");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY);
        }
        // the Redis adapter orders by the deadline's epoch milliseconds as a fixed-width, unsigned number
        if (deadline.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("deadline must not be before 1970");
        }
        // kept to the millisecond, the precision the Redis adapter orders by, so both adapters agree
        deadline = deadline.truncatedTo(ChronoUnit.MILLIS);
        enqueuedAt = enqueuedAt.truncatedTo(ChronoUnit.MILLIS);
        sources = sources == null ? List.of() : List.copyOf(sources);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        queue = queue == null || queue.isBlank() ? RoutingDecision.DIRECT_QUEUE : queue;
        hits = hits == null ? List.of() : List.copyOf(hits);
        // null when read from a draft stored before candidates were kept
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        if (candidates.size() > MAX_CANDIDATES) {
            throw new IllegalArgumentException("at most " + MAX_CANDIDATES + " candidates, not " + candidates.size());
        }
    }

    /**
     * One compliance finding in the draft text.
     *
     * @param ruleId      the rule (and pack) that matched
     * @param action      what the rule asks (REVIEW, REWRITE, APPEND_NOTICE …)
     * @param start       first character of the match in {@code draftText} (UTF-16 index)
     * @param end         one past the last character
     * @param explanation the rule's description and what matched
     */
    public record Finding(String ruleId, String action, int start, int end, String explanation) {
    }

    /**
     * One of retrieval's best entries, as the agent may send it instead of the draft. Retrieval
     * calibrates a probability for its first entry only (the draft's {@code confidence}); the others
     * have their rank and ranking score, which orders them but is no probability.
     *
     * @param rank     1 for retrieval's best entry, then 2 and 3
     * @param entryId  the entry
     * @param version  its version when retrieved (what the answer below is)
     * @param question its standard question
     * @param answer   its curated answer at that version
     * @param category its category, or null
     * @param score    the fused ranking score (higher is better; not a probability)
     */
    public record Candidate(int rank, String entryId, long version, String question, String answer, String category,
                            double score) {

        public Candidate {
            if (rank < 1 || rank > MAX_CANDIDATES) {
                throw new IllegalArgumentException("rank must be between 1 and " + MAX_CANDIDATES + ", not " + rank);
            }
            requireText(entryId, "entryId");
            requireText(answer, "answer");
            question = question == null ? "" : question;
        }

        /** The entry at its version, as {@link #sources()} name entries. */
        public String source() {
            return entryId + "@" + version;
        }
    }

    /**
     * A draft on its way to the queue with nothing but its texts: no sources, confidence 0, no reasons,
     * normal priority, the 直营 queue, no findings; the {@code with…} methods below add what is known.
     *
     * @param sla how long agents have to decide, from {@code enqueuedAt}
     */
    public static PendingDraft awaiting(String draftId, ConversationKey conversation, String customerMessageId,
                                        String customerText, String draftText, Instant enqueuedAt, Duration sla) {
        return new PendingDraft(draftId, conversation, customerMessageId, customerText, draftText, List.of(), 0,
                List.of(), 0, enqueuedAt.plus(sla), enqueuedAt, null, List.of(), null, List.of());
    }

    /** The same draft resting on these entries ({@code entryId@version}), with retrieval's confidence and top category. */
    public PendingDraft withSources(List<String> newSources, double newConfidence, String newCategory) {
        return new PendingDraft(draftId, conversation, customerMessageId, customerText, draftText, newSources,
                newConfidence, reasons, priority, deadline, enqueuedAt, queue, hits, newCategory, candidates);
    }

    /** The same draft routed: why it waits for an agent, how urgent it is, and whose queue it is in. */
    public PendingDraft withRouting(List<String> newReasons, int newPriority, String newQueue) {
        return new PendingDraft(draftId, conversation, customerMessageId, customerText, draftText, sources,
                confidence, newReasons, newPriority, deadline, enqueuedAt, newQueue, hits, category, candidates);
    }

    /** The same draft with compliance's findings in its text. */
    public PendingDraft withHits(List<Finding> newHits) {
        return new PendingDraft(draftId, conversation, customerMessageId, customerText, draftText, sources,
                confidence, reasons, priority, deadline, enqueuedAt, queue, newHits, category, candidates);
    }

    /** The same draft at another priority, clamped to the allowed range. */
    public PendingDraft withPriority(long newPriority) {
        int clamped = (int) Math.max(MIN_PRIORITY, Math.min(MAX_PRIORITY, newPriority));
        return new PendingDraft(draftId, conversation, customerMessageId, customerText, draftText, sources,
                confidence, reasons, clamped, deadline, enqueuedAt, queue, hits, category, candidates);
    }

    /** The same draft with retrieval's best entries, best first (the first {@link #MAX_CANDIDATES} are kept). */
    public PendingDraft withCandidates(List<Candidate> newCandidates) {
        List<Candidate> kept = newCandidates.size() > MAX_CANDIDATES ? newCandidates.subList(0, MAX_CANDIDATES)
                : newCandidates;
        return new PendingDraft(draftId, conversation, customerMessageId, customerText, draftText, sources,
                confidence, reasons, priority, deadline, enqueuedAt, queue, hits, category, kept);
    }

    /** The candidate of this entry, if retrieval ranked it among the first. */
    public Optional<Candidate> candidate(String entryId) {
        return candidates.stream().filter(c -> c.entryId().equals(entryId)).findFirst();
    }

    /** True when the SLA deadline is at or before {@code now}. */
    public boolean overdueAt(Instant now) {
        return !deadline.isAfter(now);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
