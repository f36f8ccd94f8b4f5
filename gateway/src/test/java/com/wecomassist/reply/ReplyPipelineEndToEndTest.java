package com.wecomassist.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.knowledge.KnowledgeCuration;
import com.wecomassist.knowledge.TestCuration;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.session.Turn;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.SimulatedCustomers;
import com.wecomassist.testing.Staff;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The reply pipeline on the embedded defaults, driven through the WeCom simulator (real encrypted
 * callbacks, sync_msg, send_msg) with the project's sample knowledge base and the KB-template
 * drafter: what the customer sees, what waits for an agent, and what the audit trail says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.reply.burst-quiet-period=400ms",
        "assist.wecom.retry-backoff=20ms",
        "assist.simulator.open-kf-ids=wkPipeline",
        "assist.route.account-managers[wmManagedBy01]=li.manager"})
@AutoConfigureWebTestClient
class ReplyPipelineEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KF = "wkPipeline";
    private static final String CONFIDENT = "手机银行转账限额是多少？";
    private static final String UNSURE = "那个东西怎么弄";

    @Autowired
    WecomSimulator simulator;
    @Autowired
    ConversationHistory history;
    @Autowired
    ConversationStore conversations;
    @Autowired
    ApprovalQueue approvals;
    @Autowired
    AuditTrail audit;
    @Autowired
    MeterRegistry meters;
    @Autowired
    WebTestClient web;
    @Autowired
    KnowledgeCuration kb;

    @Test
    void aConfidentQuestionIsAnsweredFromTheKnowledgeBaseAndTheTrailShowsEveryStep() {
        String customer = newCustomer();
        simulator.customerWrites(KF, customer, CONFIDENT);
        await().atMost(WAIT).until(() -> customers().botLines(customer).size() == 1);
        assertThat(customers().botLines(customer).get(0).text()).contains("单日20万元");

        ConversationKey key = ConversationKey.kf(KF, customer);
        await().atMost(WAIT).until(() -> types(key).contains(AuditEvent.Type.SENT));
        List<AuditEvent> trail = trail(key);
        assertThat(trail).extracting(AuditEvent::type).containsSubsequence(AuditEvent.Type.MESSAGE_RECEIVED,
                AuditEvent.Type.RETRIEVED, AuditEvent.Type.DRAFTED, AuditEvent.Type.CHECKED, AuditEvent.Type.ROUTED,
                AuditEvent.Type.SENT);
        assertThat(event(trail, AuditEvent.Type.RETRIEVED).details().get("entries").toString()).contains("demo-016@");
        assertThat(event(trail, AuditEvent.Type.DRAFTED).details()).containsEntry("model", "kb-template");
        assertThat(event(trail, AuditEvent.Type.CHECKED).details()).containsKey("packs")
                .containsEntry("decidedBy", "NONE").containsEntry("explanations", List.of());
        assertThat(event(trail, AuditEvent.Type.ROUTED).details()).containsEntry("route", "AUTO_SEND");
        assertThat((List<?>) event(trail, AuditEvent.Type.SENT).details().get("wecomMsgids")).isNotEmpty();

        Conversation conversation = conversations.get(key).block(WAIT);
        assertThat(conversation.state()).isEqualTo(ConversationState.BOT);
        assertThat(conversation.repliesSinceCustomerMessage()).isEqualTo(1);
        assertThat(conversation.answeredThrough()).as("the customer's line the reply took up")
                .isEqualTo(event(trail, AuditEvent.Type.MESSAGE_RECEIVED).subject());
        assertThat(meters.find("assist.route.decisions").tag("route", "auto_send").tag("reason", "confident").counter())
                .isNotNull();
        var routeStage = meters.find("assist.pipeline.stage").tag("stage", "route").timer();
        assertThat(routeStage).isNotNull();
        assertThat(routeStage.count()).isPositive();
    }

    @Test
    void anUnsureAnswerWaitsForAnAgentAndIsSentOnceWhenApproved() {
        String customer = newCustomer();
        ConversationKey key = ConversationKey.kf(KF, customer);
        QueuedDraft waiting = customers().askAndAwaitDraft(customer, UNSURE);
        assertThat(waiting.draft().reasons()).anyMatch(r -> r.startsWith("low-confidence"));
        assertThat(waiting.draft().customerText()).isEqualTo(UNSURE);
        assertThat(conversations.get(key).block(WAIT).state()).isEqualTo(ConversationState.AWAITING_APPROVAL);
        assertThat(customers().botLines(customer)).isEmpty();

        String id = waiting.draft().draftId();
        SimulatedCustomers.post(web, "/api/approvals/{id}/approve", id, "alice", null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_CLAIMED");
        SimulatedCustomers.post(web, "/api/approvals/{id}/claim", id, "alice", null).expectStatus().isOk();
        SimulatedCustomers.post(web, "/api/approvals/{id}/approve", id, "bob", null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.heldBy").isEqualTo("alice")
                .jsonPath("$.reason").isEqualTo("CLAIMED_BY_ANOTHER").jsonPath("$.status").isEqualTo("QUEUE_REFUSED");
        SimulatedCustomers.post(web, "/api/approvals/{id}/approve", id, "alice", null).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DONE");
        await().atMost(WAIT).until(() -> customers().botLines(customer).size() == 1);
        assertThat(customers().botLines(customer).get(0).text()).isEqualTo(waiting.draft().draftText());

        SimulatedCustomers.post(web, "/api/approvals/{id}/approve", id, "alice", null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("ALREADY_COMPLETED");
        await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
        assertThat(customers().botLines(customer)).hasSize(1);
        assertThat(conversations.get(key).block(WAIT).state()).isEqualTo(ConversationState.BOT);
        assertThat(types(key)).contains(AuditEvent.Type.QUEUED_FOR_APPROVAL, AuditEvent.Type.APPROVED);
        assertThat(event(trail(key), AuditEvent.Type.SENT).actor()).isEqualTo("alice");
    }

    @Test
    void aCustomerWithAnAccountManagerHasTheirDraftsInThatPersonsQueue() {
        QueuedDraft waiting = customers().askAndAwaitDraft("wmManagedBy01", UNSURE);
        assertThat(waiting.draft().queue()).isEqualTo("li.manager");
        // an administrator sees every queue (an agent only the 直营 one: access/StaffScope)
        web.get().uri("/api/approvals?queue=li.manager").headers(Staff.as("root")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[*].draft.draftId").value(ids ->
                        assertThat(ids.toString()).contains(waiting.draft().draftId()));
        web.get().uri("/api/approvals?queue=direct").headers(Staff.as("alice")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[*].draft.draftId").value(ids ->
                        assertThat(ids.toString()).doesNotContain(waiting.draft().draftId()));
        String other = newCustomer();
        assertThat(customers().askAndAwaitDraft(other, UNSURE).draft().queue()).isEqualTo("direct");
    }

    @Test
    void anAgentsActionOnAConversationIsRefusedWithAReasonCode() {
        String conversation = ConversationKey.kf(KF, newCustomer()).id();
        SimulatedCustomers.post(web, "/api/conversations/{id}/reply", "kf:only-two", "alice", Map.of("text", "您好")).expectStatus()
                .isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("BAD_CONVERSATION_ID");
        SimulatedCustomers.post(web, "/api/conversations/{id}/reply", conversation, "alice", Map.of("text", " ")).expectStatus()
                .isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("MISSING_TEXT")
                .jsonPath("$.status").isEqualTo("INVALID");
        SimulatedCustomers.post(web, "/api/conversations/{id}/reply", conversation, "alice", Map.of("text", "您好，请问您想办理哪项业务？"))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("NOT_HOLDING")
                .jsonPath("$.status").isEqualTo("CONFLICT").jsonPath("$.warnings").isArray();
        SimulatedCustomers.post(web, "/api/conversations/{id}/hand-back", conversation, "alice", null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("CONVERSATION_STATE")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("handed back"));
    }

    @Test
    void anEditIsCheckedAgainAndABlockedEditCannotBeSent() {
        String customer = newCustomer();
        String id = customers().askAndAwaitDraft(customer, UNSURE).draft().draftId();
        SimulatedCustomers.post(web, "/api/approvals/{id}/claim", id, "carol", null).expectStatus().isOk();

        SimulatedCustomers.post(web, "/api/approvals/{id}/approve", id, "carol", Map.of("text", "这款理财稳赚不赔，放心买。"))
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.status").isEqualTo("BLOCKED_BY_COMPLIANCE")
                .jsonPath("$.verdict").isEqualTo("BLOCK")
                .jsonPath("$.warnings[0]").isNotEmpty()
                .jsonPath("$.reason").isEqualTo("BLOCKED_BY_COMPLIANCE")
                .jsonPath("$.message").value(m -> assertThat((String) m).startsWith("compliance blocks this text"));
        assertThat(customers().pendingFor(customer)).isPresent();

        String fixed = "您好，请您说明一下想办理的具体业务，例如转账、挂失或开户，我们为您解答。";
        SimulatedCustomers.post(web, "/api/approvals/{id}/approve", id, "carol", Map.of("text", fixed)).expectStatus().isOk();
        await().atMost(WAIT).until(() -> customers().botLines(customer).size() == 1);
        assertThat(customers().botLines(customer).get(0).text()).startsWith(fixed);
        AuditEvent edited = event(trail(ConversationKey.kf(KF, customer)), AuditEvent.Type.EDITED);
        assertThat(edited.actor()).isEqualTo("carol");
        assertThat(edited.details()).containsEntry("sentText", customers().botLines(customer).get(0).text());
        // the refused edit is in the compliance officer's list, with the draft's conversation and question
        web.get().uri("/api/compliance/recent?action=BLOCK&limit=200").headers(Staff.as("cora")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.id == '%s' && @.source == 'AGENT_REPLY')].actor".formatted(id)).isEqualTo("carol")
                .jsonPath("$[?(@.id == '%s' && @.source == 'AGENT_REPLY')].customerText".formatted(id)).isEqualTo(UNSURE)
                .jsonPath("$[?(@.id == '%s' && @.source == 'AGENT_REPLY')].next".formatted(id)).isEqualTo("NOT_SENT")
                .jsonPath("$[?(@.id == '%s' && @.source == 'AGENT_REPLY')].hits[?(@.ruleId == 'return-promise.guarantee')]"
                        .formatted(id) + ".matched").isEqualTo("稳赚不赔");
    }

    @Test
    void aBlockedDraftIsInTheComplianceOfficersRecentListWithItsHitsAndWhatHappenedNext() {
        String entry = "gold-" + UUID.randomUUID().toString().substring(0, 8);
        TestCuration.published(kb, "ed", Entry.draft(entry, "积存金计划怎么样？", "积存金计划稳赚不赔，欢迎了解。")).block(WAIT);
        String customer = newCustomer();
        simulator.customerWrites(KF, customer, "积存金计划怎么样？");
        ConversationKey key = ConversationKey.kf(KF, customer);
        await().atMost(WAIT).until(() -> types(key).contains(AuditEvent.Type.ROUTED));
        assertThat(event(trail(key), AuditEvent.Type.CHECKED).details()).containsEntry("action", "BLOCK")
                .containsEntry("decidedBy", "RULES");
        String draftId = event(trail(key), AuditEvent.Type.CHECKED).subject();

        String item = "$[?(@.id == '%s')]".formatted(draftId);
        web.get().uri("/api/compliance/recent?action=BLOCK").headers(Staff.as("cora")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath(item + ".conversation").isEqualTo(key.id())
                .jsonPath(item + ".source").isEqualTo("AI_DRAFT")
                .jsonPath(item + ".customerText").isEqualTo("积存金计划怎么样？")
                .jsonPath(item + ".text").value(t -> assertThat(t.toString()).contains("稳赚不赔"))
                .jsonPath(item + ".hits[?(@.ruleId == 'return-promise.guarantee')].matched").isEqualTo("稳赚不赔")
                .jsonPath(item + ".packs[0]").isNotEmpty()
                .jsonPath(item + ".route").isEqualTo("BLOCK")
                .jsonPath(item + ".next").isEqualTo("HANDED_OFF");
        List<Map<String, Object>> blocked = web.get().uri("/api/compliance/recent?action=BLOCK")
                .headers(Staff.as("cora")).exchange().expectStatus().isOk()
                .expectBodyList(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        Map<String, Object> mine = blocked.stream().filter(d -> draftId.equals(d.get("id"))).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> hit = ((List<Map<String, Object>>) mine.get("hits")).stream()
                .filter(h -> "return-promise.guarantee".equals(h.get("ruleId"))).findFirst().orElseThrow();
        String text = mine.get("text").toString();
        assertThat(text.substring((int) hit.get("start"), (int) hit.get("end"))).isEqualTo("稳赚不赔");
        // not in the list of reviews; not for agents; bad input refused
        web.get().uri("/api/compliance/recent?action=REVIEW&limit=200").headers(Staff.as("cora")).exchange()
                .expectStatus().isOk().expectBody().jsonPath(item).isEmpty();
        web.get().uri("/api/compliance/recent").headers(Staff.as("alice")).exchange().expectStatus().isForbidden();
        web.get().uri("/api/compliance/recent").headers(Staff.as("root")).exchange().expectStatus().isOk();
        web.get().uri("/api/compliance/recent?action=SEND").headers(Staff.as("cora")).exchange()
                .expectStatus().isBadRequest();
        // passed texts have a list of their own: the blocked draft is not in it
        web.get().uri("/api/compliance/recent?action=PASS&limit=200").headers(Staff.as("cora")).exchange()
                .expectStatus().isOk().expectBody().jsonPath(item).isEmpty();
        web.get().uri("/api/compliance/recent?limit=0").headers(Staff.as("cora")).exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void aRejectedDraftIsNotSentAndTheAgentsOwnAnswerIs() {
        String customer = newCustomer();
        String id = customers().askAndAwaitDraft(customer, UNSURE).draft().draftId();
        SimulatedCustomers.post(web, "/api/approvals/{id}/claim", id, "dave", null).expectStatus().isOk();
        SimulatedCustomers.post(web, "/api/approvals/{id}/reject", id, "dave", Map.of("reason", "答非所问",
                "reply", "您好，能否再具体描述一下您的问题？")).expectStatus().isOk();
        await().atMost(WAIT).until(() -> customers().botLines(customer).size() == 1);
        assertThat(customers().botLines(customer).get(0).text()).contains("具体描述");
        ConversationKey key = ConversationKey.kf(KF, customer);
        assertThat(types(key)).contains(AuditEvent.Type.REJECTED);
        assertThat(conversations.get(key).block(WAIT).state()).isEqualTo(ConversationState.BOT);
    }

    @Test
    void aComplaintIsHandedToAPersonAtOnceAndTheBotStaysSilentUntilItIsHandedBack() {
        String customer = newCustomer();
        ConversationKey key = ConversationKey.kf(KF, customer);
        simulator.customerWrites(KF, customer, "你们乱扣费，我要投诉！");
        await().atMost(WAIT).until(() -> customers().botLines(customer).size() == 1);
        assertThat(customers().botLines(customer).get(0).text()).contains("人工");
        await().atMost(WAIT).until(() -> conversations.get(key).block(WAIT).state() == ConversationState.QUEUED);
        assertThat(event(trail(key), AuditEvent.Type.ROUTED).details().get("reasons").toString()).contains("complaint");
        assertThat(types(key)).contains(AuditEvent.Type.HANDED_OFF).doesNotContain(AuditEvent.Type.DRAFTED);

        double silentBefore = skipped("person_holds");
        simulator.customerWrites(KF, customer, CONFIDENT);
        await().atMost(WAIT).until(() -> skipped("person_holds") > silentBefore);
        assertThat(customers().botLines(customer)).hasSize(1);

        String conversation = key.id();
        SimulatedCustomers.post(web, "/api/conversations/{id}/reply", conversation, "erin", Map.of("text", "您好")).expectStatus().isEqualTo(409);
        SimulatedCustomers.post(web, "/api/conversations/{id}/take-over", conversation, "erin", null).expectStatus().isOk();
        SimulatedCustomers.post(web, "/api/conversations/{id}/reply", conversation, "erin", Map.of("text", "您好，我是客服小王，请问哪笔扣费有疑问？"))
                .expectStatus().isOk();
        await().atMost(WAIT).until(() -> customers().botLines(customer).size() == 2);
        assertThat(customers().botLines(customer).get(1).text()).contains("小王");
        SimulatedCustomers.post(web, "/api/conversations/{id}/hand-back", conversation, "frank", null).expectStatus().isEqualTo(409);
        SimulatedCustomers.post(web, "/api/conversations/{id}/hand-back", conversation, "erin", null).expectStatus().isOk();
        assertThat(conversations.get(key).block(WAIT).state()).isEqualTo(ConversationState.BOT);

        simulator.customerWrites(KF, customer, CONFIDENT);
        await().atMost(WAIT).until(() -> customers().botLines(customer).size() == 3);
        assertThat(customers().botLines(customer).get(2).text()).contains("单日20万元");
        assertThat(types(key)).contains(AuditEvent.Type.TAKEN_OVER, AuditEvent.Type.HANDED_BACK);
    }

    @Test
    void linesTypedInARowAreAnsweredOnce() {
        String customer = newCustomer();
        ConversationKey key = ConversationKey.kf(KF, customer);
        simulator.customerWrites(KF, customer, "你好");
        simulator.customerWrites(KF, customer, "请问一下");
        simulator.customerWrites(KF, customer, CONFIDENT);
        await().atMost(WAIT).until(() -> types(key).contains(AuditEvent.Type.ROUTED));
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        List<AuditEvent> trail = trail(key);
        assertThat(trail).filteredOn(e -> e.type() == AuditEvent.Type.ROUTED).hasSize(1);
        assertThat(trail).filteredOn(e -> e.type() == AuditEvent.Type.BURST_COALESCED).hasSize(2);
        assertThat(event(trail, AuditEvent.Type.RETRIEVED).details()).containsEntry("lines", 3);
        int answers = customers().botLines(customer).size() + (customers().pendingFor(customer).isPresent() ? 1 : 0);
        assertThat(answers).isEqualTo(1);
    }

    @Test
    void personalDataIsMaskedBeforeItIsStoredSearchedOrAudited() {
        String customer = newCustomer();
        ConversationKey key = ConversationKey.kf(KF, customer);
        simulator.customerWrites(KF, customer, "我手机号13812345678，怎么开通手机银行？");
        await().atMost(WAIT).until(() -> types(key).contains(AuditEvent.Type.ROUTED));
        List<Turn> turns = history.recent(key).block(WAIT);
        assertThat(turns.get(0).text()).doesNotContain("13812345678").contains("5678");
        assertThat(trail(key)).allSatisfy(e -> assertThat(e.details().toString()).doesNotContain("13812345678"));
        customers().pendingFor(customer).ifPresent(d -> assertThat(d.draft().customerText()).doesNotContain("13812345678"));
    }

    // ------------------------------------------------------------------ helpers

    private SimulatedCustomers customers() {
        return new SimulatedCustomers(simulator, approvals, KF, WAIT);
    }

    private List<AuditEvent> trail(ConversationKey key) {
        return audit.ofConversation(key.id(), 200).collectList().block(WAIT);
    }

    private List<AuditEvent.Type> types(ConversationKey key) {
        return trail(key).stream().map(AuditEvent::type).toList();
    }

    private static AuditEvent event(List<AuditEvent> trail, AuditEvent.Type type) {
        return trail.stream().filter(e -> e.type() == type).reduce((first, second) -> second).orElseThrow(
                () -> new AssertionError("no " + type + " in " + trail));
    }

    private double skipped(String reason) {
        var counter = meters.find("assist.reply.skipped").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String newCustomer() {
        return "wm" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
