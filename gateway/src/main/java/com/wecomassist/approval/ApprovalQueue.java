package com.wecomassist.approval;

import java.time.Duration;
import com.wecomassist.conversation.ConversationKey;
import java.time.Instant;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Drafts the routing policy would not send on its own, waiting for a 直营 agent to approve, edit or
 * reject them. Agents work the queue in parallel, possibly on several gateway instances, so the
 * queue decides who works on what: a claim gives one agent a draft for a lease; two agents never
 * hold the same draft, and a draft whose agent went away comes back when the lease lapses.
 * {@link #complete} takes a draft out for good and succeeds at most once, which is what lets the
 * pipeline send an approved draft at most once.
 *
 * <p>Actions that can be refused answer an {@link Outcome} with the {@link Refusal}, never an error;
 * errors are left for the store itself failing.
 */
public interface ApprovalQueue {

    /** Adds a draft; refused with {@link Refusal#ALREADY_QUEUED} or {@link Refusal#ALREADY_COMPLETED} for a known id. */
    Mono<Outcome> enqueue(PendingDraft draft);

    /**
     * Every draft awaiting a decision, claimed or not, in {@link PendingDraft#QUEUE_ORDER}: higher
     * priority first, then the earlier deadline. A lapsed claim shows as no claim.
     */
    Flux<QueuedDraft> pending();

    /**
     * One draft as it now is, with its live claim (null when nobody holds it), changing nothing:
     * refused with {@link Refusal#UNKNOWN_DRAFT} or {@link Refusal#ALREADY_COMPLETED}. What an action
     * that must look at the draft before deciding (an agent sending one of its candidates) reads.
     */
    Mono<Outcome> find(String draftId);

    /**
     * Gives {@code agentId} the draft until {@code lease} from now. Atomic: of any number of agents
     * claiming at once, one wins. The holder claiming again renews the lease; a lapsed lease lets
     * anyone claim.
     */
    Mono<Outcome> claim(String draftId, String agentId, Duration lease);

    /** Gives the draft back to the queue; only its holder may. */
    Mono<Outcome> release(String draftId, String agentId);

    /**
     * Takes the draft out for good and answers it, for the holder of a live claim only, and at most
     * once: a second complete (or one by anyone else) is refused.
     */
    Mono<Outcome> complete(String draftId, String agentId);

    /**
     * Puts a completed draft back in the queue, unclaimed: its decision could not be carried out (the
     * reply was never handed on to be sent), so the conversation still waits for an agent and must
     * find its draft here. {@code draft} is the draft as {@link #complete} answered it (its priority
     * included). Atomic, like complete: afterwards the draft can be claimed and completed again.
     * Refused with {@link Refusal#ALREADY_QUEUED} when a draft with this id is in the queue.
     */
    Mono<Outcome> reopen(PendingDraft draft);

    /** Adds {@code by} to a draft's priority (clamped), e.g. when its SLA is breached; claims are kept. */
    Mono<Outcome> raisePriority(String draftId, int by);

    /**
     * Moves a waiting draft to another queue ({@link PendingDraft#queue()}), keeping everything else —
     * id, priority, deadline, claim. Atomic: the draft is in one queue or the other at every moment, so
     * a stop in between loses nothing, and a draft completed meanwhile is refused
     * ({@link Refusal#ALREADY_COMPLETED}), never brought back. Answers the draft as moved.
     */
    Mono<Outcome> reroute(String draftId, String queue);

    /** The drafts whose deadline is at or before {@code now}, earliest deadline first. */
    Flux<PendingDraft> overdue(Instant now);

    /**
     * Takes out, without any decision, every waiting draft {@code which} selects, claimed or not:
     * nothing is sent and the draft is not remembered as completed. For the personal-data rules only
     * (a customer's erasure, drafts nobody decided within their retention), never for agents' work.
     * A draft completed meanwhile is left to its completion. Answers the drafts taken out.
     */
    Flux<PendingDraft> discard(Predicate<PendingDraft> which);

    /** The customer's waiting drafts ({@link ConversationKey#withCustomer}), in queue order. */
    default Flux<QueuedDraft> forCustomer(String externalUserId) {
        return pending().filter(queued -> queued.draft().conversation().withCustomer(externalUserId));
    }

    /** Takes the customer's waiting drafts out ({@link #discard}); answers how many went. */
    default Mono<Long> eraseCustomer(String externalUserId) {
        return discard(draft -> draft.conversation().withCustomer(externalUserId)).count();
    }

    /**
     * Takes out the drafts that entered the queue before {@code cutoff} and are still undecided
     * (retention); answers them, so that their conversations can be given back to the bot.
     */
    default Flux<PendingDraft> forgetBefore(Instant cutoff) {
        return discard(draft -> draft.enqueuedAt().isBefore(cutoff));
    }
}
