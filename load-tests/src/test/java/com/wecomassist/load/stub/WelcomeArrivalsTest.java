package com.wecomassist.load.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WelcomeArrivalsTest {

    private final WelcomeArrivals arrivals = new WelcomeArrivals(Duration.ofSeconds(20));

    @Test
    void recordsTheFirstArrivalOfEachCodeWithItsLatencyAndRefusesTheSecond() {
        String code = WelcomeArrivals.code(1_000_000L, 1);
        assertThat(errcode(arrivals.send(welcome(code, "欢迎"), 1_000_450L))).isZero();
        assertThat(errcode(arrivals.send(welcome(code, "欢迎"), 1_000_900L))).isEqualTo(41051);
        List<WelcomeArrivals.Arrival> recorded = arrivals.arrivals(0);
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).code()).isEqualTo(code);
        assertThat(recorded.get(0).latencyMillis()).isEqualTo(450);
        assertThat(recorded.get(0).errcode()).isZero();
        assertThat(recorded.get(0).textBytes()).isEqualTo(6);
        assertThat(arrivals.stats()).containsEntry("welcomes", 1).containsEntry("duplicates", 1L);
    }

    @Test
    void aWelcomeAfterTheCodesTwentySecondsIsRefusedAsWecomDoesAndRecordedAsLate() {
        String code = WelcomeArrivals.code(5_000L, 2);
        assertThat(errcode(arrivals.send(welcome(code, "欢迎"), 5_000L + 20_000L))).isZero(); // the last millisecond
        String late = WelcomeArrivals.code(5_000L, 3);
        assertThat(errcode(arrivals.send(welcome(late, "欢迎"), 5_000L + 20_001L))).isEqualTo(41050);
        assertThat(errcode(arrivals.send(welcome(late, "欢迎"), 5_000L + 20_002L))).isEqualTo(41050);
        WelcomeArrivals.Arrival recorded = arrivals.arrivals(0).stream().filter(a -> a.code().equals(late)).findFirst()
                .orElseThrow();
        assertThat(recorded.errcode()).isEqualTo(41050);
        assertThat(recorded.latencyMillis()).isEqualTo(20_001);
        assertThat(arrivals.stats()).containsEntry("late", 1L);
    }

    @Test
    void refusesACodeItDidNotMakeAMissingCodeAndAnEmptyWelcome() {
        assertThat(errcode(arrivals.send(welcome("someone-elses", "欢迎"), 1L))).isEqualTo(41050);
        assertThat(errcode(arrivals.send(Json.tree("{\"text\":{\"content\":\"欢迎\"}}"), 1L))).isEqualTo(41049);
        assertThat(errcode(arrivals.send(welcome(WelcomeArrivals.code(1L, 9), ""), 2L))).isEqualTo(40058);
        assertThat(arrivals.arrivals(0)).isEmpty();
        assertThat(arrivals.stats()).containsEntry("unknown_codes", 1L).containsEntry("refused", 1L);
    }

    @Test
    void listsArrivalsByPostingTimeFromTheTimeAskedFor() {
        arrivals.send(welcome(WelcomeArrivals.code(3_000L, 1), "a"), 3_100L);
        arrivals.send(welcome(WelcomeArrivals.code(1_000L, 2), "b"), 3_200L);
        arrivals.send(welcome(WelcomeArrivals.code(2_000L, 3), "c"), 3_300L);
        assertThat(arrivals.arrivals(0)).extracting(WelcomeArrivals.Arrival::postedMillis)
                .containsExactly(1_000L, 2_000L, 3_000L);
        assertThat(arrivals.arrivals(2_000L)).hasSize(2);
    }

    @Test
    void theStubRecordsWelcomesSentOverHttp() throws Exception {
        try (WecomApiStub stub = new WecomApiStub("127.0.0.1", 0)) {
            long posted = System.currentTimeMillis();
            String code = WelcomeArrivals.code(posted, 1);
            JsonNode answer = Http.postJson(stub.baseUrl() + "/cgi-bin/externalcontact/send_welcome_msg?access_token=t",
                    "{\"welcome_code\":\"" + code + "\",\"text\":{\"content\":\"您好，我是您的客户经理\"}}");
            assertThat(answer.path("errcode").asInt()).isZero();
            JsonNode again = Http.postJson(stub.baseUrl() + "/cgi-bin/externalcontact/send_welcome_msg?access_token=t",
                    "{\"welcome_code\":\"" + code + "\",\"text\":{\"content\":\"您好\"}}");
            assertThat(again.path("errcode").asInt()).isEqualTo(41051);
            JsonNode recorded = Http.getJson(stub.baseUrl() + "/_load/welcomes?since_ms=" + posted);
            assertThat(recorded).hasSize(1);
            assertThat(recorded.path(0).path("code").asText()).isEqualTo(code);
            assertThat(recorded.path(0).path("arrivedMillis").asLong()).isGreaterThanOrEqualTo(posted);
            assertThat(Http.getJson(stub.baseUrl() + "/_load/stats").path("welcome").path("welcomes").asInt()).isEqualTo(1);
        }
    }

    private static JsonNode welcome(String code, String text) {
        return Json.tree(Json.string(Map.of("welcome_code", code, "text", Map.of("content", text))));
    }

    private static int errcode(Map<String, Object> answer) {
        return ((Number) answer.get("errcode")).intValue();
    }
}
