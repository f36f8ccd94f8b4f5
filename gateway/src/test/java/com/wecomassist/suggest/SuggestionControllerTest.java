package com.wecomassist.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import com.wecomassist.testing.Staff;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Account managers' suggestions, from the project's sample knowledge base and the KB drafter. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class SuggestionControllerTest {

    @Autowired
    WebTestClient web;

    @Test
    void upToThreeCompliantRepliesWithTheirSourcesBestFirst() {
        web.post().uri("/api/suggestions").headers(Staff.as("mia")).bodyValue(Map.of("question", "手机银行转账限额是多少？"))
                .exchange().expectStatus().isOk()
                .expectBody(SuggestionDesk.Suggestions.class).value(answer -> {
                    assertThat(answer.suggestions()).hasSizeBetween(1, 3);
                    assertThat(answer.suggestions().get(0).source().entryId()).isEqualTo("demo-016");
                    assertThat(answer.suggestions().get(0).text()).contains("单日20万元");
                    assertThat(answer.suggestions().get(0).confidence()).isEqualTo(answer.confidence());
                    assertThat(answer.suggestions()).extracting(SuggestionDesk.Suggestion::verdict)
                            .doesNotContain("BLOCK");
                    assertThat(answer.suggestions().stream().map(s -> s.source().entryId()).distinct().count())
                            .isEqualTo(answer.suggestions().size());
                });
    }

    @Test
    void personalDataInTheQuestionIsMaskedBeforeSearching() {
        web.post().uri("/api/suggestions").headers(Staff.as("mia")).bodyValue(Map.of("question", "客户手机13812345678，问怎么开通手机银行"))
                .exchange().expectStatus().isOk()
                .expectBody(SuggestionDesk.Suggestions.class)
                .value(answer -> assertThat(answer.question()).doesNotContain("13812345678"));
    }

    @Test
    void aMissingQuestionIs400() {
        web.post().uri("/api/suggestions").headers(Staff.as("mia")).bodyValue(Map.of("question", "")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("MISSING_QUESTION");
        web.post().uri("/api/suggestions").headers(Staff.as("mia")).bodyValue(List.of()).exchange().expectStatus().isBadRequest();
    }
}
