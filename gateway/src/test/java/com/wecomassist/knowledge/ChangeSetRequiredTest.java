package com.wecomassist.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code assist.kb.regression.required}: content goes on air only through a measured change set.
 * A context of its own: publishing a change set takes every entry in review.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=change-set-required", "assist.kb.regression.required=true"})
@AutoConfigureWebTestClient(timeout = "60s")
class ChangeSetRequiredTest {

    @Autowired
    WebTestClient web;

    @Test
    void oneEntryCannotBePublishedOnItsOwnButItsChangeSetCan() {
        String id = "req-" + UUID.randomUUID().toString().substring(0, 8);
        web.post().uri("/api/kb/entries").headers(Staff.as("ed")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "question", "网点周末营业吗？", "answer", "部分网点周末营业，请在手机银行查询网点营业时间。"))
                .exchange().expectStatus().isCreated();
        web.post().uri("/api/kb/entries/{id}/submit?version=1", id).headers(Staff.as("ed")).exchange()
                .expectStatus().isOk();
        web.get().uri("/api/kb/change-sets/current").headers(Staff.as("ed")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.required").isEqualTo(true);

        web.post().uri("/api/kb/entries/{id}/publish?version=2", id).headers(Staff.as("ed")).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("CHANGE_SET_REQUIRED")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains(id, "change set"));
        assertThat(entry(id).get("served")).isNull();

        Map<String, Object> started = web.post().uri("/api/kb/change-sets/evaluations").headers(Staff.as("ed"))
                .exchange().expectStatus().isAccepted()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        String evaluation = (String) started.get("id");
        await().atMost(Duration.ofSeconds(180)).until(() -> "DONE".equals(web.get()
                .uri("/api/kb/change-sets/evaluations/{id}", evaluation).headers(Staff.as("ed")).exchange()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult()
                .getResponseBody().get("state")));
        web.post().uri("/api/kb/change-sets/publish").headers(Staff.as("ed")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("evaluationId", evaluation)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.published[0]").isEqualTo(id + "@3");
        assertThat(entry(id).get("served")).isNotNull();

        // taking content off air stays open: an expired rate must not wait for an evaluation
        web.post().uri("/api/kb/entries/{id}/archive?version=3", id).headers(Staff.as("ed")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("archived");
    }

    @Test
    void anImportMayBringDraftsAndReviewsButNothingPublished() {
        String published = "req-" + UUID.randomUUID().toString().substring(0, 8);
        String drafted = "req-" + UUID.randomUUID().toString().substring(0, 8);
        String file = "{\"id\":\"" + drafted + "\",\"question\":\"存折丢了怎么办？\",\"answer\":\"请携带身份证到网点办理挂失。\"}\n"
                + "{\"id\":\"" + published + "\",\"question\":\"外汇牌价在哪看？\",\"answer\":\"手机银行首页“外汇”栏目可查牌价。\","
                + "\"status\":\"published\"}\n";
        web.post().uri("/api/kb/import").headers(Staff.as("ed")).contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(file).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("CHANGE_SET_REQUIRED")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("1 rows", published));
        web.get().uri("/api/kb/entries/{id}", drafted).headers(Staff.as("ed")).exchange().expectStatus().isNotFound();

        web.post().uri("/api/kb/import").headers(Staff.as("ed")).contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(file.replace("\"published\"", "\"draft\"")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.created").isEqualTo(2);

        // an export imported again changes nothing, its published rows included: not refused
        String export = web.get().uri("/api/kb/export").headers(Staff.as("ed")).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(export).contains("\"status\":\"published\"");
        web.post().uri("/api/kb/import").headers(Staff.as("ed")).contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(export).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.created").isEqualTo(0).jsonPath("$.updated").isEqualTo(0);
    }

    private Map<String, Object> entry(String id) {
        return web.get().uri("/api/kb/entries/{id}", id).headers(Staff.as("ed")).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }
}
