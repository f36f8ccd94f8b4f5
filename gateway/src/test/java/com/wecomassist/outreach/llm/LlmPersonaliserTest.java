package com.wecomassist.outreach.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.wecomassist.draft.LlmSettings;
import com.wecomassist.draft.openai.OpenAiChatClient;
import com.wecomassist.outreach.Personaliser;
import com.wecomassist.strategy.Strategy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/** The model's words, used only when they keep the slots and the risk disclosure; what leaves the bank. */
class LlmPersonaliserTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PATH = "/v1/chat/completions";
    private static final Strategy.Message MESSAGE = new Strategy.Message(
            "{{称呼}}好，我是{{员工}}。看到您近期有资金到账，如需了解理财安排，回复我即可。理财非存款，产品有风险，投资须谨慎。",
            "更亲切一些", null);

    WireMockServer llm;
    OpenAiChatClient client;
    LlmPersonaliser personaliser;

    @BeforeEach
    void start() {
        llm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        llm.start();
        LlmSettings settings = new LlmSettings(llm.baseUrl() + "/v1");
        settings.stream = false;
        settings.maxRetries = 0;
        var properties = settings.build();
        client = new OpenAiChatClient(WebClient.builder(), properties, OpenAiChatClient.breaker(properties),
                new SimpleMeterRegistry(), Clock.systemUTC());
        personaliser = new LlmPersonaliser(client, "stub-model");
    }

    @AfterEach
    void stop() {
        client.close();
        llm.stop();
    }

    private void answers(String text) {
        String content = JSON.writeValueAsString(Map.of("text", text));
        llm.stubFor(post(urlPathEqualTo(PATH)).willReturn(okJson(JSON.writeValueAsString(Map.of("id", "c1",
                "object", "chat.completion", "model", "stub-model", "choices", List.of(Map.of("index", 0,
                        "message", Map.of("role", "assistant", "content", content), "finish_reason", "stop")))))));
    }

    @Test
    void wordsThatKeepTheSlotsAndTheDisclosureAreUsedAndOnlyNamesLeaveTheBank() {
        String better = "{{称呼}}好呀，我是您的客户经理{{员工}}～注意到您最近有一笔资金到账，想聊聊怎么安排的话随时回我。理财非存款，产品有风险，投资须谨慎。";
        answers(better);
        Personaliser.Words words = personaliser.personalise(MESSAGE, Set.of("amount", "direction")).block(WAIT);
        assertThat(words.template()).isEqualTo(better);
        assertThat(words.by()).isEqualTo("llm:stub-model");
        assertThat(words.prompt()).isEqualTo(LlmPersonaliser.PROMPT);
        String sent = llm.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(sent).contains("更亲切一些").contains("amount").contains("{{员工}}");
        llm.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void wordsThatDropTheDisclosureOrASlotOrAddOneAreNotUsed() {
        answers("{{称呼}}好，我是{{员工}}，这款理财收益不错，回复我了解。");
        assertThat(personaliser.personalise(MESSAGE, Set.of()).block(WAIT).by())
                .isEqualTo("template (llm: the risk disclosure changed)");
        llm.resetAll();
        answers("您好，我是客户经理。看到您近期有资金到账，回复我即可。理财非存款，产品有风险，投资须谨慎。");
        Personaliser.Words dropped = personaliser.personalise(MESSAGE, Set.of()).block(WAIT);
        assertThat(dropped.by()).isEqualTo("template (llm: a slot left out)");
        assertThat(dropped.template()).isEqualTo(MESSAGE.template());
        llm.resetAll();
        answers("{{称呼}}好，我是{{员工}}，{{客户手机号}}。理财非存款，产品有风险，投资须谨慎。");
        assertThat(personaliser.personalise(MESSAGE, Set.of()).block(WAIT).by())
                .isEqualTo("template (llm: a slot the words did not have)");
    }

    @Test
    void aModelThatFailsLeavesTheWordsAsWrittenAndWithoutAPromptNoModelIsAsked() {
        llm.stubFor(post(urlPathEqualTo(PATH)).willReturn(serverError()));
        Personaliser.Words failed = personaliser.personalise(MESSAGE, Set.of()).block(WAIT);
        assertThat(failed.template()).isEqualTo(MESSAGE.template());
        assertThat(failed.by()).startsWith("template (llm: ");
        llm.resetAll();
        Personaliser.Words plain = personaliser.personalise(new Strategy.Message(MESSAGE.template(), null, null), Set.of())
                .block(WAIT);
        assertThat(plain.by()).isEqualTo("template");
        assertThat(llm.getAllServeEvents()).isEmpty();
    }
}
