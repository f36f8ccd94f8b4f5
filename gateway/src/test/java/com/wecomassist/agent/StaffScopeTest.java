package com.wecomassist.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.route.RoutingDecision;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Who sees and works on which drafts and conversations, decided on the server ({@code access/StaffScope}).
 * The test configuration: the account wkBank is served by the default team and team north, every
 * other account (here wkRetail) by the default team alone; carol (AGENT) is in the default team, nora
 * (AGENT) and sam (SUPERVISOR) in north; mia (ACCOUNT_MANAGER, default team) manages wmMiasCustomer.
 * Before: every agent and account manager saw and claimed everything, and the queue filter was the
 * client's choice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class StaffScopeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    WebTestClient web;
    @Autowired
    ApprovalQueue queue;
    @Autowired
    ConversationStore conversations;

    /** The shared context's client, with room for a machine under load (its first answer can take seconds). */
    @BeforeEach
    void client(@Autowired WebTestClient shared) {
        web = shared.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static ConversationKey customer(String account) {
        return ConversationKey.kf(account, "wm-scope-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private String enqueue(ConversationKey conversation, String inQueue) {
        String id = "d-scope-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PendingDraft draft = PendingDraft.awaiting(id, conversation, "msg-" + id, "信用卡年费怎么收？",
                "您好，本行信用卡首年免年费……", now, Duration.ofMinutes(10)).withRouting(List.of("low_confidence"), 0, inQueue);
        assertThat(queue.enqueue(draft).block(WAIT).ok()).isTrue();
        return id;
    }

    private List<String> draftsSeenBy(String user, String filter) {
        return web.get().uri("/api/approvals" + (filter == null ? "" : "?queue=" + filter)).headers(Staff.as(user))
                .exchange().expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody().stream()
                .map(q -> String.valueOf(((Map<?, ?>) q.get("draft")).get("draftId"))).toList();
    }

    private WebTestClient.ResponseSpec post(String user, String uri) {
        return web.post().uri(uri).headers(Staff.as(user)).exchange();
    }

    @Test
    void agentsSeeAndClaimTheDraftsOfTheAccountsTheirTeamServes() {
        String retail = enqueue(customer("wkRetail"), null);
        String bank = enqueue(customer("wkBank"), null);

        assertThat(draftsSeenBy("carol", null)).contains(retail, bank);
        assertThat(draftsSeenBy("nora", null)).contains(bank).doesNotContain(retail);
        assertThat(draftsSeenBy("sam", null)).contains(bank).doesNotContain(retail);
        assertThat(draftsSeenBy("root", null)).contains(retail, bank);

        post("nora", "/api/approvals/" + retail + "/claim").expectStatus().isForbidden()
                .expectBody().jsonPath("$.reason").isEqualTo("OUT_OF_SCOPE");
        assertThat(queue.pending().filter(q -> q.draft().draftId().equals(retail)).blockFirst(WAIT).claimed()).isFalse();
        post("nora", "/api/approvals/" + bank + "/claim").expectStatus().isOk();
        post("carol", "/api/approvals/" + retail + "/claim").expectStatus().isOk();
    }

    @Test
    void anAccountManagerSeesOnlyTheirOwnCustomersDraftsAndAsksForNoOtherQueue() {
        String hers = enqueue(ConversationKey.kf("wkRetail", "wmMiasCustomer"), "mia");
        String direct = enqueue(customer("wkRetail"), null);
        String someoneElses = enqueue(customer("wkRetail"), "li.manager");

        assertThat(draftsSeenBy("mia", null)).contains(hers).doesNotContain(direct, someoneElses);
        assertThat(draftsSeenBy("mia", "mia")).contains(hers);
        // the filter is no longer the client's to choose
        web.get().uri("/api/approvals?queue=" + RoutingDecision.DIRECT_QUEUE).headers(Staff.as("mia")).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("OUT_OF_SCOPE");
        web.get().uri("/api/approvals?queue=mia").headers(Staff.as("carol")).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("OUT_OF_SCOPE");
        // agents do not see an account manager's queue
        assertThat(draftsSeenBy("carol", null)).contains(direct).doesNotContain(hers, someoneElses);

        post("mia", "/api/approvals/" + direct + "/claim").expectStatus().isForbidden();
        post("carol", "/api/approvals/" + hers + "/claim").expectStatus().isForbidden();
        post("mia", "/api/approvals/" + hers + "/claim").expectStatus().isOk();
    }

    @Test
    void theHandoffQueueAndAConversationAreReadWithinScopeAndEveryReadIsAudited(CapturedOutput output) {
        ConversationKey retail = waiting(customer("wkRetail"));
        ConversationKey hers = waiting(ConversationKey.kf("wkRetail", "wmMiasCustomer"));

        assertThat(waitingSeenBy("carol")).contains(retail.id(), hers.id());
        assertThat(waitingSeenBy("nora")).doesNotContain(retail.id(), hers.id());
        assertThat(waitingSeenBy("mia")).contains(hers.id()).doesNotContain(retail.id());

        web.get().uri("/api/conversations/{id}", retail.id()).headers(Staff.as("nora")).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("OUT_OF_SCOPE");
        web.get().uri("/api/conversations/{id}", retail.id()).headers(Staff.as("mia")).exchange()
                .expectStatus().isForbidden();
        post("nora", "/api/conversations/" + retail.id() + "/take-over").expectStatus().isForbidden();
        assertThat(reads(output, retail)).isEmpty();

        // read twice within the interval: recorded once, with who and what, in the durable trail (the log)
        web.get().uri("/api/conversations/{id}", retail.id()).headers(Staff.as("carol")).exchange().expectStatus().isOk();
        web.get().uri("/api/conversations/{id}", retail.id()).headers(Staff.as("carol")).exchange().expectStatus().isOk();
        web.get().uri("/api/audit?conversation={id}", retail.id()).headers(Staff.as("cora")).exchange()
                .expectStatus().isOk()
                // not in the conversation's own recent events, which it would crowd out
                .expectBody().jsonPath("$[?(@.type == 'CONVERSATION_READ')]").isEmpty();
        assertThat(reads(output, retail)).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("actor=carol").contains("details.what=history"))
                .anySatisfy(line -> assertThat(line).contains("actor=cora").contains("details.what=audit-trail"));
        web.get().uri("/api/conversations/{id}", hers.id()).headers(Staff.as("mia")).exchange().expectStatus().isOk();

        // whoever holds a conversation sees it, wherever it came from
        post("root", "/api/conversations/" + retail.id() + "/assign").expectStatus().isBadRequest();
        web.post().uri("/api/conversations/{id}/assign", retail.id()).headers(Staff.as("root"))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(Map.of("to", "nora"))
                .exchange().expectStatus().isOk();
        web.get().uri("/api/conversations/{id}", retail.id()).headers(Staff.as("nora")).exchange().expectStatus().isOk();
    }

    @Test
    void aSupervisorAssignsOnlyConversationsOfTheirScope() {
        ConversationKey retail = waiting(customer("wkRetail"));
        ConversationKey bank = waiting(customer("wkBank"));
        web.post().uri("/api/conversations/{id}/assign", retail.id()).headers(Staff.as("sam"))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(Map.of("to", "nora"))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("OUT_OF_SCOPE");
        web.post().uri("/api/conversations/{id}/assign", bank.id()).headers(Staff.as("sam"))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(Map.of("to", "nora"))
                .exchange().expectStatus().isOk();
    }

    /** Before: the draft was completed first, then the take-over refused: the draft was gone for nothing. */
    @Test
    void takingOverADraftOfAConversationAnotherPersonServesIsRefusedAndTheDraftStays() {
        ConversationKey conversation = customer("wkBank");
        String draft = enqueue(conversation, null);
        post("carol", "/api/conversations/" + conversation.id() + "/take-over").expectStatus().isOk();
        post("dave", "/api/approvals/" + draft + "/claim").expectStatus().isOk();
        post("dave", "/api/approvals/" + draft + "/take-over").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("HELD_BY_ANOTHER").jsonPath("$.heldBy").isEqualTo("carol");
        assertThat(queue.pending().map(QueuedDraft::draft).map(PendingDraft::draftId).collectList().block(WAIT))
                .contains(draft);
        assertThat(conversations.get(conversation).block(WAIT).servicerUserId()).isEqualTo("carol");
    }

    private ConversationKey waiting(ConversationKey key) {
        assertThat(conversations.update(key, c -> c.handedToPool(new HandOff("complaint", 50, Instant.now()),
                Instant.now())).block(WAIT).allowed()).isTrue();
        return key;
    }

    private List<String> waitingSeenBy(String user) {
        return web.get().uri("/api/conversations?waiting=true").headers(Staff.as(user)).exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody().stream()
                .map(w -> String.valueOf(w.get("conversationId"))).toList();
    }

    /** The audit log's lines of reads of the conversation (the embedded mode's durable trail). */
    private static List<String> reads(CapturedOutput output, ConversationKey key) {
        return output.getOut().lines().filter(line -> line.contains("type=CONVERSATION_READ"))
                .filter(line -> line.contains("subject=" + key.id() + " ")).toList();
    }
}
