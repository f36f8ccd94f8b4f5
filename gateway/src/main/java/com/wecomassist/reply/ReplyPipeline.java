package com.wecomassist.reply;

import com.wecomassist.approval.ApprovalProperties;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.comply.FlaggedDraftRecorder;
import com.wecomassist.dashboard.CollaborationStats;
import com.wecomassist.draft.Draft;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.DraftRequest;
import com.wecomassist.draft.Drafter;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.inbound.SessionEvent;
import com.wecomassist.learn.KnowledgeGap;
import com.wecomassist.learn.KnowledgeGaps;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.retrieve.Retriever;
import com.wecomassist.route.AccountManagers;
import com.wecomassist.route.Intent;
import com.wecomassist.route.RoutingDecision;
import com.wecomassist.route.RoutingInput;
import com.wecomassist.route.RoutingPolicy;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.Transition;
import com.wecomassist.session.Turn;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The reply flow for one inbound message, stage by stage:
 * <pre>
 * inbound → session → retrieve → draft → comply → route → outbound | approval queue | handoff
 * </pre>
 * The customer's words are masked for personal data first and only the masked text travels on
 * (history, retrieval, drafting, the approval queue, the audit trail). Lines typed in a row are
 * answered once. Nothing is drafted while a person holds the conversation. Every step is recorded
 * in the audit trail, and the routing decision with its reasons.
 *
 * <p>Called one message at a time per conversation (the inbound lanes), concurrently across
 * conversations; it never blocks (retrieval runs on the knowledge base's own bounded scheduler).
 */
public class ReplyPipeline implements InboundMessageHandler {

    private static final Logger log = LoggerFactory.getLogger(ReplyPipeline.class);
    static final String BOT = "bot";

    private final ConversationStore conversations;
    private final ConversationHistory history;
    private final Retriever retriever;
    private final Drafter drafter;
    private final ComplianceReview compliance;
    private final PiiMasker masker;
    private final RoutingPolicy routing;
    private final AccountManagers accountManagers;
    private final ApprovalQueue approvals;
    private final OutboundHandOff outbound;
    private final AuditTrail audit;
    private final ReplyProperties settings;
    private final ApprovalProperties approvalSettings;
    private final BurstWatch bursts;
    private final int sources;
    private final CollaborationStats stats;
    private final KnowledgeGaps gaps;
    private final Timer latency;
    private final java.util.concurrent.ConcurrentMap<String, Timer> stageTimers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Clock clock;
    private final FlaggedDraftRecorder flagged;

    public ReplyPipeline(ConversationStore conversations, ConversationHistory history, Retriever retriever,
                         Drafter drafter, ComplianceReview compliance, PiiMasker masker, RoutingPolicy routing,
                         AccountManagers accountManagers, ApprovalQueue approvals, OutboundHandOff outbound,
                         AuditTrail audit, ReplyProperties settings, ApprovalProperties approvalSettings,
                         int sources, CollaborationStats stats, KnowledgeGaps gaps, MeterRegistry meters,
                         Clock clock, FlaggedDraftRecorder flagged) {
        this.conversations = conversations;
        this.history = history;
        this.retriever = retriever;
        this.drafter = drafter;
        this.compliance = compliance;
        this.masker = masker;
        this.routing = routing;
        this.accountManagers = accountManagers;
        this.approvals = approvals;
        this.outbound = outbound;
        this.audit = audit;
        this.settings = settings;
        this.approvalSettings = approvalSettings;
        this.bursts = new BurstWatch(settings.burstQuietPeriod());
        this.sources = sources;
        this.stats = stats;
        this.gaps = gaps;
        this.meters = meters;
        this.clock = clock;
        this.flagged = flagged;
        meters.gauge("assist.reply.bursts_watched", bursts, BurstWatch::watching);
        this.latency = Timer.builder("assist.pipeline.latency").publishPercentiles(0.5, 0.99).register(meters);
    }

    @Override
    public void arrived(InboundMessage message) {
        bursts.arrived(message);
    }

    @Override
    public Mono<Void> handle(InboundMessage message) {
        return switch (message.origin()) {
            case SERVICER -> servicerWrote(message);
            case SYSTEM -> sessionEvent(message);
            case CUSTOMER, EMPLOYEE -> customerWrote(message);
        };
    }

    // ------------------------------------------------------------------ inbound → session

    private Mono<Void> customerWrote(InboundMessage message) {
        boolean words = message.kind() == MessageKind.TEXT || message.kind() == MessageKind.MENU_CHOICE;
        String said = words ? masker.mask(message.text() == null ? "" : message.text())
                : message.kind().placeholder();
        boolean stale = message.sentAt().isBefore(clock.instant().minus(settings.maxMessageAge()));
        Turn.Author author = message.origin() == MessageOrigin.CUSTOMER ? Turn.Author.CUSTOMER : Turn.Author.EMPLOYEE;
        AuditDetails received = new AuditDetails.MessageReceived(message.kind().name(), said,
                message.sentAt().toString(), stale ? "older than " + settings.maxMessageAge() : null);
        Turn turn = words ? Turn.said(author, said, message.sentAt(), message.messageId())
                : Turn.withoutWords(author, said, message.sentAt(), message.messageId());
        Mono<Void> recorded = history.append(message.conversation(), turn)
                .then(conversations.update(message.conversation(),
                        c -> c.customerMessaged(message.sentAt(), clock.instant())))
                .then(record(message, message.messageId(), actorOf(message), received));
        if (stale) {
            meters.counter("assist.reply.skipped", "reason", "stale").increment();
            bursts.answered(message);
            return recorded;
        }
        if (!words) {
            bursts.answered(message);
            return recorded.then(replyAsBot(message, "nontext-" + message.messageId(), settings.nonTextText(),
                    OutgoingReply.Purpose.NON_TEXT));
        }
        return recorded.then(Mono.defer(() -> Mono.delay(bursts.waitBeforeAnswering(message))))
                .then(Mono.defer(() -> {
                    if (bursts.supersededAfter(message)) {
                        meters.counter("assist.reply.burst_lines_coalesced").increment();
                        return record(message, message.messageId(), BOT,
                                new AuditDetails.BurstCoalesced("a later line of the same customer"));
                    }
                    bursts.answered(message);
                    return answer(message, said);
                }));
    }

    /** @param said the message's text, masked (the question's last line when the history has none) */
    private Mono<Void> answer(InboundMessage message, String said) {
        long started = System.nanoTime();
        return Mono.zip(conversations.get(message.conversation()), history.recent(message.conversation()),
                        accountManagers.of(message.conversation()).defaultIfEmpty(""))
                .flatMap(t -> {
                    Conversation conversation = t.getT1();
                    if (!conversation.state().botHolds() || conversation.state() == ConversationState.AWAITING_APPROVAL) {
                        return silent(message, conversation.state());
                    }
                    Question question = Question.from(t.getT2(), message, said, settings,
                            conversation.answeredThrough());
                    String manager = t.getT3().isEmpty() ? null : t.getT3();
                    Intent intent = routing.intentOf(question.text());
                    if (intent != Intent.QUESTION) {
                        // A person is needed whatever the knowledge base says: no draft at all.
                        return timed("route", Mono.defer(() -> {
                            RoutingDecision decision = routing.decide(new RoutingInput(question.text(), 0,
                                    DraftKind.HANDOFF, com.wecomassist.compliance.rules.Action.PASS,
                                    conversation.lowConfidenceStreak(), manager));
                            return routed(message, question, null, null, null, decision);
                        })).then(handOff(message, settings.handoffText(), OutgoingReply.Purpose.HANDOFF_NOTICE));
                    }
                    return conversations.update(message.conversation(),
                                    c -> c.draftingStarted(clock.instant(), question.through()))
                            .map(Transition::conversation)
                            .flatMap(drafting -> drafting.state() != ConversationState.DRAFTING
                                    ? notAnswered(message, "the bot may not reply now (" + drafting.state()
                                    + (drafting.replyWindowOpen(clock.instant()) ? "" : ", reply window closed") + ")")
                                    : draftAndRoute(message, question, drafting, manager));
                })
                .doFinally(signal -> latency.record(Duration.ofNanos(System.nanoTime() - started)));
    }

    // ------------------------------------------------------------------ retrieve → draft → comply → route

    private Mono<Void> draftAndRoute(InboundMessage message, Question question, Conversation conversation,
                                     String manager) {
        return timed("retrieve", retriever.retrieve(question.text(), sources))
                .flatMap(retrieval -> timed("draft", drafter.draft(new DraftRequest(message.conversation().id(),
                                question.text(), retrieval.sources(), question.conversationStart())))
                        .flatMap(draft -> timed("comply", compliance.check(draft.text(), TextKind.AI_DRAFT))
                                .flatMap(verdict -> {
                            // route: the decision, the conversation's confidence streak and the trail of
                            // every stage so far (what the route stage costs beyond deciding is that I/O)
                            return timed("route", Mono.defer(() -> {
                                RoutingDecision decision = routing.decide(new RoutingInput(question.text(),
                                        retrieval.confidence(), draft.kind(), verdict.action(),
                                        conversation.lowConfidenceStreak(), manager));
                                boolean unsure = decision.unsure();
                                Mono<Transition> streak = conversations.update(message.conversation(), c -> (unsure
                                        ? c.lowConfidenceDraft(clock.instant()) : c.confidentDraft(clock.instant())));
                                return streak.then(routed(message, question, retrieval, draft, verdict, decision))
                                        .thenReturn(decision);
                            })).flatMap(decision -> act(message, question, retrieval, draft, verdict, decision));
                        })));
    }

    // ------------------------------------------------------------------ route → outbound | approval | handoff

    private Mono<Void> act(InboundMessage message, Question question, Retrieval retrieval, Draft draft,
                           Verdict verdict, RoutingDecision decision) {
        String draftId = draftId(message);
        return switch (decision.route()) {
            case AUTO_SEND -> timed("send", outbound.handOn(OutgoingReply.botAnswer(draftId, message.conversation(),
                    verdict.text(), message.messageId(), retrieval.topCategory())));
            case APPROVAL -> queueForApproval(message, question, retrieval, draft, verdict, decision);
            case HANDOFF -> handOff(message, settings.handoffText(), OutgoingReply.Purpose.HANDOFF_NOTICE);
            case BLOCK -> handOff(message, settings.blockedText(), OutgoingReply.Purpose.HOLDING);
        };
    }

    private Mono<Void> queueForApproval(InboundMessage message, Question question, Retrieval retrieval, Draft draft,
                                        Verdict verdict, RoutingDecision decision) {
        Instant now = clock.instant();
        PendingDraft pending = PendingDraft.awaiting(draftId(message), message.conversation(), message.messageId(),
                        question.text(), verdict.text(), now, approvalSettings.sla())
                .withSources(draft.sources().stream().map(Object::toString).toList(), retrieval.confidence(),
                        retrieval.topCategory())
                .withRouting(decision.explained(), decision.priority(), decision.queue())
                .withHits(findings(verdict));
        return approvals.enqueue(pending)
                .flatMap(outcome -> {
                    if (!outcome.ok()) {
                        // a redelivered message: its draft is queued (or was decided) already
                        log.info("draft {} not queued again: {}", pending.draftId(), outcome.refusal());
                    }
                    return conversations.update(message.conversation(),
                            c -> c.draftQueuedForApproval(clock.instant()));
                })
                .then(record(message, pending.draftId(), BOT, new AuditDetails.QueuedForApproval(decision.queue(),
                        decision.priority(), pending.deadline().toString())));
    }

    private Mono<Void> handOff(InboundMessage message, String notice, OutgoingReply.Purpose purpose) {
        return outbound.handOn(OutgoingReply.handingOff(purpose, message.conversation(), notice, message.messageId()));
    }

    private Mono<Void> replyAsBot(InboundMessage message, String replyId, String text, OutgoingReply.Purpose purpose) {
        return conversations.get(message.conversation()).flatMap(c -> c.state().botHolds()
                ? outbound.handOn(OutgoingReply.notice(replyId, message.conversation(), text, purpose, BOT, null,
                message.messageId()))
                : silent(message, c.state()));
    }

    // ------------------------------------------------------------------ servicers and session events

    private Mono<Void> servicerWrote(InboundMessage message) {
        Mono<Void> recorded = history.append(message.conversation(), message.text() == null
                ? Turn.withoutWords(Turn.Author.SERVICER, message.kind().placeholder(), message.sentAt(), message.messageId())
                : Turn.said(Turn.Author.SERVICER, message.text(), message.sentAt(), message.messageId()));
        if (message.servicerUserId() == null || message.servicerUserId().isBlank()) {
            return recorded;
        }
        // A servicer writing from the WeCom client holds the session (WeCom moves it to 3): the bot falls silent.
        return recorded.then(takenOverBy(message, message.servicerUserId()))
                .then(stats.count(CollaborationStats.Outcome.WRITTEN_BY_PEOPLE, null, message.sentAt())
                        .onErrorResume(e -> {
                            // Fail open: a lost count only makes a chart a little low.
                            log.warn("could not count {} for the dashboard: {}", message, e.toString());
                            return Mono.empty();
                        }));
    }

    private Mono<Void> sessionEvent(InboundMessage message) {
        SessionEvent event = message.event();
        if (event == null) {
            return Mono.empty();
        }
        Mono<Void> recorded = history.append(message.conversation(),
                Turn.event(describe(event), message.sentAt(), message.messageId()));
        return switch (event.type()) {
            case SessionEvent.ENTER_SESSION -> event.code() == null ? recorded
                    : recorded.then(outbound.handOn(OutgoingReply.welcome(message.conversation(), settings.welcomeText(),
                    event.code(), message.messageId())));
            case SessionEvent.SESSION_STATUS_CHANGE -> recorded.then(statusChanged(message, event));
            case SessionEvent.MSG_SEND_FAIL -> {
                meters.counter("assist.outbound.delivery_failed").increment();
                log.warn("WeCom could not deliver {} in {} (fail_type {})", event.detail("fail_msgid"),
                        message.conversation(), event.detail("fail_type"));
                yield recorded.then(record(message, event.detail("fail_msgid"), "wecom",
                        new AuditDetails.DeliveryFailed(String.valueOf(event.detail("fail_type")))));
            }
            default -> recorded;
        };
    }

    /** change_type 1 (taken from the pool), 2 (transferred), 4 (re-taken): a person holds it; 3: ended. */
    private Mono<Void> statusChanged(InboundMessage message, SessionEvent event) {
        String change = String.valueOf(event.detail("change_type"));
        String servicer = event.detail("new_servicer_userid");
        if ("3".equals(change)) {
            return conversations.update(message.conversation(), c -> c.ended(clock.instant()))
                    .then(record(message, message.messageId(), "wecom",
                            new AuditDetails.SessionChanged(ConversationState.ENDED.name(), null)));
        }
        if (servicer != null && !servicer.isBlank()) {
            return takenOverBy(message, servicer);
        }
        return Mono.empty();
    }

    private Mono<Void> takenOverBy(InboundMessage message, String servicer) {
        return conversations.update(message.conversation(), c -> servicer.equals(c.servicerUserId())
                        ? Transition.allowed(c) : c.personTookOver(servicer, clock.instant()))
                .then(record(message, message.messageId(), servicer,
                        new AuditDetails.SessionChanged(ConversationState.HUMAN.name(), servicer)));
    }

    // ------------------------------------------------------------------ recording

    private Mono<Void> routed(InboundMessage message, Question question, Retrieval retrieval, Draft draft,
                              Verdict verdict, RoutingDecision decision) {
        for (String reason : decision.reasonCodes()) {
            meters.counter("assist.route.decisions", "route", decision.route().name().toLowerCase(), "reason", reason)
                    .increment();
        }
        String subject = draftId(message);
        // every step's record in one batch: one round trip to the trail instead of one per step
        List<AuditEvent> steps = new ArrayList<>(4);
        if (retrieval != null) {
            steps.add(event(message, subject, BOT, new AuditDetails.Retrieved(question.text(), question.lines(),
                    retrieval.entries().stream().map(e -> e.entryId() + "@" + e.version()).toList(),
                    retrieval.confidence())));
        }
        if (draft != null) {
            steps.add(event(message, subject, BOT, new AuditDetails.Drafted(draft.kind().name(),
                    draft.drafter().name(), draft.model(), draft.prompts().stream().map(Object::toString).toList(),
                    draft.sources().stream().map(Object::toString).toList(),
                    draft.fallbackReason() == null ? null : draft.fallbackReason().tag(), draft.text())));
        }
        if (verdict != null) {
            steps.add(event(message, subject, BOT, new AuditDetails.Checked(verdict.action().name(),
                    verdict.hits().stream().map(ReplyPipeline::describe).toList(), verdict.packs(),
                    verdict.checkFailed())));
        }
        steps.add(event(message, subject, BOT, new AuditDetails.Routed(decision.route().name(),
                decision.reasonCodes(), decision.reasons().stream().map(RoutingDecision.Reason::detail).toList(),
                decision.priority(), decision.queue())));
        Mono<Void> recorded = audit.recordAll(steps);
        if (verdict != null && draft != null) {
            // blocked and reviewed drafts, for the compliance officer's list
            recorded = recorded.then(flagged.aiDraft(message.conversation().id(), subject, question.text(),
                    draft.text(), verdict, decision.route().name()));
        }
        return recorded.then(gap(message, question, retrieval, decision));
    }

    /** A question the knowledge base was unsure of, had no answer to, or that went to a person: a gap. */
    private Mono<Void> gap(InboundMessage message, Question question, Retrieval retrieval, RoutingDecision decision) {
        String reason = decision.gapReason();
        if (reason == null) {
            return Mono.empty();
        }
        List<KnowledgeGap.Candidate> candidates = retrieval == null ? List.of() : retrieval.entries().stream()
                .limit(KnowledgeGap.CANDIDATES)
                .map(e -> new KnowledgeGap.Candidate(e.entryId(), e.version(), e.question(), e.score()))
                .toList();
        return gaps.record(new KnowledgeGap("g-" + message.messageId(), question.text(), reason,
                        retrieval == null ? null : retrieval.topCategory(),
                        retrieval == null ? 0 : retrieval.confidence(), candidates, clock.instant()))
                .onErrorResume(e -> {
                    // Fail open: the customer's answer does not wait on the content team's to-do list.
                    log.warn("could not record the knowledge gap of {}: {}", message, e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> silent(InboundMessage message, ConversationState state) {
        String reason = state == ConversationState.AWAITING_APPROVAL ? "awaiting_approval" : "person_holds";
        meters.counter("assist.reply.skipped", "reason", reason).increment();
        return notAnswered(message, state == ConversationState.AWAITING_APPROVAL
                ? "an agent is deciding on the previous draft; the agent sees this message in the history"
                : "a person holds the conversation (" + state + ")");
    }

    private Mono<Void> notAnswered(InboundMessage message, String why) {
        log.debug("not answering {}: {}", message, why);
        return record(message, message.messageId(), BOT, new AuditDetails.NotAnswered(why));
    }

    private Mono<Void> record(InboundMessage message, String subject, String actor, AuditDetails details) {
        return audit.record(event(message, subject, actor, details));
    }

    private AuditEvent event(InboundMessage message, String subject, String actor, AuditDetails details) {
        return AuditEvent.of(message.conversation().id(), subject, actor, clock.instant(), details);
    }

    private <T> Mono<T> timed(String stage, Mono<T> step) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return step.doFinally(s -> stageTimer(stage).record(Duration.ofNanos(System.nanoTime() - started)));
        });
    }

    private Timer stageTimer(String stage) {
        // built once per stage: this runs for every message
        return stageTimers.computeIfAbsent(stage, name -> Timer.builder("assist.pipeline.stage").tag("stage", name)
                .publishPercentiles(0.5, 0.99).register(meters));
    }

    /** The verdict's hits as positions in the text that will be shown (hits point into the checked text). */
    private static List<PendingDraft.Finding> findings(Verdict verdict) {
        int length = verdict.text().length();
        return verdict.hits().stream()
                .filter(hit -> hit.end() <= length && verdict.text().regionMatches(hit.start(), hit.matchedText(), 0,
                        hit.matchedText().length()))
                .map(hit -> new PendingDraft.Finding(hit.ruleId(), hit.action().name(), hit.start(), hit.end(),
                        hit.explanation()))
                .toList();
    }

    static String draftId(InboundMessage message) {
        return "d-" + message.messageId();
    }

    private static String actorOf(InboundMessage message) {
        return message.origin() == MessageOrigin.CUSTOMER ? "customer" : "employee:" + message.conversation().peer();
    }

    private static String describe(Hit hit) {
        return hit.ruleId() + "@" + hit.ruleVersion() + " " + hit.action() + " [" + hit.start() + "," + hit.end()
                + ") " + hit.matchedText();
    }

    private static String describe(SessionEvent event) {
        return switch (event.type()) {
            case SessionEvent.ENTER_SESSION -> "客户进入会话";
            case SessionEvent.SESSION_STATUS_CHANGE -> "会话状态变更 change_type=" + event.detail("change_type")
                    + (event.detail("new_servicer_userid") != null ? " 接待人员=" + event.detail("new_servicer_userid") : "");
            case SessionEvent.MSG_SEND_FAIL -> "消息发送失败 " + event.detail("fail_msgid");
            default -> event.type();
        };
    }

    /**
     * What the bot answers: the customer's unanswered lines of this burst (masked), oldest first.
     *
     * @param conversationStart true when the bot has not spoken in the kept history (the reply greets)
     * @param through           the message id of the newest line answered, recorded when drafting starts
     */
    record Question(String text, int lines, boolean conversationStart, String through) {

        /**
         * The lines after the last reply: walking back from the newest turn, the customer's lines up
         * to the bot's (or a person's) last turn, or to the line a previous draft already took up.
         * The second stop matters because a reply enters the history only after it is sent: a line
         * the customer writes in that moment must not be read together with the one just answered.
         *
         * @param answeredThrough the conversation's {@link Conversation#answeredThrough()}
         */
        static Question from(List<Turn> recent, InboundMessage message, String maskedText, ReplyProperties settings,
                             String answeredThrough) {
            // This very line already taken up means a try that did not finish (the message was
            // redelivered): answer it as if it were new.
            String takenUp = message.messageId().equals(answeredThrough) ? null : answeredThrough;
            Deque<String> lines = new ArrayDeque<>();
            String through = null;
            Instant earliest = message.sentAt().minus(settings.burstSpan());
            for (int i = recent.size() - 1; i >= 0 && lines.size() < settings.maxBurstLines(); i--) {
                Turn turn = recent.get(i);
                if (!turn.fromPersonServed() || turn.at().isBefore(earliest) || (takenUp != null && takenUp.equals(turn.ref()))) {
                    break;
                }
                if (through == null) {
                    through = turn.ref();
                }
                if (turn.kind() == Turn.Kind.TEXT) {
                    lines.addFirst(turn.text());
                }
            }
            if (lines.isEmpty()) {
                lines.add(maskedText);
            }
            boolean botSpoke = takenUp != null || recent.stream().anyMatch(t -> t.author() == Turn.Author.BOT);
            return new Question(String.join("\n", lines), lines.size(), !botSpoke,
                    through == null ? message.messageId() : through);
        }
    }
}
