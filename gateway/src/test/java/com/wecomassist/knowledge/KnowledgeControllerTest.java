package com.wecomassist.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.testing.Staff;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The knowledge-base REST API on the embedded defaults (in memory, seeded with the sample). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class KnowledgeControllerTest {

    @Autowired
    WebTestClient anonymous;
    /** Reads as alice (AGENT, CONTENT_EDITOR); edits name their editor explicitly. */
    WebTestClient web;

    @BeforeEach
    void login() {
        web = anonymous.mutate().defaultHeaders(Staff.as("alice")).build();
    }

    private static String fresh() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createUpdateSubmitPublishThenSearchRanksItFirst() {
        String id = fresh();
        web.post().uri("/api/kb/entries").headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "question", "数字人民币钱包怎么开通？", "answer", "草稿答案。",
                        "category", "数字人民币", "status", "published"))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Location", "/api/kb/entries/" + id)
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.version").isEqualTo(1)
                .jsonPath("$.status").isEqualTo("draft")
                .jsonPath("$.updatedBy").isEqualTo("alice");

        web.put().uri("/api/kb/entries/{id}", id).headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", 1, "question", "数字人民币钱包怎么开通？",
                        "variants", java.util.List.of("怎么开数字人民币钱包", "e-CNY钱包如何开立"),
                        "answer", "下载数字人民币App，选择本行，按提示完成实名认证即可开通钱包。", "category", "数字人民币"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(2).jsonPath("$.status").isEqualTo("draft");

        // not served yet: a draft never answers customers
        web.get().uri("/api/kb/entries/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.latest.version").isEqualTo(2).jsonPath("$.served").isEmpty()
                .jsonPath("$.history.length()").isEqualTo(2);

        transition(id, "submit", 2, "alice").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("in_review");
        transition(id, "publish", 3, "bob").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("published").jsonPath("$.version").isEqualTo(4)
                .jsonPath("$.updatedBy").isEqualTo("bob");

        web.get().uri(b -> b.path("/api/kb/search").queryParam("q", "我想开个数字人民币钱包").queryParam("k", "3").build())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.ranked[0].entry.id").isEqualTo(id)
                .jsonPath("$.ranked[0].entry.version").isEqualTo(4)
                .jsonPath("$.ranked[0].score").isNumber()
                .jsonPath("$.ranked[0].lexical").isNumber()
                .jsonPath("$.ranked[0].cosine").isNumber()
                .jsonPath("$.ranked[0].matchedPhrasing").isNotEmpty()
                .jsonPath("$.ranked[0].contradiction").isEqualTo(false)
                .jsonPath("$.confidence").isNumber()
                .jsonPath("$.features").exists()
                .jsonPath("$.ranked.length()").isEqualTo(3);

        web.get().uri("/api/kb/entries/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.served.version").isEqualTo(4).jsonPath("$.history.length()").isEqualTo(4);
        web.get().uri(b -> b.path("/api/kb/entries").queryParam("status", "published").queryParam("q", "数字人民币").build())
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.id == '%s')].version".formatted(id)).isEqualTo(4);

        transition(id, "archive", 4, "bob").expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("archived");
        web.get().uri(b -> b.path("/api/kb/search").queryParam("q", "我想开个数字人民币钱包").build())
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.ranked[?(@.entry.id == '%s')]".formatted(id)).doesNotExist();
    }

    @Test
    void aStaleVersionIsRefusedWith409AndAClearMessage() {
        String id = fresh();
        create(id);
        web.put().uri("/api/kb/entries/{id}", id).headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", 1, "question", "问题？", "answer", "第二版。"))
                .exchange().expectStatus().isOk();
        // bob still has version 1 open
        web.put().uri("/api/kb/entries/{id}", id).headers(Staff.as("bob")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", 1, "question", "问题？", "answer", "bob 的版本。"))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.reason").isEqualTo("STALE_VERSION")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("version 2, not 1")
                        .contains("reload"));
        transition(id, "submit", 1, "bob").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("STALE_VERSION");
        // a transition the lifecycle does not allow: only reviewed content is published
        transition(id, "publish", 2, "bob").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_ALLOWED")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("in_review"));
        web.post().uri("/api/kb/entries").headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "question", "问题？", "answer", "答案。"))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("ALREADY_EXISTS");
    }

    @Test
    void aBadImportListsItsRowErrorsAndImportsNothing() {
        String good = fresh();
        String alsoGood = fresh();
        String jsonl = """
                {"id": "%s", "question": "好的问题？", "answer": "好的答案。"}
                {"id": "bad-1", "question": "没有答案的问题？"}
                this is not json
                {"id": "%s", "question": "另一个好问题？", "answer": "答案。", "effectiveFrom": "2026-13-45"}
                """.formatted(good, alsoGood);
        web.post().uri("/api/kb/import").headers(Staff.as("alice")).contentType(MediaType.TEXT_PLAIN)
                .bodyValue(jsonl)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.reason").isEqualTo("INVALID_ROWS")
                .jsonPath("$.errors.length()").isEqualTo(3)
                .jsonPath("$.errors[0].line").isEqualTo(2)
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("answer"))
                .jsonPath("$.errors[1].line").isEqualTo(3)
                .jsonPath("$.errors[2].line").isEqualTo(4);
        web.get().uri("/api/kb/entries/{id}", good).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_ENTRY");

        String csv = "id,question,answer,category\n" + good + ",\"CSV 导入的问题, 带逗号？\",CSV 的答案。,测试\n";
        web.post().uri("/api/kb/import").headers(Staff.as("alice")).contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.created").isEqualTo(1).jsonPath("$.updated").isEqualTo(0);
        web.get().uri("/api/kb/entries/{id}", good).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.latest.question").isEqualTo("CSV 导入的问题, 带逗号？")
                .jsonPath("$.latest.status").isEqualTo("draft");
        String exported = web.get().uri("/api/kb/export?format=csv").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(exported).startsWith("id,question,variants,answer").contains(good).contains("demo-001");
    }

    @Test
    void editsWithoutLoginAre401AndBlankOrInvalidInputAre400NeverA500() {
        anonymous.post().uri("/api/kb/entries").header("X-Agent-Id", "alice").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", fresh(), "question", "问题？", "answer", "答案。"))
                .exchange().expectStatus().isUnauthorized();
        anonymous.post().uri("/api/kb/entries/demo-001/archive?version=1").exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/kb/import").contentType(MediaType.TEXT_PLAIN).bodyValue("{}")
                .exchange().expectStatus().isBadRequest();

        web.post().uri("/api/kb/entries").headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\": \"x\", \"question\": \"问题？\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_ENTRY")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("answer"));
        web.post().uri("/api/kb/entries").headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_ENTRY");
        web.post().uri("/api/kb/entries").headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("EMPTY_BODY");
        web.post().uri("/api/kb/entries").headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", "has space", "question", "问题？", "answer", "答案。"))
                .exchange().expectStatus().isBadRequest();
        web.put().uri("/api/kb/entries/demo-001").headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", "问题？", "answer", "答案。"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_VERSION");
        web.put().uri("/api/kb/entries/demo-001").headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", "abc", "question", "问题？", "answer", "答案。"))
                .exchange().expectStatus().isBadRequest();
        web.post().uri("/api/kb/entries/demo-001/publish").headers(Staff.as("alice"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_VERSION");
        web.post().uri("/api/kb/entries/nope-404/publish?version=1").headers(Staff.as("alice"))
                .exchange().expectStatus().isNotFound();

        web.get().uri("/api/kb/search?q=").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_QUERY");
        web.get().uri("/api/kb/search?q=挂失&k=0").exchange().expectStatus().isBadRequest();
        web.get().uri("/api/kb/search?q=挂失&k=many").exchange().expectStatus().isBadRequest();
        web.get().uri("/api/kb/entries?status=live").exchange().expectStatus().isBadRequest();
        web.get().uri("/api/kb/export?format=xml").exchange().expectStatus().isBadRequest();
        web.post().uri("/api/kb/import").headers(Staff.as("alice")).contentType(MediaType.TEXT_PLAIN)
                .bodyValue("   ").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("EMPTY_BODY");
    }

    private void create(String id) {
        web.post().uri("/api/kb/entries").headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "question", "问题？", "answer", "答案。"))
                .exchange().expectStatus().isCreated();
    }

    private WebTestClient.ResponseSpec transition(String id, String action, long version, String agent) {
        return web.post().uri("/api/kb/entries/{id}/{action}?version={v}", id, action, version)
                .headers(Staff.as(agent))
                .exchange();
    }
}
