package com.wecomassist.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Team leads hand conversations to the agents of their team, or take them over themselves; agents
 * cannot take a customer from a colleague. Users: sam (SUPERVISOR) and nora (AGENT) in team "north",
 * the others in the default team (see testing/Staff).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SupervisorControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Autowired
    WebTestClient web;
    @Autowired
    ConversationStore conversations;
    @Autowired
    AuditTrail audit;
    @Autowired
    ApprovalQueue queue;

    private static ConversationKey newConversation() {
        return ConversationKey.kf("wkBank", "wm-sup-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private WebTestClient.ResponseSpec post(String user, String uri, Object body) {
        WebTestClient.RequestBodySpec request = web.post().uri(uri).headers(Staff.as(user));
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private Conversation stored(ConversationKey key) {
        return conversations.get(key).block(WAIT);
    }

    @Test
    void anAgentCannotTakeACustomerFromAColleagueButTheirTeamLeadCanHandItOver() {
        ConversationKey key = newConversation();
        String assign = "/api/conversations/" + key.id() + "/assign";
        post("nora", "/api/conversations/" + key.id() + "/take-over", null).expectStatus().isOk();

        post("dave", "/api/conversations/" + key.id() + "/take-over", null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("HELD_BY_ANOTHER").jsonPath("$.heldBy").isEqualTo("nora");
        assertThat(stored(key).servicerUserId()).isEqualTo("nora");
        // nor hand it over to themselves through the team lead's door
        post("dave", assign, Map.of("to", "dave")).expectStatus().isForbidden();
        post("nora", assign, Map.of("to", "nora")).expectStatus().isForbidden();

        // the team lead takes it over from nora, then gives it back to her
        post("sam", assign, Map.of("to", "sam")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ASSIGNED")
                .jsonPath("$.conversation.servicerUserId").isEqualTo("sam");
        post("sam", assign, Map.of("to", "nora")).expectStatus().isOk();
        assertThat(stored(key).state()).isEqualTo(ConversationState.HUMAN);
        assertThat(stored(key).servicerUserId()).isEqualTo("nora");

        List<AuditEvent> assigned = audit.ofConversation(key.id(), 50)
                .filter(e -> e.type() == AuditEvent.Type.CONVERSATION_ASSIGNED).collectList().block(WAIT);
        assertThat(assigned).extracting(AuditEvent::actor).containsExactly("sam", "sam");
        assertThat(assigned).extracting(AuditEvent::details).containsExactly(
                Map.of("to", "sam", "from", "nora", "fromState", "HUMAN"),
                Map.of("to", "nora", "from", "sam", "fromState", "HUMAN"));
    }

    @Test
    void anAssigneeMustBeAKnownEnabledAgentOfTheLeadsTeam() {
        ConversationKey key = newConversation();
        String assign = "/api/conversations/" + key.id() + "/assign";
        post("sam", assign, Map.of("to", "nobody-here")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_USER");
        post("sam", assign, Map.of("to", "ed")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_AN_AGENT")
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("ed").contains("CONTENT_EDITOR"));
        post("sam", assign, Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_ASSIGNEE");
        post("sam", assign, Map.of("to", "carol")).expectStatus().isForbidden()
                .expectBody().jsonPath("$.reason").isEqualTo("OTHER_TEAM");
        post("sam", "/api/conversations/not-an-id/assign", Map.of("to", "nora")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("BAD_CONVERSATION_ID");
        assertThat(stored(key).state()).isEqualTo(ConversationState.NEW);

        // administrators assign across teams; handing it to who holds it already is a conflict
        post("root", assign, Map.of("to", "carol")).expectStatus().isOk();
        post("root", assign, Map.of("to", "carol")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("CONVERSATION_STATE");
        assertThat(stored(key).servicerUserId()).isEqualTo("carol");
    }

    @Test
    void aTeamLeadSeesTheirTeamAndWhatItHoldsInTheQueue() {
        String draftId = "d-sup-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        queue.enqueue(PendingDraft.awaiting(draftId, newConversation(), "msg-" + draftId, "信用卡年费怎么收？",
                "您好，本行信用卡首年免年费……", now, Duration.ofMinutes(10))).block(WAIT);
        post("nora", "/api/approvals/" + draftId + "/claim", null).expectStatus().isOk();
        ConversationKey served = newConversation();
        post("sam", "/api/conversations/" + served.id() + "/assign", Map.of("to", "nora")).expectStatus().isOk();

        web.get().uri("/api/team").headers(Staff.as("sam")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.team").isEqualTo("north")
                .jsonPath("$.members[*].username").value(names -> assertThat(new java.util.ArrayList<Object>((List<?>) names))
                        .containsExactlyInAnyOrder("nora", "sam"))
                .jsonPath("$.members[?(@.username == 'nora')].claimedDrafts").isEqualTo(List.of(1))
                // the conversations each person serves, from the store's list of those with people
                .jsonPath("$.members[?(@.username == 'nora')].heldConversations[*]").value(ids ->
                        assertThat(new java.util.ArrayList<Object>((List<?>) ids)).contains(served.id()))
                .jsonPath("$.members[?(@.username == 'sam')].heldConversations[*]").value(ids ->
                        assertThat(new java.util.ArrayList<Object>((List<?>) ids)).doesNotContain(served.id()))
                .jsonPath("$.waitingForPerson").value(n -> assertThat(((Number) n).longValue()).isNotNegative())
                .jsonPath("$.claimedByTeam").value(n -> assertThat(((Number) n).longValue()).isGreaterThanOrEqualTo(1))
                .jsonPath("$.queueDepth").value(n -> assertThat(((Number) n).longValue()).isPositive());
        web.get().uri("/api/team").headers(Staff.as("carol")).exchange().expectStatus().isForbidden();
    }

    @Test
    void everyRoleSeesTheDashboardAccountManagersAndTeamLeadsIncluded() {
        for (String user : List.of("mia", "sam", "carol", "ed", "cora", "root")) {
            web.get().uri("/api/dashboard").headers(Staff.as(user)).exchange().expectStatus().isOk();
        }
        // a team lead may do what an agent may
        web.get().uri("/api/approvals").headers(Staff.as("sam")).exchange().expectStatus().isOk();
    }
}
