package com.wecomassist.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A draft nobody decides on in time: its priority rises once, its customer joins the people's list,
 * and the customer hears from us once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.approval.sla=1s",
        "assist.approval.sla-check-interval=100ms",
        "assist.approval.sla-priority-boost=500",
        "assist.reply.burst-quiet-period=0s",
        "assist.simulator.open-kf-ids=wkSla"})
@AutoConfigureWebTestClient
class SlaWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WecomSimulator simulator;
    @Autowired
    ApprovalQueue approvals;
    @Autowired
    AuditTrail audit;
    @Autowired
    WebTestClient web;
    @Autowired
    ConversationStore conversations;

    @Test
    void anOverdueDraftGetsPriorityAndTheCustomerGetsTheHoldingTextOnce() {
        String customer = "wmSlaCustomer1";
        ConversationKey key = ConversationKey.kf("wkSla", customer);
        simulator.customerWrites("wkSla", customer, "那个东西怎么弄");
        await().atMost(WAIT).until(() -> pending(key).isPresent());
        int priorityBefore = pending(key).orElseThrow().draft().priority();

        await().atMost(WAIT).until(() -> bot(customer).size() == 1);
        assertThat(bot(customer).get(0).text()).contains("稍候");
        assertThat(pending(key).orElseThrow().draft().priority()).isEqualTo(priorityBefore + 500);

        // many more checks run meanwhile: the breach is handled once
        await().pollDelay(Duration.ofMillis(800)).atMost(WAIT).until(() -> true);
        assertThat(bot(customer)).hasSize(1);
        assertThat(pending(key).orElseThrow().draft().priority()).isEqualTo(priorityBefore + 500);
        List<AuditEvent> trail = audit.ofConversation(key.id(), 100).collectList().block(WAIT);
        assertThat(trail).filteredOn(e -> e.type() == AuditEvent.Type.SLA_BREACHED).hasSize(1)
                .first().satisfies(e -> assertThat(e.details()).containsEntry("holdingTextSent", true));
        // the customer is on the people's list too, still with the draft to approve
        Conversation waiting = conversations.get(key).block(WAIT);
        assertThat(waiting.state()).isEqualTo(ConversationState.AWAITING_APPROVAL);
        assertThat(waiting.handOff()).isEqualTo(new HandOff("sla-breached", priorityBefore + 500,
                pending(key).orElseThrow().draft().enqueuedAt()));
        assertThat(conversations.waiting().map(Conversation::key).collectList().block(WAIT)).contains(key);

        // the agent's answer still goes out after the holding text
        String id = pending(key).orElseThrow().draft().draftId();
        web.post().uri("/api/approvals/{id}/claim", id).headers(Staff.as("gina")).exchange().expectStatus().isOk();
        web.post().uri("/api/approvals/{id}/approve", id).headers(Staff.as("gina")).exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> bot(customer).size() == 2);
        await().atMost(WAIT).until(() -> !conversations.get(key).block(WAIT).waitsForPerson());
    }

    private Optional<QueuedDraft> pending(ConversationKey key) {
        return approvals.pending().filter(q -> q.draft().conversation().equals(key)).next().blockOptional(WAIT);
    }

    private List<ChatLine> bot(String customer) {
        return simulator.transcript("wkSla", customer).stream().filter(l -> l.from().equals(ChatLine.BOT)).toList();
    }
}
