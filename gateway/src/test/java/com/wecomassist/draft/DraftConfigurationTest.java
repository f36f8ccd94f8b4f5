package com.wecomassist.draft;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.wecomassist.AssistApplication;
import com.wecomassist.testing.OwnNettyResources;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** The drafter is chosen by configuration, said at startup, and bad LLM settings stop the gateway. */
@ExtendWith(OutputCaptureExtension.class)
class DraftConfigurationTest {

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class)
                .properties("server.port=0")
                .properties(properties)
                .run();
    }

    private static Draft draft(ConfigurableApplicationContext context) {
        return context.getBean(Drafter.class).draft(Sources.ask("信用卡年费怎么收？", Sources.CARD_FEES))
                .block(Duration.ofSeconds(10));
    }

    @Test
    void withoutAnLlmTheKbDrafterAnswersAndTheLogSaysSo(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start()) {
            Draft d = draft(context);
            assertThat(d.drafter()).isEqualTo(DrafterKind.KB_TEMPLATE);
            assertThat(d.text()).isEqualTo(Sources.CREDIT_CARD_FEE_KB_REPLY);
            assertThat(d.fallback()).isEmpty();
            assertThat(output).contains("Drafting: no LLM configured (assist.llm.base-url / ASSIST_LLM_BASE_URL is empty)");
            assertThat(context.getBean(MeterRegistry.class).counter("assist.draft.drafts", "drafter", "kb-template",
                    "kind", "answer").count()).isEqualTo(1.0);
        }
    }

    @Test
    void withAnLlmTheModelDraftsAndTheLogSaysWhich(CapturedOutput output) {
        WireMockServer llm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        llm.start();
        try {
            String content = JsonMapper.builder().build().writeValueAsString(Map.of("status", "answer",
                    "answer", "信用卡首年免年费。", "used_entry_ids", new String[] {"kb-101"}));
            llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(JsonMapper.builder().build().writeValueAsString(Map.of("model", "deepseek-chat",
                            "choices", new Object[] {Map.of("index", 0, "finish_reason", "stop",
                                    "message", Map.of("role", "assistant", "content", content))})))));
            try (ConfigurableApplicationContext context = start("assist.llm.base-url=" + llm.baseUrl() + "/v1",
                    "assist.llm.api-key=sk-secret-value", "assist.llm.model=deepseek-chat", "assist.llm.stream=false")) {
                Draft d = draft(context);
                assertThat(d.drafter()).isEqualTo(DrafterKind.LLM);
                assertThat(d.model()).isEqualTo("deepseek-chat");
                assertThat(d.text()).isEqualTo("信用卡首年免年费。");
                assertThat(output).contains("Drafting: model deepseek-chat at " + llm.baseUrl() + "/v1/chat/completions")
                        .contains("API key set").doesNotContain("sk-secret-value");
            }
        } finally {
            llm.stop();
        }
    }

    @Test
    void aBaseUrlWithoutAModelIsRefused() {
        assertThatThrownBy(() -> start("assist.llm.base-url=https://api.deepseek.com/v1").close())
                .hasStackTraceContaining("assist.llm.model (ASSIST_LLM_MODEL) is empty");
    }

    @Test
    void aMisspelledLlmSettingIsRefused() {
        assertThatThrownBy(() -> start("assist.llm.first-token-timout=5s").close())
                .hasStackTraceContaining("first-token-timout");
    }

    @Test
    void aBaseUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> start("assist.llm.base-url=ftp://model", "assist.llm.model=m").close())
                .hasStackTraceContaining("assist.llm.base-url must be an http(s) URL");
    }
}
