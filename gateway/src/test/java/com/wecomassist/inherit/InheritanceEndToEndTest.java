package com.wecomassist.inherit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.Customer;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * 客户继承 in the running gateway (embedded) against the built-in WeCom simulator: the API with its roles,
 * 在职继承 of three customers of whom one refuses (transfer_fail), the simulated clock moved 24 h so the
 * others are taken over, the directory and the TakeoverListener following; 离职继承 of a departed
 * employee's customers from get_unassigned_list, with their pending draft and conversation moved on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.inherit.poll-interval=200ms",
        "assist.inherit.batch-pause=10ms"})
@AutoConfigureWebTestClient
class InheritanceEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    /** Stands in for the 管户 assignment the lead wires at merge time. */
    @TestConfiguration
    static class Listening {
        static final List<String> TAKEN_OVER = new CopyOnWriteArrayList<>();

        @Bean
        TakeoverListener recordingTakeoverListener() {
            return (handover, takeover, customer, at) -> Mono.fromRunnable(
                    () -> TAKEN_OVER.add(handover + ">" + takeover + ":" + customer));
        }
    }

    @Autowired
    WebTestClient web;
    @Autowired
    ContactDirectory directory;
    @Autowired
    ApprovalQueue approvals;
    @Autowired
    ConversationStore conversations;
    @Autowired
    List<com.wecomassist.contacts.ContactEventListener> contactListeners;
    @Autowired
    CustomerInheritance inheritance;

    private String addCustomer(String employee, String name) {
        Map<String, Object> added = web.post().uri("/simulator/api/contacts/employees/{u}/customers", employee)
                .bodyValue(Map.of("name", name)).exchange().expectStatus().isOk().expectBody(MAP).returnResult()
                .getResponseBody();
        String id = (String) added.get("externalUserId");
        await().atMost(WAIT).until(() -> relationship(id, employee) != null
                && relationship(id, employee).status() == ContactStatus.ACTIVE);
        return id;
    }

    private FollowRelationship relationship(String customer, String employee) {
        Customer c = directory.customer(customer).block(WAIT);
        return c == null ? null : c.relationships().stream().filter(r -> r.employee().equals(employee)).findFirst()
                .orElse(null);
    }

    private WebTestClient.ResponseSpec create(String user, Map<String, Object> body) {
        return web.post().uri("/api/inheritance/jobs").headers(Staff.as(user)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    private JsonNode job(String id) {
        return web.get().uri("/api/inheritance/jobs/{id}", id).headers(Staff.as("root")).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private String stateOf(JsonNode job, String customer) {
        for (JsonNode c : job.path("customers")) {
            if (c.path("externalUserId").asString().equals(customer)) {
                return c.path("state").asString();
            }
        }
        return null;
    }

    private void advanceSimulatedClock(Duration by) {
        web.post().uri("/simulator/api/contacts/clock/advance").bodyValue(Map.of("seconds", by.toSeconds()))
                .exchange().expectStatus().isOk();
    }

    @Test
    void onJobTransferCompletesForTheCustomersWhoDoNotRefuseAndOnlyAdminsAndTheTeamLeadMayAsk() {
        String a = addCustomer("zhaolei", "甲客户");
        String b = addCustomer("zhaolei", "乙客户");
        String c = addCustomer("zhaolei", "丙客户");
        Map<String, Object> request = Map.of("kind", "ON_JOB", "handover", "zhaolei", "takeover", "wangfang",
                "customers", List.of(a, b, c), "message", "您好，我已调岗，后续由同事王芳继续为您服务，感谢支持！");

        create("mia", request).expectStatus().isForbidden();
        create("nora", request).expectStatus().isForbidden();
        // a team lead, but zhaolei is not in their team
        create("sam", request).expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("OUT_OF_SCOPE");
        create("root", Map.of("kind", "ON_JOB", "handover", "zhaolei", "takeover", "wangfang",
                "customers", List.of(a), "message", "本理财产品保本保收益，稳赚不赔！"))
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.reason").isEqualTo("NOT_COMPLIANT");

        JsonNode created = create("root", request).expectStatus().isCreated().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        String id = created.path("id").asString();
        await().atMost(WAIT).until(() -> job(id).path("counts").path("WAITING").asInt() == 3);
        assertThat(relationship(a, "wangfang").status()).isEqualTo(ContactStatus.TRANSFERRING);

        // the customer refuses in WeChat: WeCom's transfer_fail callback ends them at once (the intake tells the
        // inheritance; transfer_result would say so too at the next poll)
        assertThat(contactListeners).contains(inheritance);
        web.post().uri("/simulator/api/contacts/customers/{c}/refuse-transfer", b).exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> "REFUSED".equals(stateOf(job(id), b)));

        advanceSimulatedClock(Duration.ofHours(24));
        await().atMost(WAIT).until(() -> "DONE".equals(job(id).path("phase").asString()));
        JsonNode done = job(id);
        assertThat(stateOf(done, a)).isEqualTo("TAKEN_OVER");
        assertThat(stateOf(done, c)).isEqualTo("TAKEN_OVER");
        assertThat(stateOf(done, b)).isEqualTo("REFUSED");
        assertThat(done.path("counts").path("TAKEN_OVER").asInt()).isEqualTo(2);

        assertThat(relationship(a, "wangfang").status()).isEqualTo(ContactStatus.ACTIVE);
        assertThat(relationship(a, "zhaolei").status()).isEqualTo(ContactStatus.REMOVED_BY_EMPLOYEE);
        assertThat(relationship(b, "wangfang").status()).isEqualTo(ContactStatus.TRANSFER_FAILED);
        assertThat(relationship(b, "zhaolei").status()).isEqualTo(ContactStatus.ACTIVE);
        assertThat(Listening.TAKEN_OVER).contains("zhaolei>wangfang:" + a, "zhaolei>wangfang:" + c)
                .doesNotContain("zhaolei>wangfang:" + b);

        JsonNode list = web.get().uri("/api/inheritance/jobs").headers(Staff.as("root")).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(list.findValues("id").stream().map(JsonNode::asString)).contains(id);
        // the team lead sees no job of employees outside their team
        JsonNode theirs = web.get().uri("/api/inheritance/jobs").headers(Staff.as("sam")).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(theirs.findValues("id").stream().map(JsonNode::asString)).doesNotContain(id);
        web.get().uri("/api/inheritance/jobs/{id}", id).headers(Staff.as("sam")).exchange().expectStatus().isNotFound();
    }

    @Test
    void resignedTransferTakesTheUnassignedCustomersAndMovesTheDepartedEmployeesDraftsAndConversations() {
        Instant now = Instant.now();
        approvals.enqueue(PendingDraft.awaiting("departed-draft", ConversationKey.kf("wkBank", "wmDeparted1"),
                        "msg-d1", "理财到期了怎么办？", "您好，到期后本金和收益将自动返还……", now, Duration.ofMinutes(30))
                .withRouting(List.of("low_confidence"), 5, "zhoujie")).block(WAIT);
        ConversationKey served = ConversationKey.kf("wkBank", "wmDeparted2");
        conversations.update(served, conv -> conv.handedToPerson("zhoujie", now)).block(WAIT);

        JsonNode created = create("root", Map.of("kind", "RESIGNED", "handover", "zhoujie", "takeover", "liuyang",
                "fromUnassigned", true)).expectStatus().isCreated().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        String id = created.path("id").asString();
        int customers = created.path("customers").size();
        assertThat(customers).isPositive();
        await().atMost(WAIT).until(() -> job(id).path("counts").path("WAITING").asInt() == customers);

        advanceSimulatedClock(Duration.ofHours(24));
        await().atMost(WAIT).until(() -> "DONE".equals(job(id).path("phase").asString()));
        assertThat(job(id).path("counts").path("TAKEN_OVER").asInt()).isEqualTo(customers);
        String first = created.path("customers").get(0).path("externalUserId").asString();
        assertThat(relationship(first, "liuyang").status()).isEqualTo(ContactStatus.ACTIVE);
        assertThat(Listening.TAKEN_OVER).contains("zhoujie>liuyang:" + first);

        // liuyang is no console user here: the draft goes to the 直营 queue, the conversation back to the waiting list
        await().atMost(WAIT).until(() -> approvals.pending()
                .filter(q -> q.draft().draftId().equals("departed-draft"))
                .map(q -> q.draft().queue()).blockFirst(WAIT).equals("direct"));
        assertThat(conversations.get(served).block(WAIT).state()).isEqualTo(ConversationState.QUEUED);
    }
}
