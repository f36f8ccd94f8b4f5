package com.wecomassist.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.kpi.TaskTally;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.Customer;
import com.wecomassist.strategy.Strategy;
import com.wecomassist.strategy.StrategyCatalogue;
import com.wecomassist.strategy.StrategyDesk;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * From a bank event to a task in the employee's WeCom client, in the running gateway against the
 * simulator: a strategy published by two operations users, a customer a 管户 has just added, the bank's
 * feed posting the event, the task waiting in the simulated 群发助手 with the strategy's words, the
 * strategy's results counting it, once the employee sent it the follow-up counting it confirmed and
 * delivered, and the customer writing to 微信客服 counted as a reply.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class OutreachEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient web;
    @Autowired
    ContactDirectory directory;
    @Autowired
    StrategyCatalogue catalogue;
    @Autowired
    TaskFollowUp followUp;
    @Autowired
    WecomSimulator simulator;
    @Autowired
    ConversationStore conversations;
    @Autowired
    TaskTally tally;

    private static final String KF = "wkSimulatedBank01";

    private String spec(String id) {
        return """
                {"id": "%s", "name": "端到端测试", "kind": "OUTREACH",
                 "trigger": {"eventTypes": ["e2e_large_transfer"], "conditions": [{"attribute": "amount", "op": "GE", "value": 100000}]},
                 "message": {"template": "{{称呼}}好，我是您的客户经理{{员工}}。看到您近期有资金到账，如需了解存款或理财的安排，回复我即可。理财非存款，产品有风险，投资须谨慎。"},
                 "arms": [{"name": "control", "weight": 1, "control": true}, {"name": "a", "weight": 9}],
                 "conversion": {"eventType": "purchase", "windowDays": 14}}
                """.formatted(id);
    }

    private String newCustomerOfZhangwei(Strategy strategy) {
        for (int i = 0; i < 20; i++) {
            Map<String, Object> added = web.post().uri("/simulator/api/contacts/employees/zhangwei/customers")
                    .bodyValue(Map.of("name", "端到端客户" + i)).exchange().expectStatus().isOk().expectBody(MAP)
                    .returnResult().getResponseBody();
            String id = (String) added.get("externalUserId");
            await().atMost(WAIT).until(() -> {
                Customer c = directory.customer(id).block(WAIT);
                return c != null && c.relationships().stream().anyMatch(r -> r.employee().equals("zhangwei")
                        && r.status() == ContactStatus.ACTIVE);
            });
            if (OutreachPlanner.arm(strategy, OutreachPlanner.testId(strategy), id).name().equals("a")) {
                return id;
            }
        }
        throw new AssertionError("no customer in arm a");
    }

    /** Tasks made for zhangwei around today, and those he confirmed (other tests of this context make some too). */
    private long[] zhangweisTasks() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        long[] made = new long[2];
        tally.between(today.minusDays(1), today.plusDays(1)).filter(d -> d.employee().equals("zhangwei"))
                .toIterable().forEach(d -> {
                    made[0] += d.created();
                    made[1] += d.confirmed();
                });
        return made;
    }

    /** Drafted by olga, published by otto, in force. */
    private void published(String id, String json) {
        web.post().uri("/api/strategies/{id}/versions", id).headers(Staff.as("olga")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json).exchange().expectStatus().isCreated();
        web.post().uri("/api/strategies/{id}/publish", id).headers(Staff.as("otto")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", 1)).exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> catalogue.inForce().containsKey(id));
    }

    /** The bank links the customer to zhangwei, their 管户. */
    private void linkedToZhangwei(String customer) {
        web.put().uri("/api/customer-links/{c}", customer).headers(Staff.as("root")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("customerNo", "E2E-" + customer, "managerUserId", "zhangwei", "asOf",
                        Instant.now().toString()))
                .exchange().expectStatus().isOk();
    }

    @Test
    void aBankEventBecomesATaskInTheManagersClientWithTheStrategysWords() {
        String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String json = spec(id);
        published(id, json);

        Strategy strategy = StrategyDesk.parse(json);
        String customer = newCustomerOfZhangwei(strategy);
        linkedToZhangwei(customer);

        long[] zhangweisTasksBefore = zhangweisTasks();
        String event = "[{\"event_id\":\"ev-" + UUID.randomUUID() + "\",\"external_userid\":\"" + customer
                + "\",\"type\":\"e2e_large_transfer\",\"occurred_at\":\"" + Instant.now()
                + "\",\"attributes\":{\"amount\":300000,\"direction\":\"in\"}}]";
        web.post().uri("/api/events").headers(Staff.as("feed")).contentType(MediaType.APPLICATION_JSON).bodyValue(event)
                .exchange().expectStatus().isOk();

        JsonNode tasks = web.get().uri("/simulator/api/contacts/employees/zhangwei/tasks").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode task = null;
        for (JsonNode t : tasks) {
            for (JsonNode c : t.path("customers")) {
                if (c.path("externalUserId").asString().equals(customer)) {
                    task = t;
                }
            }
        }
        assertThat(task).as("a task for " + customer + " in " + tasks).isNotNull();
        assertThat(task.path("text").asString()).startsWith("您好，我是您的客户经理").contains("投资须谨慎");
        assertThat(task.path("state").asString()).isEqualTo("pending");

        JsonNode results = web.get().uri("/api/strategies/{id}/results", id).headers(Staff.as("olga")).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode a = results.path("arms").get(1);
        assertThat(a.path("arm").asString()).isEqualTo("a");
        assertThat(a.path("counts").path("ASSIGNED").asInt()).isEqualTo(1);
        assertThat(a.path("counts").path("SENT").asInt()).isEqualTo(1);

        // zhangwei sends it from his client, whose clock runs two hours ahead of ours (skew, and other tests of
        // this shared context move the simulator's clock too); the follow-up reads WeCom's send result
        web.post().uri("/simulator/api/contacts/clock/advance").bodyValue(Map.of("seconds", 7_200)).exchange()
                .expectStatus().isOk();
        web.post().uri("/simulator/api/contacts/employees/zhangwei/tasks/{m}/confirm", task.path("msgid").asString())
                .exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> {
            followUp.tick().block(WAIT);
            JsonNode counts = web.get().uri("/api/strategies/{id}/results", id).headers(Staff.as("olga")).exchange()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().path("arms").get(1).path("counts");
            return counts.path("CONFIRMED").asInt() == 1 && counts.path("DELIVERED").asInt() == 1;
        });
        // the task counted for zhangwei's 群发执行率: made, and confirmed
        long[] zhangweisTasksAfter = zhangweisTasks();
        assertThat(zhangweisTasksAfter[0] - zhangweisTasksBefore[0]).isEqualTo(1);
        assertThat(zhangweisTasksAfter[1] - zhangweisTasksBefore[1]).isEqualTo(1);

        // the customer writes to the bank's 微信客服 account: 互动
        web.post().uri("/simulator/api/chats/wkSimulatedBank01/{c}/messages", customer)
                .bodyValue(Map.of("text", "好的，我想了解一下")).exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> web.get().uri("/api/strategies/{id}/results", id).headers(Staff.as("olga"))
                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody().path("arms").get(1)
                .path("counts").path("REPLIED").asInt() == 1);
    }

    @Test
    void aCustomerWhoseKfWindowIsOpenGetsTheBanksWordsInTheirChatAndNoTask() {
        String id = "e2e-kf-" + UUID.randomUUID().toString().substring(0, 8);
        // an event type of its own: the other test's events must not start this strategy, nor its events that one
        String json = spec(id).replace("e2e_large_transfer", "e2e_kf_transfer")
                .replace("投资须谨慎。\"}", "投资须谨慎。\", \"kfTemplate\": "
                + "\"{{称呼}}好，看到您近期有资金到账，如需了解存款或理财的安排，直接在这里回复即可。理财非存款，产品有风险，投资须谨慎。\"}");
        assertThat(json).contains("kfTemplate");
        published(id, json);
        Strategy strategy = StrategyDesk.parse(json);
        String customer = newCustomerOfZhangwei(strategy);
        linkedToZhangwei(customer);

        // the customer asks 微信客服 something the bot answers: the window is open and the bot idle
        simulator.customerWrites(KF, customer, "手机银行转账限额是多少？");
        ConversationKey key = ConversationKey.kf(KF, customer);
        await().atMost(WAIT).until(() -> {
            Conversation c = conversations.get(key).block(WAIT);
            return c.state() == ConversationState.BOT && c.repliesSinceCustomerMessage() == 1 && c.menu() == null;
        });

        long[] zhangweisTasksBefore = zhangweisTasks();
        String event = "[{\"event_id\":\"ev-" + UUID.randomUUID() + "\",\"external_userid\":\"" + customer
                + "\",\"type\":\"e2e_kf_transfer\",\"occurred_at\":\"" + Instant.now()
                + "\",\"attributes\":{\"amount\":300000,\"direction\":\"in\"}}]";
        web.post().uri("/api/events").headers(Staff.as("feed")).contentType(MediaType.APPLICATION_JSON).bodyValue(event)
                .exchange().expectStatus().isOk();

        await().atMost(WAIT).until(() -> simulator.transcript(KF, customer).stream()
                .anyMatch(line -> line.from().equals(ChatLine.BOT) && line.text().startsWith("您好，看到您近期有资金到账")));
        await().atMost(WAIT).until(() -> {
            JsonNode counts = web.get().uri("/api/strategies/{id}/results", id).headers(Staff.as("olga")).exchange()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().path("arms").get(1).path("counts");
            return counts.path("SENT").asInt() == 1 && counts.path("CONFIRMED").asInt() == 1
                    && counts.path("DELIVERED").asInt() == 1;
        });
        Conversation after = conversations.get(key).block(WAIT);
        assertThat(after.repliesSinceCustomerMessage()).as("it counts against WeCom's window").isEqualTo(2);
        JsonNode tasks = web.get().uri("/simulator/api/contacts/employees/zhangwei/tasks").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(tasks.toString()).as("no 群发 task for a customer reached on 微信客服").doesNotContain(customer);
    }
}
