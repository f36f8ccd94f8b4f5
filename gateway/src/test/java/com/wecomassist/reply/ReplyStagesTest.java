package com.wecomassist.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.approval.memory.InMemoryApprovalQueue;
import com.wecomassist.approval.redis.RedisApprovalQueue;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.comply.FlaggedDraft;
import com.wecomassist.comply.FlaggedDraftRecorder;
import com.wecomassist.comply.RecentTexts;
import com.wecomassist.comply.memory.InMemoryFlaggedDrafts;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.conversation.memory.InMemoryConversationStore;
import com.wecomassist.conversation.redis.RedisConversationStore;
import com.wecomassist.dashboard.CollaborationStats;
import com.wecomassist.dashboard.memory.InMemoryCollaborationStats;
import com.wecomassist.draft.Draft;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.Drafter;
import com.wecomassist.draft.DrafterKind;
import com.wecomassist.draft.SourceRef;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.inbound.SessionEvent;
import com.wecomassist.learn.KnowledgeGap;
import com.wecomassist.learn.memory.InMemoryKnowledgeGaps;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.retrieve.Retriever;
import com.wecomassist.draft.PromptCatalogue;
import com.wecomassist.draft.kb.KbTemplateDrafter;
import com.wecomassist.learn.memory.InMemoryPhrasingSuggestions;
import com.wecomassist.route.DefaultRoutingPolicy;
import com.wecomassist.route.RouteProperties;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.ConversationTurns;
import com.wecomassist.session.Turn;
import com.wecomassist.session.memory.InMemoryConversationHistory;
import com.wecomassist.session.redis.RedisConversationHistory;
import com.wecomassist.testing.RedisTestServer;
import com.wecomassist.wecom.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import com.wecomassist.comply.ComplianceInForce;
import com.wecomassist.welcome.CatalogueKfWelcomeTexts;
import com.wecomassist.welcome.CheckedTexts;
import com.wecomassist.welcome.KfWelcomeTexts;
import com.wecomassist.welcome.Publication;
import com.wecomassist.welcome.WelcomeCatalogue;
import com.wecomassist.welcome.WelcomeKey;
import com.wecomassist.welcome.memory.InMemoryWelcomeTemplates;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reply stages on the in-memory adapters, one branch each: what goes out (or does not), what
 * the conversation becomes, and what the recorder leaves on the trail, the gaps, the flagged
 * drafts, the dashboard and the metrics. Retrieval, drafting and compliance are stand-ins whose
 * answers each test sets; the routing policy is the real one.
 */
class ReplyStagesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final ConversationKey KEY = ConversationKey.kf("wkStages", "wmCustomer");
    private static final ReplyProperties SETTINGS = new ReplyProperties(Duration.ofMinutes(30), 20,
            Duration.ofHours(48), "welcome", "non-text", Duration.ZERO, Duration.ofMinutes(2), 5, "handoff",
            "blocked", "您是想问以下哪个问题？", "都不是？回复「人工」", "declined", Duration.ofSeconds(5));

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryConversationStore conversations = new InMemoryConversationStore(Duration.ofHours(1), clock);
    private final InMemoryConversationHistory history = new InMemoryConversationHistory(20, Duration.ofHours(1));
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail(100, 10, Duration.ofHours(1), clock);
    private final InMemoryKnowledgeGaps gaps = new InMemoryKnowledgeGaps(100, Duration.ofHours(1), clock);
    private final InMemoryFlaggedDrafts flagged = new InMemoryFlaggedDrafts(100);
    private final InMemoryCollaborationStats stats = new InMemoryCollaborationStats(Duration.ofHours(48), clock);
    private final InMemoryApprovalQueue approvals = new InMemoryApprovalQueue(clock, Duration.ofHours(1));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<OutgoingReply> handedOn = new CopyOnWriteArrayList<>();
    private final AtomicInteger drafts = new AtomicInteger();

    private double confidence = 0.95;
    private DraftKind draftKind = DraftKind.ANSWER;
    private Action verdict = Action.PASS;

    private final Retriever retriever = (text, k) -> Mono.fromSupplier(() -> new Retrieval(List.of(
            new Retrieval.RetrievedEntry("kb-1", 2, "信用卡年费怎么收？", "首年免年费。", "信用卡", 3.2)), confidence, confidence, 0));
    private boolean draftingFails;
    private final Drafter drafter = request -> Mono.fromSupplier(() -> {
        if (draftingFails) {
            throw new IllegalStateException("test: the model is down");
        }
        drafts.incrementAndGet();
        return new Draft("您好，本行信用卡首年免年费。", draftKind, List.of(new SourceRef("kb-1", 2)), List.of(),
                Draft.KB_TEMPLATE_MODEL, DrafterKind.KB_TEMPLATE, null);
    });
    private final ComplianceReview compliance = (text, kind) -> Mono.fromSupplier(() ->
            new Verdict(verdict, List.of(), List.of(), text, kind, List.of("bank-default@1"), false));
    private final OutboundHandOff outbound = reply -> Mono.fromRunnable(() -> handedOn.add(reply));
    /** The content team's welcome templates, real (in memory), checked by the bank rule pack. */
    private final InMemoryWelcomeTemplates welcomeTemplates = new InMemoryWelcomeTemplates();
    private final WelcomeCatalogue welcomeCatalogue = new WelcomeCatalogue(welcomeTemplates,
            WelcomeCatalogue.shippedDefaults());
    private final CheckedTexts welcomeChecks = new CheckedTexts(new ComplianceInForce(ComplianceChecker.bankDefault()));
    private final KfWelcomeTexts kfWelcomes = new CatalogueKfWelcomeTexts(welcomeCatalogue, welcomeChecks, meters);

    /** Each write the flow made to the trail: the types of the events written together. */
    private final List<List<AuditEvent.Type>> writes = new CopyOnWriteArrayList<>();
    private final AuditTrail trail = new AuditTrail() {
        @Override
        public Mono<Void> record(AuditEvent event) {
            return recordAll(List.of(event));
        }

        @Override
        public Mono<Void> recordAll(List<AuditEvent> events) {
            writes.add(events.stream().map(AuditEvent::type).toList());
            return audit.recordAll(events);
        }

        @Override
        public Flux<AuditEvent> ofConversation(String conversation, int limit) {
            return audit.ofConversation(conversation, limit);
        }

        @Override
        public Flux<AuditEvent> forCustomer(String externalUserId) {
            return audit.forCustomer(externalUserId);
        }

        @Override
        public Mono<Long> eraseCustomer(String externalUserId) {
            return audit.eraseCustomer(externalUserId);
        }
    };

    /** What the {@code CustomerWrote} listeners were told: customer|at|text. */
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final ReplyPipeline pipeline = pipeline(conversations, history, approvals, meters);

    /** The stages over these stores (the test's in-memory ones, or Redis's) and the test's stand-ins. */
    private ReplyPipeline pipeline(ConversationStore conversations, ConversationHistory history,
                                   ApprovalQueue approvals, SimpleMeterRegistry meters) {
        PiiMasker masker = new PiiMasker(ComplianceChecker.bankDefault().detector());
        RouteProperties route = new RouteProperties(0.9, 2, List.of("转人工", "人工"), List.of("投诉"),
                List.of("挂失", "盗刷"), 100, 50, Map.of(), 0.5, 3, Duration.ofMinutes(3), List.of(), List.of());
        ReplyRecorder recorder = new ReplyRecorder(trail, gaps, new FlaggedDraftRecorder(
                new RecentTexts(flagged, new InMemoryFlaggedDrafts(100), 100), 0, masker, clock),
                stats, meters, clock);
        return ReplyConfiguration.assemble(new ReplyConfiguration.Parts(conversations, history, retriever, drafter,
                compliance, masker, new DefaultRoutingPolicy(route), conversation -> Mono.empty(), approvals,
                outbound, SETTINGS, Duration.ofMinutes(3), 3, clock, new KbTemplateDrafter(PromptCatalogue.load()),
                new InMemoryPhrasingSuggestions(Duration.ofDays(30), clock), route, kfWelcomes,
                List.of((customer, at, text) -> Mono.fromRunnable(() -> told.add(customer + "|" + at + "|" + text)))),
                recorder);
    }

    @Test
    void aConfidentCompliantAnswerIsSentWithEveryStepOnTheTrail() {
        handle(customer("m1", "信用卡年费怎么收？", T0));

        assertThat(handedOn).singleElement().satisfies(reply -> {
            assertThat(reply.replyId()).isEqualTo("d-m1");
            assertThat(reply.purpose()).isEqualTo(OutgoingReply.Purpose.ANSWER);
            assertThat(reply.text()).isEqualTo("您好，本行信用卡首年免年费。");
            assertThat(reply.category()).isEqualTo("信用卡");
            assertThat(reply.customerMessageId()).isEqualTo("m1");
        });
        assertThat(types()).containsExactly(AuditEvent.Type.MESSAGE_RECEIVED, AuditEvent.Type.RETRIEVED,
                AuditEvent.Type.DRAFTED, AuditEvent.Type.CHECKED, AuditEvent.Type.ROUTED);
        assertThat(event(AuditEvent.Type.ROUTED).details()).containsEntry("route", "AUTO_SEND")
                .containsEntry("reasons", List.of("confident", "compliant"));
        assertThat(event(AuditEvent.Type.RETRIEVED).details()).containsEntry("entries", List.of("kb-1@2"));
        assertThat(conversations.get(KEY).block(WAIT).state()).isEqualTo(ConversationState.DRAFTING);
        assertThat(conversations.get(KEY).block(WAIT).answeredThrough()).isEqualTo("m1");
        assertThat(gaps.recent().collectList().block(WAIT)).isEmpty();
        assertThat(meters.counter("assist.route.decisions", "route", "auto_send", "reason", "confident").count())
                .isEqualTo(1);
        assertThat(meters.find("assist.pipeline.stage").tag("stage", "comply").timer().count()).isEqualTo(1);
    }

    /** The message's record goes with the reply's steps: one write to the trail for the turn, the message first. */
    @Test
    void aTurnsTrailIsOneWriteWithTheMessageFirst() {
        handle(customer("m1", "信用卡年费怎么收？", T0));

        assertThat(writes).containsExactly(List.of(AuditEvent.Type.MESSAGE_RECEIVED, AuditEvent.Type.RETRIEVED,
                AuditEvent.Type.DRAFTED, AuditEvent.Type.CHECKED, AuditEvent.Type.ROUTED));
        assertThat(event(AuditEvent.Type.MESSAGE_RECEIVED).at()).as("the time it was received").isEqualTo(T0);
    }

    /** A turn that fails before any record of its own still leaves the message on the trail (once per try). */
    @Test
    void aMessageWhoseAnswerFailsIsStillOnTheTrail() {
        draftingFails = true;
        InboundMessage line = customer("m1", "信用卡年费怎么收？", T0);
        pipeline.arrived(line);

        assertThatThrownBy(() -> pipeline.handle(line).block(WAIT)).hasMessageContaining("the model is down");

        assertThat(types()).containsExactly(AuditEvent.Type.MESSAGE_RECEIVED);
        assertThat(handedOn).isEmpty();
    }

    /**
     * A sure draft with no streak of unsure ones to end costs the conversation no third touch: the turn
     * writes it twice (the customer wrote, drafting started) and reads it once. Before, the streak's
     * no-op update cost a read in cluster mode (a remembered value never decides a no-op).
     */
    @Test
    void aSureDraftWithoutAStreakTouchesTheConversationNoFurther() {
        List<String> calls = new CopyOnWriteArrayList<>();
        ConversationStore counted = (ConversationStore) java.lang.reflect.Proxy.newProxyInstance(
                ConversationStore.class.getClassLoader(), new Class<?>[] {ConversationStore.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(conversations, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ReplyPipeline onCounted = pipeline(counted, history, approvals, meters);
        InboundMessage line = customer("m1", "信用卡年费怎么收？", T0);
        onCounted.arrived(line);
        onCounted.handle(line).block(WAIT);

        assertThat(handedOn).extracting(OutgoingReply::replyId).containsExactly("d-m1");
        assertThat(calls).containsExactly("update", "get", "update");
    }

    /** A sure draft after an unsure one ends the streak. */
    @Test
    void aSureDraftEndsAStreakOfUnsureOnes() {
        conversations.update(KEY, c -> c.lowConfidenceDraft(T0)).block(WAIT);
        assertThat(conversations.get(KEY).block(WAIT).lowConfidenceStreak()).isEqualTo(1);

        handle(customer("m1", "信用卡年费怎么收？", T0.plusSeconds(1)));

        assertThat(handedOn).extracting(OutgoingReply::replyId).containsExactly("d-m1");
        assertThat(conversations.get(KEY).block(WAIT).lowConfidenceStreak()).isZero();
    }

    @Test
    void anUnsureAnswerWaitsForAnAgentIsCountedInTheStreakAndIsAGap() {
        confidence = 0.5;

        handle(customer("m1", "信用卡年费怎么收？", T0));

        assertThat(handedOn).isEmpty();
        PendingDraft waiting = approvals.pending().map(QueuedDraft::draft).blockFirst(WAIT);
        assertThat(waiting.draftId()).isEqualTo("d-m1");
        assertThat(waiting.reasons()).containsExactly("low-confidence: 0.50 < 0.90");
        assertThat(waiting.sources()).containsExactly("kb-1@2");
        assertThat(waiting.category()).isEqualTo("信用卡");
        assertThat(waiting.deadline()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(conversations.get(KEY).block(WAIT).state()).isEqualTo(ConversationState.AWAITING_APPROVAL);
        assertThat(conversations.get(KEY).block(WAIT).lowConfidenceStreak()).isEqualTo(1);
        assertThat(types()).endsWith(AuditEvent.Type.ROUTED, AuditEvent.Type.QUEUED_FOR_APPROVAL);
        assertThat(gaps.recent().collectList().block(WAIT)).singleElement().satisfies(gap -> {
            assertThat(gap.reason()).isEqualTo("low-confidence");
            assertThat(gap.topEntryId()).isEqualTo("kb-1");
        });
    }

    /**
     * A message that comes again (redelivered) after an agent decided its draft: the queue refuses the
     * draft as completed, and the conversation must not wait for an approval that will never come.
     * On the in-memory stores and on Redis.
     */
    @Test
    void aRedeliveredMessageWhoseDraftWasDecidedLeavesNoConversationWaitingForAnApproval() {
        String prefix = RedisTestServer.freshPrefix();
        ConversationStore onRedis = new RedisConversationStore(RedisTestServer.template(), prefix, Duration.ofHours(1),
                10, clock);
        List<ConversationStore> stores = List.of(conversations, onRedis);
        List<ApprovalQueue> queues = List.of(approvals,
                new RedisApprovalQueue(RedisTestServer.template(), prefix, Duration.ofHours(1), clock));
        List<ConversationHistory> histories = List.of(history,
                new RedisConversationHistory(RedisTestServer.template(), prefix, 20, Duration.ofHours(1)));
        for (int i = 0; i < stores.size(); i++) {
            ConversationStore store = stores.get(i);
            ApprovalQueue queue = queues.get(i);
            ReplyPipeline onThese = pipeline(store, histories.get(i), queue, meters);
            // a rule asks for review: the draft waits for an agent (a sure one, so no streak of unsure ones)
            verdict = Action.REVIEW;
            InboundMessage asked = customer("m1", "信用卡年费怎么收？", T0);
            onThese.arrived(asked);
            onThese.handle(asked).block(WAIT);
            assertThat(store.get(KEY).block(WAIT).state()).isEqualTo(ConversationState.AWAITING_APPROVAL);
            // an agent rejects the draft without answering (AgentDesk.reject)
            queue.claim("d-m1", "alice", Duration.ofMinutes(1)).block(WAIT);
            assertThat(queue.complete("d-m1", "alice").block(WAIT).ok()).isTrue();
            store.update(KEY, c -> c.approvalWithdrawn(T0)).block(WAIT);

            onThese.arrived(asked);
            onThese.handle(asked).block(WAIT);

            Conversation after = store.get(KEY).block(WAIT);
            assertThat(after.state()).as("nothing waits for the decided draft").isEqualTo(ConversationState.BOT);
            assertThat(queue.pending().collectList().block(WAIT)).isEmpty();
            assertThat(event(AuditEvent.Type.NOT_SENT).details().get("reason").toString())
                    .contains("d-m1", "decided");
            // and the bot answers the customer's next question
            verdict = Action.PASS;
            clock.advance(Duration.ofSeconds(30));
            InboundMessage next = customer("m2", "信用卡年费怎么收？", clock.instant());
            onThese.arrived(next);
            onThese.handle(next).block(WAIT);
            assertThat(handedOn).extracting(OutgoingReply::replyId).containsOnlyOnce("d-m2");
            handedOn.clear();
        }
    }

    @Test
    void aQuestionForAPersonIsHandedOffWithoutADraft() {
        handle(customer("m1", "我要转人工", T0));

        assertThat(drafts.get()).isZero();
        assertThat(handedOn).singleElement().satisfies(reply -> {
            assertThat(reply.purpose()).isEqualTo(OutgoingReply.Purpose.HANDOFF_NOTICE);
            assertThat(reply.replyId()).isEqualTo("handoff_notice-m1");
            assertThat(reply.handOffAfter()).isTrue();
            assertThat(reply.handOff()).isEqualTo(new HandOff("customer-asked-for-person", 0, T0));
            assertThat(reply.text()).isEqualTo("handoff");
        });
        assertThat(types()).containsExactly(AuditEvent.Type.MESSAGE_RECEIVED, AuditEvent.Type.ROUTED);
        assertThat(gaps.recent().map(KnowledgeGap::reason).collectList().block(WAIT))
                .containsExactly("customer-asked-for-person");
        assertThat(conversations.get(KEY).block(WAIT).state()).as("nothing drafted").isEqualTo(ConversationState.NEW);
    }

    @Test
    void aBlockedDraftIsNeverSentAndIsKeptForTheComplianceOfficer() {
        verdict = Action.BLOCK;

        handle(customer("m1", "信用卡年费怎么收？", T0));

        assertThat(handedOn).singleElement().satisfies(reply -> {
            assertThat(reply.purpose()).isEqualTo(OutgoingReply.Purpose.HOLDING);
            assertThat(reply.text()).isEqualTo("blocked");
            assertThat(reply.handOffAfter()).isTrue();
            assertThat(reply.handOff()).isEqualTo(new HandOff("compliance-block", 50, T0));
        });
        assertThat(flagged.recent(Set.of("BLOCK"), 10).collectList().block(WAIT)).singleElement()
                .satisfies(draft -> {
                    assertThat(draft.id()).isEqualTo("d-m1");
                    assertThat(draft.route()).isEqualTo("BLOCK");
                    assertThat(draft.source()).isEqualTo(FlaggedDraft.AI_DRAFT);
                });
        assertThat(event(AuditEvent.Type.CHECKED).details()).containsEntry("action", "BLOCK");
    }

    /** After a restart sync_msg returns days of messages: they are kept, never answered. */
    @Test
    void aStaleMessageIsRecordedButNotAnswered() {
        clock.advance(Duration.ofHours(2));

        handle(customer("old", "信用卡年费怎么收？", T0));

        assertThat(drafts.get()).isZero();
        assertThat(handedOn).isEmpty();
        assertThat(types()).containsExactly(AuditEvent.Type.MESSAGE_RECEIVED);
        assertThat(event(AuditEvent.Type.MESSAGE_RECEIVED).details()).containsEntry("notAnswered", "older than PT30M");
        assertThat(history.recent(KEY).block(WAIT)).extracting(Turn::ref).containsExactly("old");
        assertThat(conversations.get(KEY).block(WAIT).lastCustomerMessageAt()).as("the window still opens")
                .isEqualTo(T0);
        assertThat(meters.counter("assist.reply.skipped", "reason", "stale").count()).isEqualTo(1);
        assertThat(told).as("still what the customer did, at its time")
                .containsExactly(KEY.peer() + "|" + T0 + "|信用卡年费怎么收？");
    }

    @Test
    void theListenersAreToldOfACustomersMessageWithItsMaskedTextAndNotOfAServicers() {
        handle(customer("m-told", "我的手机13812345678，退订", T0));
        handle(servicer("s-told", "agentLi", "好的", T0.plusSeconds(1)));

        await().atMost(WAIT).until(() -> !told.isEmpty());
        assertThat(told).singleElement().satisfies(line -> assertThat(line).startsWith(KEY.peer() + "|" + T0 + "|")
                .contains("退订").doesNotContain("13812345678"));
    }

    @Test
    void nothingIsDraftedWhileAPersonHoldsTheConversation() {
        handle(servicer("s1", "agentLi", "您好，我来帮您处理", T0));

        handle(customer("m2", "信用卡年费怎么收？", T0.plusSeconds(5)));

        assertThat(drafts.get()).isZero();
        assertThat(handedOn).isEmpty();
        assertThat(event(AuditEvent.Type.NOT_SENT).details()).containsEntry("reason",
                "a person holds the conversation (HUMAN)");
        assertThat(meters.counter("assist.reply.skipped", "reason", "person_holds").count()).isEqualTo(1);
    }

    @Test
    void aMessageWithoutWordsGetsTheNoticeAndStandsInTheHistoryByItsKind() {
        handle(new InboundMessage("img1", KEY, MessageOrigin.CUSTOMER, MessageKind.IMAGE, null, T0, null, null));

        assertThat(drafts.get()).isZero();
        assertThat(handedOn).singleElement().satisfies(reply -> {
            assertThat(reply.replyId()).isEqualTo("nontext-img1");
            assertThat(reply.purpose()).isEqualTo(OutgoingReply.Purpose.NON_TEXT);
            assertThat(reply.handOffAfter()).isFalse();
        });
        assertThat(history.recent(KEY).block(WAIT)).singleElement().satisfies(turn -> {
            assertThat(turn.kind()).isEqualTo(Turn.Kind.NON_TEXT);
            assertThat(turn.text()).isEqualTo("[image]");
        });
    }

    @Test
    void aMessageWeComCouldNotDeliverIsOnTheTrailAndCounted() {
        handle(event("e1", new SessionEvent(SessionEvent.MSG_SEND_FAIL, null,
                Map.of("fail_msgid", "d-m1-0", "fail_type", "4"))));

        AuditEvent notSent = event(AuditEvent.Type.NOT_SENT);
        assertThat(notSent.subject()).isEqualTo("d-m1-0");
        assertThat(notSent.actor()).isEqualTo("wecom");
        assertThat(notSent.details()).containsEntry("reason", "msg_send_fail").containsEntry("failType", "4");
        assertThat(meters.counter("assist.outbound.delivery_failed").count()).isEqualTo(1);
        assertThat(history.recent(KEY).block(WAIT)).singleElement().satisfies(turn -> {
            assertThat(turn.kind()).isEqualTo(Turn.Kind.EVENT);
            assertThat(turn.text()).isEqualTo("消息发送失败 d-m1-0");
        });
        assertThat(handedOn).isEmpty();
    }

    @Test
    void aServicerWritingFromTheWecomClientTakesTheConversationOverAndCountsAsAPersonsAnswer() {
        handle(servicer("s1", "agentLi", "您好，我来帮您处理", T0));

        assertThat(conversations.get(KEY).block(WAIT).servicerUserId()).isEqualTo("agentLi");
        assertThat(event(AuditEvent.Type.SESSION_CHANGED).details()).containsEntry("state", "HUMAN")
                .containsEntry("servicer", "agentLi");
        assertThat(stats.between(T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1))).collectList().block(WAIT))
                .extracting(CollaborationStats.HourlyCount::outcome)
                .containsExactly(CollaborationStats.Outcome.WRITTEN_BY_PEOPLE);
    }

    @Test
    void aSessionWecomEndsIsEndedHereToo() {
        handle(customer("m1", "信用卡年费怎么收？", T0));

        handle(event("e2", new SessionEvent(SessionEvent.SESSION_STATUS_CHANGE, null, Map.of("change_type", "3"))));

        assertThat(conversations.get(KEY).block(WAIT).state()).isEqualTo(ConversationState.ENDED);
        assertThat(event(AuditEvent.Type.SESSION_CHANGED).details()).containsExactly(Map.entry("state", "ENDED"));
    }

    @Test
    void aCustomerWhoseMessageTheFlowGaveUpOnIsHandedToPeople() {
        pipeline.gaveUp(customer("m1", "信用卡年费怎么收？", T0), new IllegalStateException("test: store down"))
                .block(WAIT);

        Conversation after = conversations.get(KEY).block(WAIT);
        assertThat(after.state()).isEqualTo(ConversationState.QUEUED);
        assertThat(after.handOff()).isEqualTo(new HandOff("handling-failed", 100, T0));
        assertThat(conversations.waiting().collectList().block(WAIT)).containsExactly(after);
        assertThat(event(AuditEvent.Type.HANDED_OFF).details()).containsEntry("reason", "handling-failed");
    }

    @Test
    void noOneIsHandedToPeopleWhenTheFlowGivesUpOnASessionEvent() {
        pipeline.gaveUp(event("e1", new SessionEvent(SessionEvent.SESSION_STATUS_CHANGE, null,
                Map.of("change_type", "3"))), new IllegalStateException("test")).block(WAIT);

        assertThat(conversations.waiting().collectList().block(WAIT)).isEmpty();
    }

    /**
     * A line whose handling fails (here the history store is down) is forgotten by the burst watch
     * like an answered one: before, its entry stayed for as long as the process ran.
     */
    @Test
    void aLineWhoseHandlingFailsIsForgottenByTheBurstWatch() {
        ConversationHistory down = new ConversationHistory() {
            @Override
            public Mono<Void> append(ConversationKey conversation, Turn turn) {
                return Mono.error(new IllegalStateException("test: history store down"));
            }

            @Override
            public Mono<List<Turn>> recent(ConversationKey conversation) {
                return history.recent(conversation);
            }

            @Override
            public Flux<ConversationTurns> forCustomer(String externalUserId) {
                return history.forCustomer(externalUserId);
            }

            @Override
            public Mono<Long> eraseCustomer(String externalUserId) {
                return history.eraseCustomer(externalUserId);
            }
        };
        SimpleMeterRegistry ownMeters = new SimpleMeterRegistry();
        ReplyPipeline failing = pipeline(conversations, down, approvals, ownMeters);
        InboundMessage line = customer("m1", "信用卡年费怎么收？", T0);
        failing.arrived(line);
        assertThat(ownMeters.get("assist.reply.bursts_watched").gauge().value()).isEqualTo(1);

        assertThatThrownBy(() -> failing.handle(line).block(WAIT)).hasMessageContaining("history store down");

        assertThat(ownMeters.get("assist.reply.bursts_watched").gauge().value()).isZero();
    }

    @Test
    void aCustomerWecomCouldNotDeliverToIsHandedToPeople() {
        handle(customer("m1", "信用卡年费怎么收？", T0));

        handle(event("e4", new SessionEvent(SessionEvent.MSG_SEND_FAIL, null, Map.of("fail_msgid", "w1",
                "fail_type", "4"))));

        Conversation after = conversations.get(KEY).block(WAIT);
        assertThat(after.state()).isEqualTo(ConversationState.QUEUED);
        assertThat(after.handOff()).isEqualTo(new HandOff("send-failed", 100, T0));
        assertThat(conversations.waiting().collectList().block(WAIT)).containsExactly(after);
        assertThat(event(AuditEvent.Type.HANDED_OFF).details()).containsEntry("reason", "send-failed")
                .containsEntry("priority", 100);
    }

    @Test
    void aSessionWecomTransfersToItsPoolWaitsForPeople() {
        handle(servicer("s1", "agentLi", "您好，我来帮您处理", T0));

        handle(event("e5", new SessionEvent(SessionEvent.SESSION_STATUS_CHANGE, null, Map.of("change_type", "2",
                "old_servicer_userid", "agentLi"))));

        Conversation after = conversations.get(KEY).block(WAIT);
        assertThat(after.state()).isEqualTo(ConversationState.QUEUED);
        assertThat(after.servicerUserId()).isNull();
        assertThat(after.handOff()).as("a person served the customer until now: they wait from here")
                .isEqualTo(new HandOff("queued-in-wecom", 0, T0));
        assertThat(event(AuditEvent.Type.HANDED_OFF).details()).containsEntry("wecomPool", true);
        assertThat(event(AuditEvent.Type.SESSION_CHANGED).details()).containsEntry("state", "QUEUED");
    }

    @Test
    void aCustomerEnteringWithAWelcomeCodeIsWelcomed() {
        handle(event("e3", new SessionEvent(SessionEvent.ENTER_SESSION, "WELCOME-CODE", Map.of())));

        assertThat(handedOn).singleElement().satisfies(reply -> {
            assertThat(reply.purpose()).isEqualTo(OutgoingReply.Purpose.WELCOME);
            assertThat(reply.eventCode()).isEqualTo("WELCOME-CODE");
            assertThat(reply.replyId()).isEqualTo("welcome-e3");
        });
    }

    @Test
    void aCustomerEnteringIsWelcomedWithTheTemplatePublishedForTheAccountElseTheConfiguredText() {
        handle(event("e4", new SessionEvent(SessionEvent.ENTER_SESSION, "CODE-1", Map.of())));
        assertThat(handedOn).singleElement().satisfies(reply -> assertThat(reply.text()).isEqualTo("welcome"));

        String text = "您好，欢迎来到本行信用卡在线服务，请问有什么可以帮您？";
        welcomeTemplates.publish(new Publication(WelcomeKey.kf(KEY.account()), 1, text, "ed", "rita", T0), 0)
                .block(WAIT);
        welcomeCatalogue.refresh(true).block(WAIT);
        handle(event("e5", new SessionEvent(SessionEvent.ENTER_SESSION, "CODE-2", Map.of())));
        assertThat(handedOn).hasSize(2).last().satisfies(reply -> {
            assertThat(reply.text()).isEqualTo(text);
            assertThat(reply.eventCode()).isEqualTo("CODE-2");
        });

        // a template that fails the rules in force is not sent: the configured text stands in
        welcomeTemplates.publish(new Publication(WelcomeKey.kf(KEY.account()), 2, "本产品保本保收益，稳赚不赔。", "ed",
                "rita", T0), 1).block(WAIT);
        welcomeCatalogue.refresh(true).block(WAIT);
        handle(event("e6", new SessionEvent(SessionEvent.ENTER_SESSION, "CODE-3", Map.of())));
        assertThat(handedOn).hasSize(3).last().satisfies(reply -> assertThat(reply.text()).isEqualTo("welcome"));
        assertThat(meters.counter("assist.welcome.outcomes", "channel", "kf", "outcome", "not-compliant").count())
                .isEqualTo(1);
    }

    private void handle(InboundMessage message) {
        pipeline.arrived(message);
        pipeline.handle(message).block(WAIT);
    }

    private List<AuditEvent.Type> types() {
        return audit.ofConversation(KEY.id(), 100).map(AuditEvent::type).collectList().block(WAIT);
    }

    private AuditEvent event(AuditEvent.Type type) {
        return audit.ofConversation(KEY.id(), 100).filter(e -> e.type() == type).blockLast(WAIT);
    }

    private static InboundMessage customer(String id, String text, Instant sentAt) {
        return new InboundMessage(id, KEY, MessageOrigin.CUSTOMER, MessageKind.TEXT, text, sentAt, null, null);
    }

    private static InboundMessage servicer(String id, String servicer, String text, Instant sentAt) {
        return new InboundMessage(id, KEY, MessageOrigin.SERVICER, MessageKind.TEXT, text, sentAt, servicer, null);
    }

    private static InboundMessage event(String id, SessionEvent event) {
        return new InboundMessage(id, KEY, MessageOrigin.SYSTEM, MessageKind.EVENT, null, T0, null, event);
    }
}
