package com.wecomassist.simulator.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.simulator.WecomSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The simulated 客户联系 API over HTTP, as the gateway (or any WeCom client library) calls it, and the
 * change_external_contact callbacks people's acts fire: real encrypted posts the gateway accepts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ContactsApiEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient web;
    @Autowired
    WecomSimulator simulator;
    @Autowired
    ContactCallbacks callbacks;
    @Autowired
    MeterRegistry meters;

    String token;

    @BeforeEach
    void token() {
        token = (String) simulator.getToken(simulator.settings().corpId(), simulator.settings().secret())
                .fields().get("access_token");
    }

    private Map<String, Object> post(String api, Object body) {
        return web.post().uri("/simulator/cgi-bin/externalcontact/" + api + "?access_token={t}", token)
                .bodyValue(body).exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
    }

    private Map<String, Object> getApi(String api, String query) {
        return web.get().uri("/simulator/cgi-bin/externalcontact/" + api + "?access_token=" + token + "&" + query)
                .exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
    }

    private Map<String, Object> page(String method, String path, Object body) {
        WebTestClient.RequestBodySpec spec = web.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri("/simulator/api/contacts" + path);
        return (body == null ? spec : (WebTestClient.RequestBodySpec) spec.bodyValue(body)).exchange()
                .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<String> customersOf(String userid) {
        return (List<String>) getApi("list", "userid=" + userid).get("external_userid");
    }

    private double callbacks(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private long accepted(String externalUserId) {
        return callbacks.posted().stream()
                .filter(p -> externalUserId.equals(p.externalUserId()) && p.outcome().equals("accepted")).count();
    }

    @Test
    void everyCallPassesTheAccessTokenCheck() {
        web.get().uri("/simulator/cgi-bin/externalcontact/list?userid=zhangwei").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.errcode").isEqualTo(41001);
        web.post().uri("/simulator/cgi-bin/externalcontact/batch/get_by_user?access_token=made-up")
                .bodyValue(Map.of("userid_list", List.of("zhangwei"))).exchange()
                .expectBody().jsonPath("$.errcode").isEqualTo(40014);
        simulator.injectError("externalcontact/get", -1, 1);
        assertThat(getApi("get", "external_userid=" + customersOf("zhangwei").get(0))).containsEntry("errcode", -1);
    }

    @Test
    void theReadingEndpointsAnswerInWeComsShapes() {
        List<String> ids = customersOf("chenjing");
        assertThat(ids).isNotEmpty();
        web.get().uri("/simulator/cgi-bin/externalcontact/get?access_token={t}&external_userid={id}", token, ids.get(0))
                .exchange().expectBody()
                .jsonPath("$.errcode").isEqualTo(0)
                .jsonPath("$.external_contact.external_userid").isEqualTo(ids.get(0))
                .jsonPath("$.external_contact.type").isEqualTo(1)
                .jsonPath("$.follow_user[0].userid").isEqualTo("chenjing")
                .jsonPath("$.follow_user[0].tags[0].tag_id").exists()
                .jsonPath("$.follow_user[0].createtime").isNumber();
        web.post().uri("/simulator/cgi-bin/externalcontact/batch/get_by_user?access_token={t}", token)
                .bodyValue(Map.of("userid_list", List.of("chenjing"), "cursor", "", "limit", 3)).exchange().expectBody()
                .jsonPath("$.errcode").isEqualTo(0)
                .jsonPath("$.external_contact_list.length()").isEqualTo(3)
                .jsonPath("$.external_contact_list[0].follow_info.userid").isEqualTo("chenjing")
                .jsonPath("$.external_contact_list[0].follow_info.tag_id").isArray()
                .jsonPath("$.next_cursor").isNotEmpty();
        web.post().uri("/simulator/cgi-bin/externalcontact/get_corp_tag_list?access_token={t}", token)
                .bodyValue(Map.of()).exchange().expectBody()
                .jsonPath("$.tag_group[0].group_name").isEqualTo("客户等级")
                .jsonPath("$.tag_group[0].tag[0].id").exists()
                .jsonPath("$.tag_group[0].tag[0].name").isEqualTo("普通客户");
        web.post().uri("/simulator/cgi-bin/externalcontact/get_unassigned_list?access_token={t}", token)
                .bodyValue(Map.of("page_size", 100)).exchange().expectBody()
                .jsonPath("$.errcode").isEqualTo(0)
                .jsonPath("$.info[0].handover_userid").isEqualTo("zhoujie")
                .jsonPath("$.is_last").isBoolean();
        long now = System.currentTimeMillis() / 1000;
        web.post().uri("/simulator/cgi-bin/externalcontact/get_user_behavior_data?access_token={t}", token)
                .bodyValue(Map.of("userid", List.of("chenjing"), "start_time", now - 6 * 86_400, "end_time", now))
                .exchange().expectBody()
                .jsonPath("$.errcode").isEqualTo(0)
                .jsonPath("$.behavior_data.length()").isEqualTo(7)
                .jsonPath("$.behavior_data[0].stat_time").isNumber()
                .jsonPath("$.behavior_data[0].new_apply_cnt").isNumber()
                .jsonPath("$.behavior_data[0].negative_feedback_cnt").isNumber();
        assertThat(post("get_user_behavior_data", Map.of("userid", List.of("chenjing"),
                "start_time", now - 40 * 86_400, "end_time", now))).containsEntry("errcode", 40058);
    }

    @Test
    void aNewCustomersCallbackIsAcceptedAndItsWelcomeCodeWorksOnce() {
        double rejectedBefore = callbacks("assist.callback.rejected");
        double acceptedBefore = callbacks("assist.callback.accepted");
        Map<String, Object> added = page("POST", "/employees/zhangwei/customers",
                Map.of("name", "测试客户甲", "state", "branch_pudong"));
        String customer = (String) added.get("externalUserId");
        await().atMost(WAIT).until(() -> accepted(customer) == 1);
        assertThat(callbacks("assist.callback.accepted")).isGreaterThan(acceptedBefore);

        // the gateway's own welcome sender used the code (the shipped default text): the customer received
        // it, and the code, single-use, is spent
        await().atMost(WAIT).until(() -> receivedBy(customer).contains("很高兴认识您"));
        Map<String, Object> welcome = Map.of("welcome_code", added.get("welcomeCode"),
                "text", Map.of("content", "您好，我是您的客户经理张伟。"));
        assertThat(post("send_welcome_msg", welcome)).containsEntry("errcode", 41051);
        assertThat(post("send_welcome_msg", Map.of("welcome_code", "welcome_unknown",
                "text", Map.of("content", "您好")))).containsEntry("errcode", 41050);
        assertThat(receivedBy(customer)).doesNotContain("我是您的客户经理张伟");

        // marking a tag through the API fires nothing (WeCom: API operations make no callbacks) …
        assertThat(post("mark_tag", Map.of("userid", "zhangwei", "external_userid", customer,
                "add_tag", List.of(firstTag())))).containsEntry("errcode", 0);
        // … while the employee's own edit, and both deletions, do
        page("PUT", "/employees/zhangwei/customers/" + customer, Map.of("remark", "甲先生"));
        page("POST", "/employees/zhangwei/customers/" + customer + "/customer-deletes", null);
        page("DELETE", "/employees/zhangwei/customers/" + customer, null);
        await().atMost(WAIT).until(() -> accepted(customer) == 4);
        assertThat(callbacks.posted()).filteredOn(p -> customer.equals(p.externalUserId()))
                .extracting(ContactCallbacks.Posted::changeType)
                .containsExactly("del_external_contact", "del_follow_user", "edit_external_contact", "add_external_contact");
        assertThat(callbacks("assist.callback.rejected")).isEqualTo(rejectedBefore);
    }

    @SuppressWarnings("unchecked")
    private String firstTag() {
        List<Map<String, Object>> groups = (List<Map<String, Object>>) post("get_corp_tag_list", Map.of()).get("tag_group");
        return (String) ((List<Map<String, Object>>) groups.get(0).get("tag")).get(0).get("id");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTransferCompletesWhenTheClockIsAdvanced24HoursAndItsCallbacksAreAccepted() {
        String customer = (String) page("POST", "/employees/liuyang/customers", Map.of("name", "测试客户乙")).get("externalUserId");
        Map<String, Object> started = post("transfer_customer", Map.of("handover_userid", "liuyang",
                "takeover_userid", "wangfang", "external_userid", List.of(customer),
                "transfer_success_msg", "您好，后续由王芳为您服务。"));
        assertThat(started).containsEntry("errcode", 0);
        assertThat((List<Map<String, Object>>) started.get("customer")).singleElement()
                .isEqualTo(Map.of("external_userid", customer, "errcode", 0));
        Map<String, Object> body = Map.of("handover_userid", "liuyang", "takeover_userid", "wangfang");
        assertThat(statusOf(post("transfer_result", body), customer)).isEqualTo(2);
        assertThat(((List<Map<String, Object>>) post("transfer_customer", Map.of("handover_userid", "liuyang",
                "takeover_userid", "chenjing", "external_userid", List.of(customer))).get("customer")).get(0))
                .containsEntry("errcode", 40129);

        page("POST", "/clock/advance", Map.of("seconds", 24 * 3600));
        assertThat(statusOf(post("transfer_result", body), customer)).isEqualTo(1);
        assertThat(customersOf("wangfang")).contains(customer);
        // add for the customer by liuyang, then del (DELETE_BY_TRANSFER) and add for wangfang
        await().atMost(WAIT).until(() -> accepted(customer) == 3);
        assertThat(post("resigned/transfer_result", body)).containsEntry("errcode", 0)
                .containsEntry("customer", List.of());
    }

    @SuppressWarnings("unchecked")
    private static int statusOf(Map<String, Object> result, String customer) {
        return ((List<Map<String, Object>>) result.get("customer")).stream()
                .filter(c -> customer.equals(c.get("external_userid"))).map(c -> (Integer) c.get("status"))
                .findFirst().orElseThrow();
    }

    @Test
    void thePageApiSaysWhatItRefuses() {
        web.get().uri("/simulator/api/contacts/employees/nobody/customers").exchange().expectStatus().isNotFound();
        web.post().uri("/simulator/api/contacts/employees/zhoujie/customers").bodyValue(Map.of("name", "x"))
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.error").isEqualTo("周杰 has left the bank");
        web.post().uri("/simulator/api/contacts/clock/advance").bodyValue(Map.of("seconds", -5))
                .exchange().expectStatus().isEqualTo(409);
        web.get().uri("/simulator/contacts.html").exchange().expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("客户联系模拟器"));
    }

    /** What the simulated customer received from 张伟, as the page shows it. */
    private String receivedBy(String customer) {
        List<Map<String, Object>> shown = web.get().uri("/simulator/api/contacts/employees/zhangwei/customers")
                .exchange().expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).returnResult().getResponseBody();
        return shown.stream().filter(c -> customer.equals(c.get("externalUserId"))).findFirst()
                .map(c -> String.valueOf(c.get("received"))).orElse("");
    }
}
