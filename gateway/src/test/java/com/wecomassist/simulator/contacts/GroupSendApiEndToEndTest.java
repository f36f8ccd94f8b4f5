package com.wecomassist.simulator.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.wecom.GroupMessageTask;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * The simulated 企业群发 over HTTP: WeCom's API as any client calls it, the employee's side through the
 * page's API, and the gateway's own {@link WecomApiClient} against it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GroupSendApiEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
            new ParameterizedTypeReference<>() {
            };

    @Autowired
    WebTestClient web;
    @Autowired
    WecomSimulator simulator;
    @Autowired
    WecomApiClient client;

    String token;

    @BeforeEach
    void token() {
        token = (String) simulator.getToken(simulator.settings().corpId(), simulator.settings().secret())
                .fields().get("access_token");
    }

    private Map<String, Object> api(String name, Object body) {
        return web.post().uri("/simulator/cgi-bin/externalcontact/" + name + "?access_token={t}", token)
                .bodyValue(body).exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec page(String method, String path, Object body) {
        WebTestClient.RequestBodySpec spec = web.method(HttpMethod.valueOf(method)).uri("/simulator/api/contacts" + path);
        return (body == null ? spec : (WebTestClient.RequestBodySpec) spec.bodyValue(body)).exchange();
    }

    private Map<String, Object> pageOk(String method, String path, Object body) {
        return page(method, path, body).expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<String> customersOf(String userid) {
        return (List<String>) web.get().uri("/simulator/cgi-bin/externalcontact/list?access_token={t}&userid={u}", token, userid)
                .exchange().expectBody(JSON).returnResult().getResponseBody().get("external_userid");
    }

    private List<Map<String, Object>> tasksOf(String userid) {
        return page("GET", "/employees/" + userid + "/tasks", null).expectStatus().isOk().expectBody(JSON_LIST)
                .returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Map<String, Object> answer, String list) {
        return ((List<Map<String, Object>>) answer.get(list)).get(0);
    }

    @Test
    void aTaskWaitsForTheEmployeeAndItsResultsReadAsWeComAnswersThem() {
        String customer = customersOf("liuyang").get(2);
        web.post().uri("/simulator/cgi-bin/externalcontact/add_msg_template").bodyValue(Map.of()).exchange()
                .expectBody().jsonPath("$.errcode").isEqualTo(41001);
        Map<String, Object> created = api("add_msg_template", Map.of("chat_type", "single", "sender", "liuyang",
                "external_userid", List.of(customer, "wmNotOurs"), "text", Map.of("content", "您好，您关注的存款产品今日上新。"),
                "attachments", List.of(Map.of("msgtype", "link", "link", Map.of("title", "存款", "url", "https://bank.example")))));
        assertThat(created).containsEntry("errcode", 0).containsEntry("fail_list", List.of("wmNotOurs"));
        String msgid = (String) created.get("msgid");

        Map<String, Object> task = api("get_groupmsg_task", Map.of("msgid", msgid, "limit", 100));
        assertThat(first(task, "task_list")).containsEntry("userid", "liuyang").containsEntry("status", 0);
        assertThat(task).containsEntry("next_cursor", "");
        assertThat(tasksOf("liuyang").get(0)).containsEntry("msgid", msgid).containsEntry("state", "pending")
                .containsEntry("attachments", 1);

        Map<String, Object> confirmed = pageOk("POST", "/employees/liuyang/tasks/" + msgid + "/confirm", null);
        assertThat(confirmed).containsEntry("sent", 1).containsEntry("overLimit", 0).containsEntry("notFriend", 0);
        Map<String, Object> result = api("get_groupmsg_send_result", Map.of("msgid", msgid, "userid", "liuyang"));
        assertThat(first(result, "send_list")).containsEntry("external_userid", customer).containsEntry("status", 1)
                .containsKey("send_time");
        assertThat(first(api("get_groupmsg_task", Map.of("msgid", msgid)), "task_list")).containsEntry("status", 2);
        assertThat(api("remind_groupmsg_send", Map.of("msgid", msgid))).containsEntry("errcode", 40058);
        // the employee's client: a task of someone else's, or one sent already, is refused
        page("POST", "/employees/zhangwei/tasks/" + msgid + "/confirm", null).expectStatus().isNotFound();
        page("POST", "/employees/liuyang/tasks/" + msgid + "/confirm", null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error").isEqualTo("the task was sent already");
    }

    @Test
    void theGatewaysClientCreatesRemindsAndCancelsAgainstTheSimulator() {
        List<String> mine = customersOf("chenjing");
        GroupMessageTask created = client.addGroupMessage("chenjing", List.of(mine.get(5), mine.get(6)),
                "您好，您的理财产品将于下周到期。", null).block(WAIT);
        assertThat(created.failList()).isEmpty();
        assertThat(created.msgid()).startsWith("msg");
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(client.remindGroupMessage(created.msgid())).verifyComplete();
        }
        StepVerifier.create(client.remindGroupMessage(created.msgid()))
                .expectErrorSatisfies(e -> assertThat(((WecomApiException) e).errcode()).isEqualTo(40058))
                .verify(WAIT);
        assertThat(tasksOf("chenjing")).filteredOn(t -> t.get("msgid").equals(created.msgid())).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("reminders", 3));

        StepVerifier.create(client.cancelGroupMessage(created.msgid())).verifyComplete();
        JsonNode results = client.groupMessageSendResults(created.msgid(), "chenjing", null, 1).block(WAIT);
        assertThat(results.path("send_list")).hasSize(1);
        assertThat(results.path("send_list").get(0).path("status").asInt()).isZero();
        String next = results.path("next_cursor").asString();
        assertThat(next).isNotEmpty();
        JsonNode second = client.groupMessageSendResults(created.msgid(), "chenjing", next, 1).block(WAIT);
        assertThat(second.path("send_list").get(0).path("external_userid").asString()).isEqualTo(mine.get(6));
        assertThat(second.path("next_cursor").asString()).isEmpty();
        assertThat(client.groupMessageTask(created.msgid(), null, 100).block(WAIT)
                .path("task_list").get(0).path("status").asInt()).isZero();
        page("POST", "/employees/chenjing/tasks/" + created.msgid() + "/confirm", null).expectStatus().isEqualTo(409);

        StepVerifier.create(client.addGroupMessage("chenjing", List.of("wmNotOurs"), "您好", null))
                .expectErrorSatisfies(e -> assertThat(((WecomApiException) e).errcode()).isEqualTo(84061))
                .verify(WAIT);
    }

    @Test
    void anAutomatedEmployeeConfirmsWhenSimulatedTimeComes() {
        page("PUT", "/employees/wangfang/confirm-behaviour", Map.of("share", 1.5)).expectStatus().isEqualTo(409);
        page("PUT", "/employees/nobody/confirm-behaviour", Map.of("share", 0.5)).expectStatus().isNotFound();
        assertThat(pageOk("PUT", "/employees/wangfang/confirm-behaviour",
                Map.of("share", 1, "delaySeconds", 600, "seed", 11)))
                .containsEntry("automated", true).containsEntry("delaySeconds", 600);
        String customer = customersOf("wangfang").get(4);
        GroupMessageTask created = client.addGroupMessage("wangfang", List.of(customer), "自动确认", null).block(WAIT);
        assertThat(tasksOf("wangfang").get(0)).containsEntry("msgid", created.msgid()).containsKey("autoConfirmAt");
        assertThat(client.groupMessageTask(created.msgid(), null, 100).block(WAIT)
                .path("task_list").get(0).path("status").asInt()).isZero();

        pageOk("POST", "/clock/advance", Map.of("seconds", 600));
        JsonNode sent = client.groupMessageSendResults(created.msgid(), "wangfang", null, 100).block(WAIT);
        assertThat(sent.path("send_list").get(0).path("status").asInt()).isEqualTo(1);
        assertThat(pageOk("DELETE", "/employees/wangfang/confirm-behaviour", null)).containsEntry("automated", false);
        assertThat(pageOk("GET", "/employees/wangfang/confirm-behaviour", null)).containsEntry("automated", false);
    }
}
