package com.wecomassist.comply;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.wecomassist.AssistApplication;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Layer;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.draft.openai.OpenAiChatClient;
import com.wecomassist.testing.OwnNettyResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * With a model configured the judge is on without further setting, asks through the drafter's
 * client (one bean), and its hit cites the category's legal basis from the exemplars in force.
 */
@ExtendWith(OutputCaptureExtension.class)
class ComplianceJudgeConfigurationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void withAModelTheJudgeIsOnAndItsHitCitesTheCategorysBasis(CapturedOutput output) {
        WireMockServer llm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        llm.start();
        try {
            String opinion = JSON.writeValueAsString(Map.of("violation", true, "category", "superlative",
                    "reason", "“行业第一”是绝对化用语"));
            llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(JSON.writeValueAsString(Map.of(
                    "model", "deepseek-chat", "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", opinion))))))));
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AssistApplication.class,
                    OwnNettyResources.class).properties("server.port=0",
                    "assist.llm.base-url=" + llm.baseUrl() + "/v1", "assist.llm.model=deepseek-chat",
                    "assist.llm.stream=false", "assist.llm.first-token-timeout=30s", "assist.llm.total-timeout=60s",
                    "assist.compliance.judge.timeout=60s").run()) {
                LayeredComplianceReview review = context.getBean(LayeredComplianceReview.class);
                assertThat(review.judging()).isTrue();
                assertThat(context.getBeansOfType(OpenAiChatClient.class)).hasSize(1);
                assertThat(output).contains("Compliance: LLM judge on (model deepseek-chat, prompts "
                        + "compliance-judge@1+compliance-judge-text@1");

                Verdict v = review.check("这是我们行业第一的理财，您可以了解一下。", TextKind.AI_DRAFT)
                        .block(Duration.ofSeconds(90));

                assertThat(v.action()).isEqualTo(Action.REVIEW);
                Hit judged = v.hits().stream().filter(h -> h.ruleId().equals("llm.superlative")).findFirst().orElseThrow();
                assertThat(judged.legalBasis()).as("from the superlative exemplars or rules").contains("广告法");
                assertThat(llm.countRequestsMatching(postRequestedFor(urlPathEqualTo("/v1/chat/completions")).build())
                        .getCount()).isEqualTo(1);
                assertThat(v.decidedBy()).isIn(Layer.RULES, Layer.SEMANTIC);
            }
        } finally {
            llm.stop();
        }
    }
}
