package com.wecomassist.agent;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.Outcome;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.approval.Refusal;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.comply.FlaggedDraftRecorder;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.error.Refused;
import com.wecomassist.learn.AgentLearning;
import com.wecomassist.learn.LearnDesk;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.Transition;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * What agents do with drafts and conversations: approve a draft as it is, edit it (the edit is
 * checked by compliance again; a blocked text cannot be sent), send one of its candidates instead
 * (another entry's answer, checked like an edit), reject it (optionally answering in
 * their own words, also checked), take a conversation over (the bot falls silent) and hand it back,
 * and write to a customer while holding the conversation. Every action is in the audit trail with
 * the agent's id. A draft is sent at most once: only the agent whose claim completes it in the
 * queue sends it, and a decision that cannot be carried out (its reply not handed on) puts the draft
 * back in the queue rather than leave its customer waiting for an approval that never comes.
 */
public class AgentDesk {

    private static final Logger log = LoggerFactory.getLogger(AgentDesk.class);
    /** Putting a draft back whose decision failed is tried this often, this far apart at first. */
    private static final int UNDO_ATTEMPTS = 3;
    private static final Duration UNDO_BACKOFF = Duration.ofMillis(200);

    private final ApprovalQueue approvals;
    private final ConversationStore conversations;
    private final ComplianceReview compliance;
    private final OutboundHandOff outbound;
    private final AuditTrail audit;
    private final AgentLearning learning;
    private final MeterRegistry meters;
    private final Clock clock;
    private final FlaggedDraftRecorder flagged;
    private final LearnDesk variants;

    public AgentDesk(ApprovalQueue approvals, ConversationStore conversations, ComplianceReview compliance,
                     OutboundHandOff outbound, AuditTrail audit, AgentLearning learning, MeterRegistry meters,
                     Clock clock, FlaggedDraftRecorder flagged, LearnDesk variants) {
        this.approvals = approvals;
        this.conversations = conversations;
        this.compliance = compliance;
        this.outbound = outbound;
        this.audit = audit;
        this.learning = learning;
        this.meters = meters;
        this.clock = clock;
        this.flagged = flagged;
        this.variants = variants;
    }

    /** Sends the draft as drafted, or as the agent edited it ({@code editedText} non-blank). */
    public Mono<Done> approve(String draftId, String agent, String editedText) {
        return decide(draftId, agent, editedText, (draft, verdict) -> {
            boolean edited = verdict != null;
            String text = edited ? verdict.text() : draft.draftText();
            AuditDetails.Approved details = new AuditDetails.Approved(
                    Duration.between(draft.enqueuedAt(), clock.instant()).toMillis(), !edited ? null
                    : new AuditDetails.Approved.Edit(draft.draftText(), text, verdict.action().name(),
                            verdict.hits().stream().map(AgentDesk::describe).toList()));
            meters.counter("assist.approval.decisions", "decision", edited ? "edited" : "approved").increment();
            OutgoingReply reply = OutgoingReply.approvedDraft(draft.draftId(), draft.conversation(), text, agent,
                    edited, draft.customerMessageId(), draft.category());
            return carriedOut(draft, agent, reply, record(draft.conversation(), draft.draftId(), agent, details)
                            .then(outbound.handOn(reply)))
                    // a low-confidence draft is kept so that the agent may suggest its question as a variant
                    .then(learning.decided(draft, agent, text, edited))
                    .thenReturn(Done.of(draft, verdict));
        });
    }

    /**
     * Sends one of the draft's candidates (another entry's answer, as retrieved) instead of the draft,
     * for the agent who holds the draft's claim. The candidate's answer is checked by compliance
     * exactly like an agent's edit (a blocked one is refused before the draft is touched; a rewritten
     * one goes out rewritten), then sent as a one-click approval, at most once, and audited with the
     * candidate it was. The customer's question goes on the content team's review list as a variant
     * of that entry ({@link LearnDesk#candidateChosen}).
     */
    public Mono<Done> sendCandidate(String draftId, String agent, String entryId) {
        if (entryId == null || entryId.isBlank()) {
            return Mono.error(refusal(Refused.invalid("MISSING_ENTRY",
                    "name the candidate to send: {\"entryId\": ...}"), "INVALID", List.of()));
        }
        return approvals.find(draftId).flatMap(found -> {
            // the holder first: whoever cannot send the draft has no business having its candidates checked
            Outcome notMine = !found.ok() ? found : found.claim() == null ? Outcome.refused(Refusal.NOT_CLAIMED)
                    : !found.claim().agentId().equals(agent) ? Outcome.heldBy(found.claim()) : null;
            if (notMine != null) {
                return Mono.error(refusal(notMine.asRefused(), "QUEUE_REFUSED", List.of()));
            }
            PendingDraft.Candidate candidate = found.draft().candidate(entryId.strip()).orElse(null);
            if (candidate == null) {
                return Mono.error(refusal(Refused.notFound("UNKNOWN_CANDIDATE", "entry " + entryId.strip()
                        + " is not one of the draft's candidates: " + found.draft().candidates().stream()
                        .map(PendingDraft.Candidate::entryId).toList()), "INVALID", List.of()));
            }
            return decide(draftId, agent, candidate.answer(), (draft, verdict) -> {
                meters.counter("assist.approval.decisions", "decision", "candidate").increment();
                AuditDetails.CandidateSent details = new AuditDetails.CandidateSent(candidate.entryId(),
                        candidate.version(), candidate.rank(),
                        Duration.between(draft.enqueuedAt(), clock.instant()).toMillis(), verdict.text(),
                        verdict.action().name(), verdict.hits().stream().map(AgentDesk::describe).toList());
                // one click: the dashboard and assist.answers count it as approved unchanged
                OutgoingReply reply = OutgoingReply.approvedDraft(draft.draftId(), draft.conversation(),
                        verdict.text(), agent, false, draft.customerMessageId(),
                        candidate.category() != null ? candidate.category() : draft.category());
                return carriedOut(draft, agent, reply, record(draft.conversation(), draft.draftId(), agent, details)
                                .then(outbound.handOn(reply)))
                        .then(variants.candidateChosen(draft, agent, candidate))
                        .map(learned -> new Done(draft, verdict, learned));
            });
        });
    }

    /** Drops the draft; the agent may answer in their own words instead ({@code replyText}, checked). */
    public Mono<Done> reject(String draftId, String agent, String reason, String replyText) {
        return decide(draftId, agent, replyText, (draft, verdict) -> {
            boolean answering = verdict != null;
            meters.counter("assist.approval.decisions", "decision", "rejected").increment();
            OutgoingReply answer = !answering ? null : OutgoingReply.agentReply("agent-" + draft.draftId(),
                    draft.conversation(), verdict.text(), agent, draft.draftId(), draft.customerMessageId(),
                    draft.category());
            // the conversation leaves AWAITING_APPROVAL last: until then a failure puts the draft back
            return carriedOut(draft, agent, answer, record(draft.conversation(), draft.draftId(), agent,
                            new AuditDetails.Rejected(reason, answering))
                            .then(answer == null ? Mono.empty() : outbound.handOn(answer))
                            .then(conversations.update(draft.conversation(), c -> c.approvalWithdrawn(clock.instant())))
                            .then())
                    .thenReturn(Done.of(draft, verdict));
        });
    }

    /**
     * Takes the draft out of the queue and the conversation over: the agent answers from now on. Not
     * when another person serves the conversation (409 {@code HELD_BY_ANOTHER}, the draft stays in the
     * queue): taking a customer from a colleague is a supervisor's decision.
     */
    public Mono<Done> takeOverDraft(String draftId, String agent) {
        return approvals.find(draftId)
                .flatMap(found -> !found.ok() ? Mono.<Void>empty() : conversations.get(found.draft().conversation())
                        .flatMap(c -> heldByAnother(c, agent) ? Mono.error(heldBy(c)) : Mono.<Void>empty()))
                .then(completeAndTakeOver(draftId, agent));
    }

    private Mono<Done> completeAndTakeOver(String draftId, String agent) {
        return decide(draftId, agent, null, (draft, none) -> {
            meters.counter("assist.approval.decisions", "decision", "taken_over").increment();
            return carriedOut(draft, agent, null, takeOver(draft.conversation(), agent).then())
                    .thenReturn(Done.of(draft, null));
        });
    }

    /**
     * The steps every decision on a draft shares: the agent's own text, if any, is checked first (a
     * blocked one is refused before the draft is touched); then the draft is completed for the
     * agent, at most once, and {@code then} gets it with the verdict on the agent's text (null without one).
     */
    private Mono<Done> decide(String draftId, String agent, String ownText,
                              BiFunction<PendingDraft, Verdict, Mono<Done>> then) {
        return check(ownText).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(checked -> decideChecked(draftId, agent, ownText, checked.orElse(null), then));
    }

    private Mono<Done> decideChecked(String draftId, String agent, String ownText, Verdict verdict,
                                     BiFunction<PendingDraft, Verdict, Mono<Done>> then) {
        if (verdict != null && verdict.action() == Action.BLOCK) {
            // kept for the compliance officer with the draft's conversation and question, when still queued
            return approvals.pending().map(QueuedDraft::draft).filter(d -> d.draftId().equals(draftId)).next()
                    // fail open: without the queue the text is still kept, only without its conversation
                    .onErrorResume(e -> Mono.empty())
                    .flatMap(d -> flagged.agentText(d.conversation().id(), draftId, agent, d.customerText(),
                            ownText.strip(), verdict).thenReturn(true))
                    .switchIfEmpty(Mono.defer(() -> flagged.agentText(null, draftId, agent, null, ownText.strip(),
                            verdict).thenReturn(true)))
                    .then(Mono.<Done>error(() -> blocked(verdict)));
        }
        return approvals.complete(draftId, agent).flatMap(outcome -> outcome.ok()
                ? then.apply(outcome.draft(), verdict).flatMap(done -> verdict == null
                        ? Mono.just(done)
                        // the agent's own words that went out, for the compliance officer to teach from
                        : flagged.agentText(outcome.draft().conversation().id(), draftId, agent,
                        outcome.draft().customerText(), ownText.strip(), verdict).thenReturn(done))
                : Mono.error(refusal(outcome.asRefused(), "QUEUE_REFUSED", List.of())));
    }

    /**
     * What must happen for a decision on a completed draft to hold ({@code work}: its audit record,
     * the reply handed on to be sent, the conversation moved on). If it fails while the conversation
     * still waits for this draft, the decision is undone: the draft goes back to the queue, unclaimed,
     * and the agent gets the error, so that someone decides again; a conversation must never wait for
     * an approval that can no longer come. When the conversation moved on meanwhile (the outbound
     * stage gave an undeliverable answer's customer to people, or the reply went out), nothing is undone.
     *
     * @param reply the reply the decision sends, or null (a rejection without an answer, a take-over)
     */
    private Mono<Void> carriedOut(PendingDraft draft, String agent, OutgoingReply reply, Mono<Void> work) {
        return work.onErrorResume(failure -> conversations.get(draft.conversation())
                .filter(c -> c.state() == ConversationState.AWAITING_APPROVAL)
                .flatMap(waiting -> approvals.reopen(draft))
                // queued already: an earlier try put it back and only its answer was lost
                .filter(back -> back.ok() || back.refusal() == Refusal.ALREADY_QUEUED)
                .retryWhen(Retry.backoff(UNDO_ATTEMPTS - 1L, UNDO_BACKOFF))
                .flatMap(back -> {
                    meters.counter("assist.approval.decisions_undone").increment();
                    log.warn("{}'s decision on draft {} could not be carried out ({}): the draft is back in the queue",
                            agent, draft.draftId(), failure.toString());
                    return reply == null ? Mono.<Void>empty() : audit.record(AuditEvent.of(draft.conversation().id(),
                            reply.replyId(), agent, clock.instant(), new AuditDetails.ReplyNotSent(
                                    new AuditDetails.Reply(reply.purpose().name(), draft.draftId(),
                                            draft.customerMessageId(), reply.text()),
                                    "not handed on to be sent (" + failure.getMessage()
                                            + "); the draft is back in the queue")))
                            // fail open: the draft is back, which is what matters; the log line above says so
                            .onErrorResume(e -> Mono.empty());
                })
                .onErrorResume(undo -> {
                    // the stores failing too: nobody can put the draft back now, so say so loudly
                    log.error("draft {} of {}: decided by {} but not carried out ({}); putting it back failed ({})",
                            draft.draftId(), draft.conversation(), agent, failure, undo.toString());
                    return Mono.empty();
                })
                .then(Mono.error(failure)));
    }

    /** The verdict on an agent's own text, or empty when they wrote none. */
    private Mono<Verdict> check(String text) {
        return text == null || text.isBlank() ? Mono.empty() : compliance.check(text.strip(), TextKind.AGENT_REPLY);
    }

    /**
     * The agent holds the conversation: the bot stays silent until it is handed back. Not one that
     * another person serves: taking a customer from a colleague is a team lead's decision
     * ({@code supervise/SupervisorDesk.assign}), refused here as {@code HELD_BY_ANOTHER} with {@code heldBy}.
     */
    public Mono<Done> takeOver(ConversationKey conversation, String agent) {
        Instant now = clock.instant();
        return conversations.update(conversation, c -> heldByAnother(c, agent)
                        ? Transition.refused(c, c.servicerUserId() + " serves this conversation")
                        : c.handedToPerson(agent, now))
                .flatMap(t -> t.allowed() ? Mono.just(Done.of(null, null))
                        : Mono.error(heldByAnother(t.conversation(), agent) ? heldBy(t.conversation())
                                : conflict("CONVERSATION_STATE", t.refusal())))
                .flatMap(done -> record(conversation, conversation.id(), agent, new AuditDetails.TakenOver())
                        .thenReturn(done));
    }

    private static boolean heldByAnother(Conversation c, String agent) {
        return c.state() == ConversationState.HUMAN && !agent.equals(c.servicerUserId());
    }

    private static Refused heldBy(Conversation c) {
        return conflict("HELD_BY_ANOTHER", c.servicerUserId() + " serves this conversation; a supervisor may "
                + "hand it to you").with(Map.of("heldBy", c.servicerUserId()));
    }

    /** The agent gives the conversation back to the bot; only its holder may (or anyone while it waits in the pool). */
    public Mono<Done> handBack(ConversationKey conversation, String agent) {
        return change(conversation, c -> c.state() == ConversationState.HUMAN && !agent.equals(c.servicerUserId())
                ? Transition.refused(c, c.servicerUserId() + " holds this conversation, not " + agent)
                : c.handedBackToBot(clock.instant()))
                .flatMap(done -> record(conversation, conversation.id(), agent, new AuditDetails.HandedBack())
                        .thenReturn(done));
    }

    /** The agent writes to the customer; allowed while the agent holds the conversation. */
    public Mono<Done> reply(ConversationKey conversation, String agent, String text) {
        if (text == null || text.isBlank()) {
            return Mono.error(refusal(Refused.invalid("MISSING_TEXT", "a reply needs text"), "INVALID", List.of()));
        }
        return check(text).flatMap(verdict -> verdict.action() == Action.BLOCK
                ? flagged.agentText(conversation.id(), null, agent, null, text.strip(), verdict)
                .then(Mono.<Done>error(() -> blocked(verdict)))
                : sendReply(conversation, agent, verdict).flatMap(done ->
                        flagged.agentText(conversation.id(), null, agent, null, text.strip(), verdict)
                        .thenReturn(done)));
    }

    private Mono<Done> sendReply(ConversationKey conversation, String agent, Verdict verdict) {
        return conversations.get(conversation).flatMap(c -> {
            if (c.state() != ConversationState.HUMAN || !agent.equals(c.servicerUserId())) {
                return Mono.error(conflict("NOT_HOLDING", "take the conversation over first (it is "
                        + c.state() + (c.servicerUserId() != null ? ", held by " + c.servicerUserId() : "") + ")"));
            }
            String replyId = "agent-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            return outbound.handOn(OutgoingReply.agentReply(replyId, conversation, verdict.text(), agent, null, null,
                            null))
                    .thenReturn(Done.of(null, verdict));
        });
    }

    private Mono<Done> change(ConversationKey key, java.util.function.Function<Conversation, Transition> change) {
        return conversations.update(key, change).flatMap(t -> t.allowed() ? Mono.just(Done.of(null, null))
                : Mono.error(conflict("CONVERSATION_STATE", t.refusal())));
    }

    private Mono<Void> record(ConversationKey conversation, String subject, String agent, AuditDetails details) {
        return audit.record(AuditEvent.of(conversation.id(), subject, agent, clock.instant(), details));
    }

    static String describe(Hit hit) {
        return hit.ruleId() + " " + hit.action() + " [" + hit.start() + "," + hit.end() + ") " + hit.matchedText();
    }

    /**
     * What an agent's action did (a refused action is a {@link Refused} error instead).
     *
     * @param draft   the draft acted on, or null (an action on a conversation)
     * @param verdict compliance's verdict on the agent's own text, or null when they wrote none
     * @param learned  for a candidate sent, what became of the customer's phrasing (suggested as a
     *                 variant of the candidate's entry, or why not); null for every other action
     */
    public record Done(PendingDraft draft, Verdict verdict, LearnDesk.ChosenPhrasing learned) {

        static Done of(PendingDraft draft, Verdict verdict) {
            return new Done(draft, verdict, null);
        }

        /** The compliance hits on the agent's text, for inline warnings. */
        public List<String> warnings() {
            return AgentDesk.warnings(verdict);
        }
    }

    private static List<String> warnings(Verdict verdict) {
        return verdict == null ? List.of() : verdict.hits().stream().map(Hit::explanation).toList();
    }

    /**
     * The agent's text is not sent: 422 with the verdict, the text as it would have been sent and
     * every hit's explanation as a warning (the console shows them against the text).
     */
    private static Refused blocked(Verdict verdict) {
        List<String> rules = verdict.hits().stream().filter(h -> h.action() == Action.BLOCK).map(Hit::ruleId)
                .distinct().toList();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("verdict", verdict.action().name());
        facts.put("sentText", verdict.text());
        return refusal(Refused.blocked("BLOCKED_BY_COMPLIANCE", "compliance blocks this text, it cannot be sent "
                + "(rules " + String.join(", ", rules) + "; see warnings)"), "BLOCKED_BY_COMPLIANCE", warnings(verdict))
                .with(facts);
    }

    private static Refused conflict(String reason, String message) {
        return refusal(Refused.conflict(reason, message), "CONFLICT", List.of());
    }

    /**
     * A refusal with the agent API's own two facts: {@code status} (what kind of refusal:
     * {@code BLOCKED_BY_COMPLIANCE}, {@code QUEUE_REFUSED}, {@code CONFLICT}, {@code INVALID}) and the
     * {@code warnings} on the agent's text, which the console reads on every answer.
     */
    private static Refused refusal(Refused refused, String status, List<String> warnings) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("status", status);
        facts.put("warnings", warnings);
        return refused.with(facts);
    }
}
