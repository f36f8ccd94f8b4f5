package com.wecomassist.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.SimulatedCustomers;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every route to a person ends in the agents' handoff queue: the real pipeline on the embedded
 * (memory) adapters, driven through the WeCom simulator (encrypted callbacks, sync_msg, send_msg),
 * and each handed-off customer looked for in {@code GET /api/conversations?waiting=true} with the
 * reason that sent them there. Then an agent claims one (take-over), answers and hands it back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.reply.burst-quiet-period=300ms",
        "assist.wecom.retry-backoff=20ms",
        "assist.approval.sla=3s",
        "assist.approval.sla-check-interval=100ms",
        "assist.approval.stream-refresh=100ms",
        "assist.simulator.open-kf-ids=wkHandoff"})
@AutoConfigureWebTestClient
class HandoffQueueEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KF = "wkHandoff";
    private static final String CONFIDENT = "手机银行转账限额是多少？";
    private static final String UNSURE = "那个东西怎么弄";
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WecomSimulator simulator;
    @Autowired
    ConversationStore conversations;
    @Autowired
    ApprovalQueue approvals;
    @Autowired
    AuditTrail audit;
    @Autowired
    WebTestClient web;

    @Test
    void everyRouteToAPersonEndsInTheHandoffQueue() {
        // a failed send: WeCom refuses the bot's answer for good (a non-retryable errcode)
        String failedSend = newCustomer();
        simulator.injectError("kf/send_msg", 40003, 1);
        simulator.customerWrites(KF, failedSend, CONFIDENT);
        Map<String, Object> undelivered = awaitListed(failedSend);
        assertThat(undelivered).containsEntry("reason", "send-failed").containsEntry("priority", 100)
                .containsEntry("state", "QUEUED").containsEntry("heldBy", null);
        assertThat(customers().botLines(failedSend)).as("nothing reached the customer").isEmpty();
        assertThat(types(failedSend)).contains(AuditEvent.Type.NOT_SENT, AuditEvent.Type.HANDED_OFF);

        // the customer's intent: a lost card
        String lostCard = newCustomer();
        simulator.customerWrites(KF, lostCard, "信用卡丢了怎么办");
        Map<String, Object> urgent = awaitListed(lostCard);
        assertThat(urgent).containsEntry("reason", "fraud-or-lost-card").containsEntry("priority", 100)
                .containsEntry("lastCustomerText", "信用卡丢了怎么办");
        assertThat(customers().botLines(lostCard)).singleElement().satisfies(l -> assertThat(l.text()).contains("人工"));

        // the customer asks for a person
        String asked = newCustomer();
        simulator.customerWrites(KF, asked, "我要转人工");
        assertThat(awaitListed(asked)).containsEntry("reason", "customer-asked-for-person").containsEntry("priority", 0);

        // the bot unsure twice in a row (the first draft approved in between)
        String unsure = newCustomer();
        QueuedDraft first = customers().askAndAwaitDraft(unsure, UNSURE);
        SimulatedCustomers.post(web, "/api/approvals/{id}/claim", first.draft().draftId(), "carol", null).expectStatus().isOk();
        SimulatedCustomers.post(web, "/api/approvals/{id}/approve", first.draft().draftId(), "carol", null).expectStatus().isOk();
        // the approved answer went out and was counted: the bot holds the conversation again
        await().atMost(WAIT).until(() -> conversations.get(ConversationKey.kf(KF, unsure)).block(WAIT).state()
                == ConversationState.BOT);
        simulator.customerWrites(KF, unsure, UNSURE);
        assertThat(awaitListed(unsure)).containsEntry("reason", "repeated-low-confidence");

        // a draft past its SLA (3 s here): listed while it waits, still approvable
        String overdue = newCustomer();
        QueuedDraft late = customers().askAndAwaitDraft(overdue, UNSURE);
        Map<String, Object> breached = awaitListed(overdue);
        assertThat(breached).containsEntry("reason", "sla-breached").containsEntry("state", "AWAITING_APPROVAL");
        assertThat(breached.get("slaDeadline")).isEqualTo(late.draft().deadline().toString());

        // WeCom reports the session in its pool (service_state 2) through session_status_change
        String pooled = newCustomer();
        simulator.customerWrites(KF, pooled, CONFIDENT);
        await().atMost(WAIT).until(() -> customers().botLines(pooled).size() == 1);
        simulator.servicerReturnsToPool(KF, pooled);
        assertThat(awaitListed(pooled)).containsEntry("reason", "queued-in-wecom").containsEntry("state", "QUEUED");

        // one list, most urgent first, then the longest waiting
        List<Map<String, Object>> all = waiting("alice");
        List<String> ours = all.stream().map(w -> (String) w.get("conversationId"))
                .filter(id -> List.of(failedSend, lostCard, asked, unsure, overdue, pooled).stream()
                        .anyMatch(id::endsWith)).toList();
        assertThat(ours).hasSize(6);
        for (int i = 1; i < all.size(); i++) {
            Map<String, Object> before = all.get(i - 1);
            Map<String, Object> after = all.get(i);
            int p1 = (Integer) before.get("priority");
            int p2 = (Integer) after.get("priority");
            assertThat(p1).isGreaterThanOrEqualTo(p2);
            if (p1 == p2) {
                assertThat(Instant.parse((String) before.get("waitingSince")))
                        .isBeforeOrEqualTo(Instant.parse((String) after.get("waitingSince")));
            }
        }
        assertThat(ours.indexOf(id(lostCard))).isLessThan(ours.indexOf(id(asked)));
        assertThat(ours.indexOf(id(failedSend))).as("failed first, so waiting longer at the same priority")
                .isLessThan(ours.indexOf(id(lostCard)));
        assertThat(((Number) undelivered.get("waitingSeconds")).longValue()).isNotNegative();
    }

    @Test
    void anAgentClaimsAWaitingConversationAnswersAndHandsItBack() {
        String customer = newCustomer();
        String id = id(customer);
        simulator.customerWrites(KF, customer, "我的卡被盗刷了");
        awaitListed(customer);

        SimulatedCustomers.post(web, "/api/conversations/{id}/reply", id, "dave", Map.of("text", "您好")).expectStatus().isEqualTo(409);
        SimulatedCustomers.post(web, "/api/conversations/{id}/take-over", id, "dave", null).expectStatus().isOk();
        Map<String, Object> claimed = listed(customer).orElseThrow();
        assertThat(claimed).containsEntry("heldBy", "dave").containsEntry("state", "HUMAN")
                .containsEntry("reason", "fraud-or-lost-card");
        // claimed is claimed: a colleague cannot take the customer over (a supervisor may assign them)
        SimulatedCustomers.post(web, "/api/conversations/{id}/take-over", id, "gina", null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.heldBy").isEqualTo("dave");
        assertThat(listed(customer).orElseThrow()).containsEntry("heldBy", "dave");

        SimulatedCustomers.post(web, "/api/conversations/{id}/reply", id, "dave", Map.of("text", "您好，我是客服小李，已为您冻结卡片。"))
                .expectStatus().isOk();
        await().atMost(WAIT).until(() -> customers().botLines(customer).stream().anyMatch(l -> l.text().contains("小李")));

        SimulatedCustomers.post(web, "/api/conversations/{id}/hand-back", id, "dave", null).expectStatus().isOk();
        assertThat(listed(customer)).isEmpty();
        assertThat(conversations.get(ConversationKey.kf(KF, customer)).block(WAIT).state())
                .isEqualTo(ConversationState.BOT);
    }

    @Test
    void aQueuedConversationCanBeHandedBackUnclaimed() {
        String customer = newCustomer();
        simulator.customerWrites(KF, customer, "我要投诉");
        awaitListed(customer);
        SimulatedCustomers.post(web, "/api/conversations/{id}/hand-back", id(customer), "erin", null).expectStatus().isOk();
        assertThat(listed(customer)).isEmpty();
    }

    @Test
    void theListIsForAgentsAccountManagersSupervisorsAndAdministratorsAndSaysWhatABadQueryIs() {
        for (String user : List.of("alice", "mia", "sam", "root")) {
            web.get().uri("/api/conversations?waiting=true").headers(Staff.as(user)).exchange().expectStatus().isOk();
        }
        web.get().uri("/api/conversations?waiting=true").headers(Staff.as("ed")).exchange().expectStatus()
                .isForbidden();
        web.get().uri("/api/conversations?waiting=true").headers(Staff.as("cora")).exchange().expectStatus()
                .isForbidden();
        web.get().uri("/api/conversations?waiting=true").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/conversations?waiting=yes").headers(Staff.as("alice")).exchange().expectStatus()
                .isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("BAD_FILTER")
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("waiting must be 'true'")
                        .contains("yes"));
        web.get().uri("/api/conversations").headers(Staff.as("alice")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_FILTER");
    }

    @Test
    void theStreamPushesTheListWhenAConversationIsHandedOff() {
        String customer = newCustomer();
        var events = web.get().uri("/api/conversations/waiting/stream").headers(Staff.as("alice"))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        simulator.customerWrites(KF, customer, "我要转人工");
        String pushed = events.filter(data -> data.contains(customer)).blockFirst(WAIT);
        assertThat(pushed).contains("customer-asked-for-person").contains("\"heldBy\":null");
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Object> awaitListed(String customer) {
        try {
            await().atMost(WAIT).until(() -> listed(customer).isPresent());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(customer + " not listed; trail: " + audit.ofConversation(id(customer), 200)
                    .map(ev -> ev.type() + " " + ev.details()).collectList().block(WAIT), e);
        }
        return listed(customer).orElseThrow();
    }

    private Optional<Map<String, Object>> listed(String customer) {
        return waiting("alice").stream().filter(w -> id(customer).equals(w.get("conversationId"))).findFirst();
    }

    private List<Map<String, Object>> waiting(String user) {
        return web.get().uri("/api/conversations?waiting=true").headers(Staff.as(user)).exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
    }

    private SimulatedCustomers customers() {
        return new SimulatedCustomers(simulator, approvals, KF, WAIT);
    }

    private List<AuditEvent.Type> types(String customer) {
        return audit.ofConversation(id(customer), 200).map(AuditEvent::type).collectList().block(WAIT);
    }

    private static String id(String customer) {
        return ConversationKey.kf(KF, customer).id();
    }

    private static String newCustomer() {
        return "wm" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
