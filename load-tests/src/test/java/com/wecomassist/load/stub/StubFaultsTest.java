package com.wecomassist.load.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The faults the fault suite injects into the stubs: each does what it says, for as long as it says. */
class StubFaultsTest {

    private static final String SEND = "{\"open_kfid\":\"wkA\",\"touser\":\"wmA\",\"msgid\":\"%s\",\"msgtype\":\"text\","
            + "\"text\":{\"content\":\"您好\"}}";

    @Test
    void aRuleCatchesItsNextCallsThenNoMore() {
        StubFaults faults = new StubFaults().next("kf/send_msg", 2, new StubFaults.WecomError(-1, "busy"));
        assertThat(faults.take("kf/sync_msg")).isEmpty();
        assertThat(faults.take("kf/send_msg")).containsInstanceOf(StubFaults.WecomError.class);
        assertThat(faults.take("kf/send_msg")).isPresent();
        assertThat(faults.take("kf/send_msg")).isEmpty();
        assertThat(faults.injected("kf/send_msg")).isEqualTo(2);
    }

    @Test
    void aWecomErrorDeliversNothingAndA502AfterDeliveringDelivers() throws Exception {
        try (WecomApiStub stub = new WecomApiStub("127.0.0.1", 0)) {
            String url = stub.baseUrl() + "/cgi-bin/kf/send_msg?access_token=t";
            stub.faults().next("kf/send_msg", 1, new StubFaults.WecomError(45009, "api freq out of limit"))
                    .next("kf/send_msg", 1, new StubFaults.HttpStatus(502, true));
            assertThat(Http.postJson(url, SEND.formatted("m1")).path("errcode").asInt()).isEqualTo(45009);
            assertThat(stub.customerView("wkA", "wmA").delivered()).isZero();

            assertThat(Http.post(url, SEND.formatted("m1")).statusCode()).isEqualTo(502);
            assertThat(stub.customerView("wkA", "wmA").delivered()).isEqualTo(1);
            // the sender's retry with the same msgid is dropped, as WeCom does; another msgid is a duplicate
            assertThat(Http.postJson(url, SEND.formatted("m1")).path("errcode").asInt()).isZero();
            assertThat(stub.customerView("wkA", "wmA").duplicatedTexts()).isZero();
            Http.postJson(url, SEND.formatted("m2"));
            assertThat(stub.customerView("wkA", "wmA").duplicatedTexts()).isEqualTo(1);
        }
    }

    @Test
    void aSessionAPersonHoldsRefusesTheBotWith95018() throws Exception {
        try (WecomApiStub stub = new WecomApiStub("127.0.0.1", 0)) {
            stub.serviceState("wkA", "wmA", 3);
            JsonNode refused = Http.postJson(stub.baseUrl() + "/cgi-bin/kf/send_msg?access_token=t", SEND.formatted("m1"));
            assertThat(refused.path("errcode").asInt()).isEqualTo(95018);
            JsonNode state = Http.postJson(stub.baseUrl() + "/cgi-bin/kf/service_state/get?access_token=t",
                    "{\"open_kfid\":\"wkA\",\"external_userid\":\"wmA\"}");
            assertThat(state.path("service_state").asInt()).isEqualTo(3);
            assertThat(stub.customerView("wkA", "wmA").servedByPerson()).isTrue();
        }
    }

    @Test
    void theModelAnswers429WithRetryAfterAndCutsAStreamShort() throws Exception {
        try (ChatCompletionsStub stub = new ChatCompletionsStub("127.0.0.1", 0,
                new LlmStubSettings(Duration.ZERO, 0, Duration.ZERO, 0))) {
            String request = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                    + "\"<资料 编号=\\\"kb-1\\\">x</资料>\"}]}";
            stub.faults().next("chat", 1, new StubFaults.HttpStatus(429, false)).next("chat", 1, new StubFaults.CutStream());
            HttpResponse<String> limited = Http.post(stub.baseUrl() + "/chat/completions", request);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("1");
            // the connection closes before the last chunk: the client sees a broken body, never [DONE]
            assertThatThrownBy(() -> Http.post(stub.baseUrl() + "/chat/completions", request))
                    .isInstanceOf(IOException.class);
            assertThat(Http.post(stub.baseUrl() + "/chat/completions", request).body()).contains("[DONE]");
        }
    }
}
