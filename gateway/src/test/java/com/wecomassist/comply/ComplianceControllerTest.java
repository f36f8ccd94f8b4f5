package com.wecomassist.comply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import com.wecomassist.testing.Staff;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class ComplianceControllerTest {

    @Autowired
    WebTestClient web;

    @Test
    void listsThePacksInForceWithTheirRules() {
        web.get().uri("/api/compliance/packs").headers(Staff.as("cora")).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].id").isNotEmpty()
                .jsonPath("$[0].version").isNotEmpty()
                .jsonPath("$[0].rules[?(@.id == 'return-promise.guarantee')].action").isEqualTo("BLOCK");
    }

    @Test
    void checksAnyTextAndSaysWhereEachRuleMatched() {
        String text = "这款理财稳赚不赔。";
        web.post().uri("/api/compliance/check").headers(Staff.as("cora")).bodyValue(Map.of("text", text)).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.action").isEqualTo("BLOCK")
                .jsonPath("$.decidedBy").isEqualTo("RULES")
                .jsonPath("$.maySendWithoutReview").isEqualTo(false)
                .jsonPath("$.hits[0].ruleId").isEqualTo("return-promise.guarantee")
                .jsonPath("$.hits[0].layer").isEqualTo("RULES")
                .jsonPath("$.hits[0].category").isEqualTo("return-promise")
                .jsonPath("$.hits[0].start").isEqualTo(text.indexOf("稳赚"))
                .jsonPath("$.hits[0].legalBasis").isNotEmpty();
        web.post().uri("/api/compliance/check").headers(Staff.as("cora")).bodyValue(Map.of("text", "您好，网点工作日9:00至17:00营业。"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.action").isEqualTo("PASS").jsonPath("$.hits").isEmpty()
                .jsonPath("$.decidedBy").isEqualTo("NONE").jsonPath("$.lowMargin").isBoolean();
    }

    @Test
    void aViolationNoRuleListsIsHeldByTheSemanticLayerWithItsNearestExemplars() {
        // no rule term, no pattern: a personal claim of never losing, which the exemplars teach
        web.post().uri("/api/compliance/check").headers(Staff.as("cora"))
                .bodyValue(Map.of("text", "这个理财我自己也买了，三年没亏过一分钱。", "kind", "ai-draft"))
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.action").isEqualTo("REVIEW")
                .jsonPath("$.decidedBy").isEqualTo("SEMANTIC")
                .jsonPath("$.hits[0].layer").isEqualTo("SEMANTIC")
                .jsonPath("$.hits[0].ruleId").isEqualTo("semantic.return-promise")
                .jsonPath("$.hits[0].category").isEqualTo("return-promise")
                .jsonPath("$.hits[0].explanation").value(e -> assertThat(e.toString()).contains("像："))
                .jsonPath("$.hits[0].legalBasis").isNotEmpty()
                .jsonPath("$.hits[0].nearest[0].text").isNotEmpty()
                .jsonPath("$.hits[0].nearest[0].similarity").isNumber()
                .jsonPath("$.hits[0].nearest[?(@.label == 'VIOLATION')].category").value(c ->
                        assertThat(c.toString()).contains("return-promise"));
    }

    @Test
    void aCustomersTextIsMaskedAndTheKindMatters() {
        web.post().uri("/api/compliance/check").headers(Staff.as("cora")).bodyValue(Map.of("text", "我的手机13812345678", "kind", "customer-message"))
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).value(answer -> assertThat(answer.get("text").toString())
                        .doesNotContain("13812345678"));
    }

    @Test
    void badInputIs400WithAReason() {
        web.post().uri("/api/compliance/check").headers(Staff.as("cora")).bodyValue(Map.of("text", " ")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("MISSING_TEXT");
        web.post().uri("/api/compliance/check").headers(Staff.as("cora")).bodyValue(Map.of("text", "你好", "kind", "poem")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_KIND");
        web.post().uri("/api/compliance/check").headers(Staff.as("cora")).bodyValue(Map.of("text", "字".repeat(20_001))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("TOO_LONG");
    }
}
