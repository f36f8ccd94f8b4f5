package com.wecomassist.load.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupSendTasksTest {

    private static final String TASK = "{\"chat_type\":\"single\",\"sender\":\"%s\",\"external_userid\":[\"%s\"],"
            + "\"text\":{\"content\":\"您好\"}}";

    private static JsonNode task(String sender, String customer) {
        return Json.tree(String.format(TASK, sender, customer));
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void countsTasksPerCustomerPerNaturalMonthInChinaTimeAndNamesThoseOverWecomsLimit() {
        GroupSendTasks g = new GroupSendTasks();
        for (int k = 0; k < 5; k++) {
            g.add(task("lemp00001", "wmA"), at("2026-12-07T04:00:00Z"));
        }
        for (int k = 0; k < 4; k++) {
            g.add(task("lemp00002", "wmB"), at("2026-12-07T04:00:00Z"));
        }
        // 2026-11-30T16:30Z is already 1 December in China: the same month as the four above
        g.add(task("lemp00002", "wmC"), at("2026-11-30T15:59:59Z"));
        g.add(task("lemp00002", "wmC"), at("2026-11-30T16:30:00Z"));
        Map<String, Object> stats = g.stats();
        assertThat(stats.get("tasks")).isEqualTo(11);
        assertThat(stats.get("over_monthly_limit")).isEqualTo(1);
        assertThat(g.overMonthlyLimit()).containsExactly(Map.of("customer", "wmA", "month", "2026-12", "tasks", 5));
        assertThat(stats.get("max_tasks_per_customer_month")).isEqualTo(5);
        // wmC: one task in November, one in December (China time)
        assertThat(stats.get("customers")).isEqualTo(4);
        assertThat(stats.get("senders")).isEqualTo(2);
        assertThat(stats.get("max_tasks_per_sender")).isEqualTo(6L);
        @SuppressWarnings("unchecked")
        Map<Long, Long> perSecond = (Map<Long, Long>) stats.get("per_second");
        assertThat(perSecond.get(at("2026-12-07T04:00:00Z") / 1000)).isEqualTo(9L);
    }

    @Test
    void refusesATaskWithoutSenderCustomersOrText() {
        GroupSendTasks g = new GroupSendTasks();
        Map<String, Object> answer = g.add(Json.tree("{\"chat_type\":\"single\",\"sender\":\"lemp00001\","
                + "\"external_userid\":[],\"text\":{\"content\":\"x\"}}"), 0);
        assertThat(answer.get("errcode")).isEqualTo(WecomApiStub.INVALID_PARAMETER);
        assertThat(g.tasks()).isZero();
        assertThat(g.stats().get("refused")).isEqualTo(1L);
    }

    @Test
    void answersTheSenderItsTaskNotSentYetAndAnUnknownTaskAnError() {
        GroupSendTasks g = new GroupSendTasks();
        String msgid = (String) g.add(task("lemp00003", "wmD"), 0).get("msgid");
        JsonNode result = Json.tree(Json.string(g.sendResult(Json.tree("{\"msgid\":\"" + msgid + "\",\"userid\":\"lemp00003\"}"))));
        assertThat(result.path("send_list")).hasSize(1);
        assertThat(result.path("send_list").path(0).path("external_userid").asText()).isEqualTo("wmD");
        assertThat(result.path("send_list").path(0).path("status").asInt(-1)).isZero();
        JsonNode other = Json.tree(Json.string(g.sendResult(Json.tree("{\"msgid\":\"" + msgid + "\",\"userid\":\"lemp00009\"}"))));
        assertThat(other.path("send_list")).isEmpty();
        assertThat(g.sendResult(Json.tree("{\"msgid\":\"nope\",\"userid\":\"lemp00003\"}")).get("errcode"))
                .isEqualTo(WecomApiStub.INVALID_PARAMETER);
    }

    @Test
    void theStubTakesTasksOverHttpAndReportsThem() throws Exception {
        try (WecomApiStub stub = new WecomApiStub("127.0.0.1", 0)) {
            String base = stub.baseUrl();
            JsonNode created = Http.postJson(base + "/cgi-bin/externalcontact/add_msg_template?access_token=t",
                    String.format(TASK, "lemp00001", "wmE"));
            assertThat(created.path("errcode").asInt(-1)).isZero();
            assertThat(created.path("msgid").asText()).startsWith("msgLoadGroup");
            assertThat(created.path("fail_list")).isEmpty();
            JsonNode result = Http.postJson(base + "/cgi-bin/externalcontact/get_groupmsg_send_result?access_token=t",
                    "{\"msgid\":\"" + created.path("msgid").asText() + "\",\"userid\":\"lemp00001\",\"limit\":1000}");
            assertThat(result.path("send_list").path(0).path("status").asInt(-1)).isZero();
            JsonNode sends = Http.getJson(base + "/_load/group-sends");
            assertThat(sends.path("tasks").asInt()).isEqualTo(1);
            assertThat(sends.path("over_monthly_limit").asInt(-1)).isZero();
            assertThat(Http.getJson(base + "/_load/stats").path("calls").path("externalcontact/add_msg_template").asInt())
                    .isEqualTo(1);
        }
    }

    @Test
    void datesTheSyntheticFriendshipsFromTheGivenStart() {
        long start = Instant.parse("2026-11-27T00:00:00Z").getEpochSecond();
        SyntheticContacts c = new SyntheticContacts(10, 2, start);
        JsonNode one = Json.tree(Json.string(c.get(SyntheticContacts.customerId(3))));
        assertThat(one.path("follow_user").path(0).path("createtime").asLong()).isEqualTo(start + 3);
    }
}
