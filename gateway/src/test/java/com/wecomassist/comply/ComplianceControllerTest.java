package com.wecomassist.comply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

    /**
     * Violations worded without the rule packs' terms. The packs keep learning phrasings, so the test
     * takes the first of them the rules let through and the semantic layer holds: at least one must be.
     */
    static final List<String> PARAPHRASES = List.of("这只基金我家里人都买了，闭着眼买就行。",
            "您别跟录像里说实话，就说自己懂风险就行。", "我们这边可以帮您把逾期记录处理干净，费用好商量。",
            "这个理财我自己也买了，三年没亏过一分钱。");

    @Test
    @SuppressWarnings("unchecked")
    void aViolationNoRuleListsIsHeldByTheSemanticLayerWithItsNearestExemplars() {
        Map<String, Object> held = null;
        for (String text : PARAPHRASES) {
            Map<String, Object> answer = web.post().uri("/api/compliance/check").headers(Staff.as("cora"))
                    .bodyValue(Map.of("text", text, "kind", "ai-draft")).exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            if ("SEMANTIC".equals(answer.get("decidedBy"))) {
                held = answer;
                break;
            }
        }
        assertThat(held).as("one of %s held by the semantic layer", PARAPHRASES).isNotNull();
        assertThat(held.get("action")).isEqualTo("REVIEW");
        Map<String, Object> hit = ((List<Map<String, Object>>) held.get("hits")).stream()
                .filter(h -> "SEMANTIC".equals(h.get("layer"))).findFirst().orElseThrow();
        assertThat(hit.get("ruleId").toString()).isEqualTo("semantic." + hit.get("category"));
        assertThat(hit.get("explanation").toString()).contains("像：");
        assertThat(hit.get("legalBasis").toString()).isNotBlank();
        assertThat((Number) hit.get("score")).isNotNull();
        List<Map<String, Object>> nearest = (List<Map<String, Object>>) hit.get("nearest");
        assertThat(nearest).isNotEmpty().allSatisfy(n -> {
            assertThat(n.get("text").toString()).isNotBlank();
            assertThat(n.get("label")).isIn("VIOLATION", "CLEAN");
            assertThat(n.get("similarity")).isInstanceOf(Number.class);
        });
        assertThat(nearest).anySatisfy(n -> assertThat(n.get("label")).isEqualTo("VIOLATION"));
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
