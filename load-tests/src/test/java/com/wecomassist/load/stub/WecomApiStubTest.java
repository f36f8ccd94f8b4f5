package com.wecomassist.load.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WecomApiStubTest {

    private final WecomApiStub stub = new WecomApiStub("127.0.0.1", 0);
    private final String base = stub.baseUrl();

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void issuesAccessTokens() throws Exception {
        JsonNode token = Http.getJson(base + "/cgi-bin/gettoken?corpid=ww1&corpsecret=s");
        assertThat(token.path("errcode").asInt()).isZero();
        assertThat(token.path("access_token").asText()).startsWith("load_token_");
        assertThat(token.path("expires_in").asInt()).isEqualTo(7200);
    }

    @Test
    void syncMsgPagesThroughTheHeldMessagesWithCursorAndHasMore() throws Exception {
        for (int i = 0; i < 3; i++) {
            stub.hold("wkA", "wmCustomer" + i, "问题" + i);
        }
        stub.hold("wkB", "wmOther", "别的账号");
        JsonNode first = Http.postJson(base + "/cgi-bin/kf/sync_msg?access_token=t", "{\"open_kfid\":\"wkA\",\"limit\":2,\"token\":\"cb\"}");
        assertThat(first.path("errcode").asInt()).isZero();
        assertThat(first.path("has_more").asInt()).isEqualTo(1);
        assertThat(first.path("msg_list")).hasSize(2);
        JsonNode m = first.path("msg_list").path(0);
        assertThat(m.path("open_kfid").asText()).isEqualTo("wkA");
        assertThat(m.path("external_userid").asText()).isEqualTo("wmCustomer0");
        assertThat(m.path("origin").asInt()).isEqualTo(3);
        assertThat(m.path("msgtype").asText()).isEqualTo("text");
        assertThat(m.path("text").path("content").asText()).isEqualTo("问题0");
        assertThat(m.path("msgid").asText()).isNotBlank();

        String cursor = first.path("next_cursor").asText();
        JsonNode second = Http.postJson(base + "/cgi-bin/kf/sync_msg?access_token=t",
                "{\"open_kfid\":\"wkA\",\"limit\":2,\"cursor\":\"" + cursor + "\"}");
        assertThat(second.path("has_more").asInt()).isZero();
        assertThat(second.path("msg_list")).hasSize(1);
        assertThat(second.path("msg_list").path(0).path("text").path("content").asText()).isEqualTo("问题2");

        String last = second.path("next_cursor").asText();
        JsonNode third = Http.postJson(base + "/cgi-bin/kf/sync_msg?access_token=t",
                "{\"open_kfid\":\"wkA\",\"cursor\":\"" + last + "\"}");
        assertThat(third.path("msg_list")).isEmpty();
        assertThat(third.path("has_more").asInt()).isZero();
        assertThat(third.path("next_cursor").asText()).isEqualTo(last);
    }

    @Test
    void sendMsgIsRecordedOncePerMsgidWithItsLatencyAndWakesTheWaitingCustomer() throws Exception {
        stub.hold("wkA", "wmC", "你好");
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return Http.getJson(base + "/_load/await?open_kfid=wkA&external_userid=wmC&after=0&timeout_ms=10000");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        String send = "{\"touser\":\"wmC\",\"open_kfid\":\"wkA\",\"msgid\":\"reply1\",\"msgtype\":\"text\",\"text\":{\"content\":\"您好\"}}";
        JsonNode sent = Http.postJson(base + "/cgi-bin/kf/send_msg?access_token=t", send);
        assertThat(sent.path("errcode").asInt()).isZero();
        assertThat(sent.path("msgid").asText()).isEqualTo("reply1");
        assertThat(Http.postJson(base + "/cgi-bin/kf/send_msg?access_token=t", send).path("errcode").asInt()).isZero();

        assertThat(waiting.get().path("replies").asInt()).isEqualTo(1);
        assertThat(stub.sends(0)).singleElement().satisfies(r -> {
            assertThat(r.toUser()).isEqualTo("wmC");
            assertThat(r.latencyMicros()).isGreaterThanOrEqualTo(50_000);
            assertThat(r.contentBytes()).isEqualTo(6);
        });
        JsonNode stats = Http.getJson(base + "/_load/stats");
        assertThat(stats.path("sends").asLong()).isEqualTo(1);
        assertThat(stats.path("duplicate_sends").asLong()).isEqualTo(1);
        assertThat(Http.getJson(base + "/_load/sends?since_ms=0")).hasSize(1);
    }

    @Test
    void awaitAnswersATimeoutWhenNoReplyComes() throws Exception {
        JsonNode answer = Http.getJson(base + "/_load/await?open_kfid=wkA&external_userid=nobody&after=0&timeout_ms=100");
        assertThat(answer.path("errcode").asInt()).isEqualTo(408);
    }

    @Test
    void refusesOversizedRepliesAndKeepsSessionsServable() throws Exception {
        String big = "字".repeat(700);
        JsonNode refused = Http.postJson(base + "/cgi-bin/kf/send_msg?access_token=t",
                "{\"touser\":\"wmC\",\"open_kfid\":\"wkA\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + big + "\"}}");
        assertThat(refused.path("errcode").asInt()).isEqualTo(95001);
        JsonNode state = Http.postJson(base + "/cgi-bin/kf/service_state/get?access_token=t",
                "{\"open_kfid\":\"wkA\",\"external_userid\":\"wmC\"}");
        assertThat(state.path("service_state").asInt()).isEqualTo(1);
        JsonNode trans = Http.postJson(base + "/cgi-bin/kf/service_state/trans?access_token=t",
                "{\"open_kfid\":\"wkA\",\"external_userid\":\"wmC\",\"service_state\":2}");
        assertThat(trans.path("errcode").asInt()).isZero();
        assertThat(trans.path("msg_code").asText()).isNotBlank();
    }
}
