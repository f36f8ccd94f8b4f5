package com.wecomassist.load.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionsStubTest {

    private static final String REQUEST = "{\"model\":\"m\",\"stream\":%s,\"messages\":["
            + "{\"role\":\"system\",\"content\":\"rules\"},"
            + "{\"role\":\"user\",\"content\":\"<资料 编号=\\\"kb-101\\\">\\n答案\\n</资料>\\n<资料 编号=\\\"kb-7\\\">x</资料>\"}]}";

    @Test
    void streamsAnSseAnswerTheDrafterAccepts() throws Exception {
        try (ChatCompletionsStub stub = new ChatCompletionsStub("127.0.0.1", 0,
                new LlmStubSettings(Duration.ofMillis(300), 0, Duration.ofMillis(600), 0))) {
            long start = System.nanoTime();
            HttpResponse<String> r = Http.post(stub.baseUrl() + "/chat/completions", REQUEST.formatted("true"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(tookMs).isGreaterThanOrEqualTo(600);

            List<String> events = new ArrayList<>();
            for (String block : r.body().split("\n\n")) {
                assertThat(block).startsWith("data: ");
                events.add(block.substring("data: ".length()));
            }
            assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
            StringBuilder content = new StringBuilder();
            String finish = null;
            for (String e : events.subList(0, events.size() - 1)) {
                JsonNode chunk = Json.tree(e);
                assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
                JsonNode choice = chunk.path("choices").path(0);
                content.append(choice.path("delta").path("content").asText(""));
                if (!choice.path("finish_reason").isNull()) {
                    finish = choice.path("finish_reason").asText();
                }
            }
            assertThat(Json.tree(events.get(0)).path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
            assertThat(finish).isEqualTo("stop");
            JsonNode answer = Json.tree(content.toString());
            assertThat(answer.path("status").asText()).isEqualTo("answer");
            assertThat(answer.path("used_entry_ids").toString()).isEqualTo("[\"kb-101\"]");
            assertThat(answer.path("answer").asText()).isEqualTo(ChatCompletionsStub.ANSWER).doesNotContainPattern("[0-9０-９%]");
            assertThat(stub.stats()).containsEntry("requests", 1L).containsEntry("streamed", 1L);
        }
    }

    @Test
    void answersPlainJsonAfterTheTotalLatencyWhenNotStreaming() throws Exception {
        try (ChatCompletionsStub stub = new ChatCompletionsStub("127.0.0.1", 0, LlmStubSettings.fixed(Duration.ofMillis(250)))) {
            long start = System.nanoTime();
            HttpResponse<String> r = Http.post(stub.baseUrl() + "/chat/completions", REQUEST.formatted("false"));
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
            JsonNode body = Json.tree(r.body());
            assertThat(body.path("object").asText()).isEqualTo("chat.completion");
            assertThat(body.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
            JsonNode answer = Json.tree(body.path("choices").path(0).path("message").path("content").asText());
            assertThat(answer.path("used_entry_ids").path(0).asText()).isEqualTo("kb-101");
        }
    }

    @Test
    void failsTheConfiguredShareOfRequests() throws Exception {
        try (ChatCompletionsStub stub = new ChatCompletionsStub("127.0.0.1", 0,
                new LlmStubSettings(Duration.ZERO, 0, Duration.ZERO, 1.0))) {
            HttpResponse<String> r = Http.post(stub.baseUrl() + "/chat/completions", REQUEST.formatted("true"));
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(stub.stats()).containsEntry("failed", 1L);
        }
    }

    @Test
    void spreadsChunksByTokenRateAndTotalLatency() {
        LlmStubSettings byRate = new LlmStubSettings(Duration.ofMillis(100), 10, Duration.ZERO, 0);
        assertThat(byRate.chunkAtNanos(0, 5)).isEqualTo(100_000_000L);
        assertThat(byRate.chunkAtNanos(4, 5)).isEqualTo(500_000_000L);
        LlmStubSettings byTotal = new LlmStubSettings(Duration.ofMillis(100), 0, Duration.ofMillis(1500), 0);
        assertThat(byTotal.chunkAtNanos(4, 5)).isEqualTo(1_500_000_000L);
        assertThat(byTotal.chunkAtNanos(2, 5)).isEqualTo(800_000_000L);
    }

    @Test
    void handsOffWhenNoEntryWasGiven() {
        assertThat(Json.tree(ChatCompletionsStub.modelAnswer(List.of())).path("status").asText()).isEqualTo("handoff");
    }
}
