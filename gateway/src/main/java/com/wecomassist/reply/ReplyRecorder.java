package com.wecomassist.reply;

import com.wecomassist.approval.PendingDraft;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.dashboard.AnswerOutcome;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.comply.FlaggedDraftRecorder;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.OfferedMenu;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.dashboard.CollaborationStats;
import com.wecomassist.draft.Draft;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.inbound.SessionEvent;
import com.wecomassist.learn.KnowledgeGap;
import com.wecomassist.learn.KnowledgeGaps;
import com.wecomassist.learn.PhrasingSuggestion;
import com.wecomassist.learn.PhrasingSuggestions;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.route.RoutingDecision;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Everything the reply flow leaves behind, in one place: the audit trail (every step, with typed
 * details), the knowledge gaps for the content team, the flagged drafts for the compliance officer,
 * the dashboard's count of people's answers, and the metrics. The stages decide; this writes down.
 * A step's audit record fails the step (a reply is never sent without its trail); the reading
 * copies (gaps, flagged drafts, dashboard counts) fail open.
 */
class ReplyRecorder {

    private static final Logger log = LoggerFactory.getLogger(ReplyRecorder.class);
    static final String BOT = OutgoingReply.BOT;

    private final AuditTrail audit;
    private final KnowledgeGaps gaps;
    private final FlaggedDraftRecorder flagged;
    private final CollaborationStats stats;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Timer latency;
    private final ConcurrentMap<String, Timer> stageTimers = new ConcurrentHashMap<>();
    /** Received records not written yet, by conversation and message ({@link #received}). */
    private final ConcurrentMap<String, AuditEvent> receivedNotYetWritten = new ConcurrentHashMap<>();

    ReplyRecorder(AuditTrail audit, KnowledgeGaps gaps, FlaggedDraftRecorder flagged, CollaborationStats stats,
                  MeterRegistry meters, Clock clock) {
        this.audit = audit;
        this.gaps = gaps;
        this.flagged = flagged;
        this.stats = stats;
        this.meters = meters;
        this.clock = clock;
        this.latency = Timer.builder("assist.pipeline.latency").publishPercentiles(0.5, 0.99).register(meters);
    }

    // ------------------------------------------------------------------ the customer's message

    /**
     * The customer's message as received. Not written at once: it goes with the turn's first record
     * about the message (usually the reply's steps, {@link #routed}), in the same write and before it,
     * so a turn costs one write fewer; {@link #receivedWritten} writes it when no record took it.
     * Its time is the time of receiving, whenever it is written.
     */
    Mono<Void> received(InboundMessage message, String said, String notAnswered) {
        return Mono.fromRunnable(() -> receivedNotYetWritten.put(turnOf(message), event(message, message.messageId(),
                actorOf(message), new AuditDetails.MessageReceived(message.kind().name(), said,
                        message.sentAt().toString(), notAnswered))));
    }

    /** Writes the message's received record unless a record of its turn took it already. */
    Mono<Void> receivedWritten(InboundMessage message) {
        return recordWithReceived(message, List.of());
    }

    /** The turn is over (or failed): a received record still held is dropped (a retry receives the message again). */
    void turnOver(InboundMessage message) {
        receivedNotYetWritten.remove(turnOf(message));
    }

    /** Too old to answer (after a restart, sync_msg can return days of messages): recorded, not answered. */
    void stale() {
        meters.counter("assist.reply.skipped", "reason", "stale").increment();
    }

    Mono<Void> coalesced(InboundMessage message) {
        meters.counter("assist.reply.burst_lines_coalesced").increment();
        return record(message, message.messageId(), BOT,
                new AuditDetails.BurstCoalesced("a later line of the same customer"));
    }

    /** Lines typed in a row, waiting to be answered together. */
    void watching(BurstWatch bursts) {
        meters.gauge("assist.reply.bursts_watched", bursts, BurstWatch::watching);
    }

    /** The bot stays silent: an agent is deciding on its previous draft, or a person holds the conversation. */
    Mono<Void> silent(InboundMessage message, ConversationState state) {
        boolean awaiting = state == ConversationState.AWAITING_APPROVAL;
        meters.counter("assist.reply.skipped", "reason", awaiting ? "awaiting_approval" : "person_holds").increment();
        return notAnswered(message, awaiting
                ? "an agent is deciding on the previous draft; the agent sees this message in the history"
                : "a person holds the conversation (" + state + ")");
    }

    Mono<Void> notAnswered(InboundMessage message, String why) {
        log.debug("not answering {}: {}", message, why);
        return record(message, message.messageId(), BOT, new AuditDetails.NotAnswered(why));
    }

    // ------------------------------------------------------------------ the stages

    /**
     * What the stages found, as one batch of trail records (one round trip instead of one per step),
     * then the reading copies: a blocked or reviewed draft for the compliance officer, a question the
     * knowledge base was unsure of (or that went to a person) for the content team.
     */
    Mono<Void> routed(Answer answer) {
        RoutingDecision decision = answer.decision();
        for (String reason : decision.reasonCodes()) {
            meters.counter("assist.route.decisions", "route", decision.route().name().toLowerCase(), "reason", reason)
                    .increment();
        }
        InboundMessage message = answer.message();
        String subject = answer.draftId();
        List<AuditEvent> steps = new ArrayList<>(4);
        if (answer.retrieval() != null) {
            steps.add(event(message, subject, BOT, retrieved(answer.question(), answer.retrieval())));
        }
        if (answer.draft() != null) {
            steps.add(event(message, subject, BOT, drafted(answer.draft())));
        }
        if (answer.verdict() != null) {
            steps.add(event(message, subject, BOT, checked(answer.verdict())));
        }
        steps.add(event(message, subject, BOT, new AuditDetails.Routed(decision.route().name(),
                decision.reasonCodes(), decision.reasons().stream().map(RoutingDecision.Reason::detail).toList(),
                decision.priority(), decision.queue())));
        Mono<Void> recorded = recordWithReceived(message, steps);
        if (answer.verdict() != null && answer.draft() != null) {
            recorded = recorded.then(flagged.aiDraft(message.conversation().id(), subject, answer.question().text(),
                    answer.draft().text(), answer.verdict(), decision.route().name()));
        }
        return recorded.then(gap(answer));
    }

    Mono<Void> queued(Answer answer, PendingDraft pending) {
        RoutingDecision decision = answer.decision();
        return record(answer.message(), pending.draftId(), BOT, new AuditDetails.QueuedForApproval(decision.queue(),
                decision.priority(), pending.deadline().toString()));
    }

    private static AuditDetails retrieved(Question question, Retrieval retrieval) {
        return new AuditDetails.Retrieved(question.text(), question.lines(),
                retrieval.entries().stream().map(e -> e.entryId() + "@" + e.version()).toList(),
                retrieval.confidence());
    }

    private static AuditDetails drafted(Draft draft) {
        return new AuditDetails.Drafted(draft.kind().name(), draft.drafter().name(), draft.model(),
                draft.prompts().stream().map(Object::toString).toList(),
                draft.sources().stream().map(Object::toString).toList(),
                draft.fallbackReason() == null ? null : draft.fallbackReason().tag(), draft.text());
    }

    /** The compliance stage's verdict as the trail keeps it (the one place to add what the verdict grows). */
    private static AuditDetails checked(Verdict verdict) {
        return new AuditDetails.Checked(verdict.action().name(),
                verdict.hits().stream().map(ReplyRecorder::describe).toList(), verdict.packs(), verdict.checkFailed(),
                verdict.decidedBy().name(), verdict.lowMargin(),
                // a semantic or LLM hit has no rule to look up: its explanation is the record
                verdict.hits().stream()
                        .filter(h -> h.ruleId().startsWith("semantic.") || h.ruleId().startsWith("llm."))
                        .map(h -> h.ruleId() + ": " + h.explanation()).toList());
    }

    /** A question the knowledge base was unsure of, had no answer to, or that went to a person: a gap. */
    private Mono<Void> gap(Answer answer) {
        String reason = answer.decision().gapReason();
        if (reason == null) {
            return Mono.empty();
        }
        Retrieval retrieval = answer.retrieval();
        List<KnowledgeGap.Candidate> candidates = retrieval == null ? List.of() : retrieval.entries().stream()
                .limit(KnowledgeGap.CANDIDATES)
                .map(e -> new KnowledgeGap.Candidate(e.entryId(), e.version(), e.question(), e.score()))
                .toList();
        return gaps.record(new KnowledgeGap("g-" + answer.message().messageId(), answer.question().text(), reason,
                        retrieval == null ? null : retrieval.topCategory(),
                        retrieval == null ? 0 : retrieval.confidence(), candidates, clock.instant(),
                        answer.message().conversation().id()))
                .onErrorResume(e -> {
                    // Fail open: the customer's answer does not wait on the content team's to-do list.
                    log.warn("could not record the knowledge gap of {}: {}", answer.message(), e.toString());
                    return Mono.empty();
                });
    }

    // ------------------------------------------------------------------ 猜你想问 menus

    Mono<Void> menuOffered(Answer answer, OfferedMenu menu) {
        AnswerOutcome.MENU_OFFERED.count(meters);
        return record(answer.message(), answer.draftId(), BOT, new AuditDetails.MenuOffered(menu.question(),
                menu.items().stream().map(i -> i.clickId() + " → " + i.entryId() + "@" + i.version()).toList(),
                menu.expiresAt().toString()));
    }

    /** @param answeredVersion the chosen entry's version served now, or null when it is not served any more */
    Mono<Void> menuChosen(InboundMessage click, OfferedMenu menu, OfferedMenu.Item item, Long answeredVersion) {
        // menu_chosen is counted when its answer is sent (ReplyDispatcher), like every other answer
        return record(click, Answer.draftId(click), "customer", new AuditDetails.MenuChosen(menu.questionMessageId(),
                item.clickId(), item.entryId(), item.version(), answeredVersion));
    }

    /** The customer's message closed the open menu ({@code how}: {@code typed}, {@code person} or {@code handed-off}). */
    Mono<Void> menuAbandoned(InboundMessage message, OfferedMenu menu, String how) {
        AnswerOutcome.MENU_ABANDONED.count(meters);
        return recordWithReceived(message, List.of(AuditEvent.of(message.conversation().id(), menu.questionMessageId(),
                "customer", clock.instant(), new AuditDetails.MenuAbandoned(menu.questionMessageId(), how))));
    }

    /** @param how {@code typed}, {@code person}, {@code lapsed} or {@code handed-off} */
    Mono<Void> menuAbandoned(ConversationKey conversation, OfferedMenu menu, String how) {
        AnswerOutcome.MENU_ABANDONED.count(meters);
        return audit.record(AuditEvent.of(conversation.id(), menu.questionMessageId(),
                "lapsed".equals(how) ? "system" : "customer", clock.instant(),
                new AuditDetails.MenuAbandoned(menu.questionMessageId(), how)));
    }

    /** A customer's choice as a variant suggestion on the content team's review list. */
    Mono<Void> choiceSuggested(InboundMessage click, PhrasingSuggestions.Added added) {
        PhrasingSuggestion s = added.suggestion();
        return record(click, s.id(), "customer", new AuditDetails.PhrasingSuggested(Answer.draftId(click), s.entryId(),
                s.phrasing(), added.created()));
    }

    // ------------------------------------------------------------------ servicers and WeCom's session

    Mono<Void> sessionChanged(InboundMessage message, String actor, ConversationState state, String servicer) {
        return record(message, message.messageId(), actor, new AuditDetails.SessionChanged(state.name(), servicer));
    }

    /** The conversation went to people ({@code wecomPool}: it waits in WeCom's own pool). */
    Mono<Void> handedOff(InboundMessage message, boolean wecomPool, HandOff why) {
        return record(message, message.messageId(), "wecom", new AuditDetails.HandedOff(wecomPool, why.reason(),
                why.priority()));
    }

    /** WeCom could not deliver a message it had accepted (msg_send_fail). */
    Mono<Void> deliveryFailed(InboundMessage message, SessionEvent event) {
        meters.counter("assist.outbound.delivery_failed").increment();
        log.warn("WeCom could not deliver {} in {} (fail_type {})", event.detail("fail_msgid"),
                message.conversation(), event.detail("fail_type"));
        return record(message, event.detail("fail_msgid"), "wecom",
                new AuditDetails.DeliveryFailed(String.valueOf(event.detail("fail_type"))));
    }

    /** A servicer answered from the WeCom client: a person's answer on the dashboard. */
    Mono<Void> writtenByPeople(InboundMessage message) {
        return stats.count(CollaborationStats.Outcome.WRITTEN_BY_PEOPLE, null, message.sentAt())
                .onErrorResume(e -> {
                    // Fail open: a lost count only makes a chart a little low.
                    log.warn("could not count {} for the dashboard: {}", message, e.toString());
                    return Mono.empty();
                });
    }

    // ------------------------------------------------------------------ timing

    /** Times a stage ({@code assist.pipeline.stage{stage}}). */
    <T> Mono<T> timed(String stage, Mono<T> step) {
        return timed(step, () -> stageTimer(stage));
    }

    /** Times a whole answer, from the question to the route's outcome ({@code assist.pipeline.latency}). */
    <T> Mono<T> timedWhole(Mono<T> answer) {
        return timed(answer, () -> latency);
    }

    /**
     * Records when the step ends, before its value or error goes on: with doFinally the next stage
     * (which runs on the value) could finish, and a caller read the timer, before a step that ended
     * on another thread was recorded. A cancelled step is not a duration.
     */
    private static <T> Mono<T> timed(Mono<T> step, java.util.function.Supplier<Timer> timer) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            Runnable record = () -> timer.get().record(Duration.ofNanos(System.nanoTime() - started));
            return step.doOnSuccess(value -> record.run()).doOnError(e -> record.run());
        });
    }

    private Timer stageTimer(String stage) {
        // built once per stage: this runs for every message
        return stageTimers.computeIfAbsent(stage, name -> Timer.builder("assist.pipeline.stage").tag("stage", name)
                .publishPercentiles(0.5, 0.99).register(meters));
    }

    // ------------------------------------------------------------------ the trail

    private Mono<Void> record(InboundMessage message, String subject, String actor, AuditDetails details) {
        return recordWithReceived(message, List.of(event(message, subject, actor, details)));
    }

    /**
     * The events, after the message's received record when that is still held ({@link #received}):
     * one write. The held record is let go only once written, so a failed write leaves it for the next.
     */
    private Mono<Void> recordWithReceived(InboundMessage message, List<AuditEvent> events) {
        return Mono.defer(() -> {
            String turn = turnOf(message);
            AuditEvent received = receivedNotYetWritten.get(turn);
            if (received == null) {
                return events.isEmpty() ? Mono.empty() : audit.recordAll(events);
            }
            List<AuditEvent> all = new ArrayList<>(events.size() + 1);
            all.add(received);
            all.addAll(events);
            return audit.recordAll(all).doOnSuccess(done -> receivedNotYetWritten.remove(turn, received));
        });
    }

    private static String turnOf(InboundMessage message) {
        return message.conversation().id() + '\n' + message.messageId();
    }

    private AuditEvent event(InboundMessage message, String subject, String actor, AuditDetails details) {
        return AuditEvent.of(message.conversation().id(), subject, actor, clock.instant(), details);
    }

    private static String actorOf(InboundMessage message) {
        return message.origin() == MessageOrigin.CUSTOMER ? "customer" : "employee:" + message.conversation().peer();
    }

    private static String describe(Hit hit) {
        return hit.ruleId() + "@" + hit.ruleVersion() + " " + hit.action() + " [" + hit.start() + "," + hit.end()
                + ") " + hit.matchedText();
    }
}
