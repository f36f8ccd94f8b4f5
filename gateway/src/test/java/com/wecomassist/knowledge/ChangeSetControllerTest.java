package com.wecomassist.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Change-set publishing behind the regression gate, on the embedded defaults (the sample KB and its
 * 60 sample questions). A context of its own: publishing takes every entry in review, so no other
 * test class may leave entries in review here. Every test leaves nothing in review.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=change-set-api", "assist.kb.regression.max-accuracy-drop=0.02"})
@AutoConfigureWebTestClient(timeout = "60s")
class ChangeSetControllerTest {

    private static final Duration EVALUATION = Duration.ofSeconds(180);

    @Autowired
    WebTestClient web;

    private final ListAppender<ILoggingEvent> auditLines = new ListAppender<>();
    private final Logger auditLog = (Logger) LoggerFactory.getLogger(InMemoryAuditTrail.LOGGER);

    @BeforeEach
    void listenToTheAuditTrail() {
        auditLines.start();
        auditLog.addAppender(auditLines);
    }

    @AfterEach
    void publishWhateverIsLeftInReview() {
        auditLog.detachAppender(auditLines);
        if (!inReview().isEmpty()) {
            String id = evaluateAndWait();
            publish("ed", Map.of("evaluationId", id, "override", true, "reason", "测试清理")).expectStatus().isOk();
        }
    }

    @Test
    void onlyTheContentTeamAndAdministratorsMayUseChangeSets() {
        web.get().uri("/api/kb/change-sets/current").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/kb/change-sets/current").headers(Staff.as("cora")).exchange().expectStatus().isForbidden();
        web.post().uri("/api/kb/change-sets/evaluations").headers(Staff.as("mia")).exchange()
                .expectStatus().isForbidden();
        publish("cora", Map.of("evaluationId", "x")).expectStatus().isForbidden();
        web.get().uri("/api/kb/change-sets/current").headers(Staff.as("root")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.regressionQueries").isEqualTo(60).jsonPath("$.maxAccuracyDrop").isEqualTo(0.02);
        web.get().uri("/api/kb/change-sets/current").headers(Staff.as("ed")).exchange().expectStatus().isOk();
    }

    @Test
    void aDropBeyondTheMarginIsRefusedWithoutAnOverrideAndPublishedWithAReasonThatIsAudited() {
        // the card-loss answer rewritten into something unrelated: its sample questions break
        long version = latestVersion("demo-010");
        web.put().uri("/api/kb/entries/demo-010").headers(Staff.as("ed")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", version, "question", "外币现钞兑换需要预约吗？",
                        "variants", List.of("换美元要提前说吗"), "answer", "兑换外币现钞请提前一个工作日预约。",
                        "category", "外汇"))
                .exchange().expectStatus().isOk();
        submit("demo-010", version + 1);
        web.get().uri("/api/kb/change-sets/current").headers(Staff.as("ed")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.entries[0].id").isEqualTo("demo-010")
                .jsonPath("$.entries[0].version").isEqualTo(version + 2)
                .jsonPath("$.entries[0].servedVersion").isEqualTo(version);

        String id = evaluateAndWait();
        web.get().uri("/api/kb/change-sets/evaluations/{id}", id).headers(Staff.as("ed")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.state").isEqualTo("DONE")
                .jsonPath("$.progress").isEqualTo(1.0)
                .jsonPath("$.stage").isEqualTo("DONE")
                .jsonPath("$.startedBy").isEqualTo("ed")
                .jsonPath("$.result.before.queries").isEqualTo(60)
                .jsonPath("$.result.exceedsMargin").isEqualTo(true)
                .jsonPath("$.result.accuracyDrop").value(d -> assertThat(((Number) d).doubleValue()).isGreaterThan(0.02))
                .jsonPath("$.result.after.accuracyAt1").value(a -> assertThat(((Number) a).doubleValue()).isLessThan(1))
                .jsonPath("$.result.changed[0].change").isEqualTo("LOST")
                .jsonPath("$.result.changed[0].expectedId").isEqualTo("demo-010")
                .jsonPath("$.result.changed[0].topBefore").isEqualTo("demo-010")
                .jsonPath("$.result.changed[0].topAfter").value(t -> assertThat(t).isNotEqualTo("demo-010"));

        publish("ed", Map.of("evaluationId", id)).expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.reason").isEqualTo("REGRESSION")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("override with a reason"))
                .jsonPath("$.accuracyAt1Before").isNumber()
                .jsonPath("$.accuracyAt1After").isNumber()
                .jsonPath("$.accuracyDrop").value(d -> assertThat(((Number) d).doubleValue()).isGreaterThan(0.02))
                .jsonPath("$.lost").value(n -> assertThat(((Number) n).intValue()).isPositive());
        publish("ed", Map.of("evaluationId", id, "override", true, "reason", "  ")).expectStatus().isEqualTo(400)
                .expectBody().jsonPath("$.reason").isEqualTo("REASON_REQUIRED");
        assertThat(servedVersion("demo-010")).isEqualTo(version);

        publish("ed", Map.of("evaluationId", id, "override", true, "reason", "外汇业务调整，挂失问题改由新条目回答"))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.published[0]").isEqualTo("demo-010@" + (version + 3))
                .jsonPath("$.overridden").isEqualTo(true)
                .jsonPath("$.figures.accuracyDrop").isNumber();
        assertThat(servedVersion("demo-010")).isEqualTo(version + 3);
        assertThat(auditLines.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("type=KB_EVALUATED", "subject=" + id, "actor=ed",
                        "demo-010@" + (version + 2), "details.queries=60"));
        assertThat(auditLines.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("type=KB_CHANGED", "actor=ed",
                        "details.action=publish-change-set", "details.override=true",
                        "外汇业务调整，挂失问题改由新条目回答", "details.accuracyAt1Before=", "details.accuracyAt1After=",
                        "demo-010@" + (version + 2)));
        // published: nothing left to evaluate
        web.post().uri("/api/kb/change-sets/evaluations").headers(Staff.as("ed")).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("EMPTY_CHANGE_SET");
    }

    @Test
    void aChangeSetWithinTheMarginIsPublishedWithoutOverrideButOnlyAsEvaluated() {
        String first = fresh();
        createAndSubmit(first, "公司年会的抽奖规则是什么？", "年会抽奖按工号随机抽取，每人限中一次。");
        String id = evaluate().get("id").toString();
        // a second evaluation while the first runs is refused, and so is publishing an unfinished one
        web.post().uri("/api/kb/change-sets/evaluations").headers(Staff.as("bob")).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("EVALUATION_RUNNING");
        publish("ed", Map.of("evaluationId", id)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("EVALUATION_NOT_DONE");
        awaitDone(id);

        String second = fresh();
        createAndSubmit(second, "年会节目怎么报名？", "在内网填写年会节目报名表即可。");
        publish("ed", Map.of("evaluationId", id)).expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.reason").isEqualTo("STALE_CHANGE_SET")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("change set changed", "evaluate again"));
        assertThat(servedVersion(first)).isNull();

        // what is served moving under an evaluation (an entry archived on its own) also makes it stale
        String aside = fresh();
        createAndSubmit(aside, "年会的场地在哪里？", "年会在总行三楼礼堂举行。");
        web.post().uri("/api/kb/entries/{id}/publish?version=2", aside).headers(Staff.as("ed")).exchange()
                .expectStatus().isOk();
        String evaluated = evaluateAndWait();
        web.post().uri("/api/kb/entries/{id}/archive?version=3", aside).headers(Staff.as("ed")).exchange()
                .expectStatus().isOk();
        publish("ed", Map.of("evaluationId", evaluated)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("STALE_CHANGE_SET")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("what is served changed", "evaluate again"));

        String again = evaluateAndWait();
        publish("ed", Map.of("evaluationId", again)).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.overridden").isEqualTo(false)
                .jsonPath("$.published.length()").isEqualTo(2);
        assertThat(servedVersion(first)).isEqualTo(3L);
        assertThat(servedVersion(second)).isEqualTo(3L);
        assertThat(auditLines.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("details.action=publish-change-set",
                        "details.override=false", first + "@2"));
    }

    @Test
    void badRequestsAreRefusedWithAReason() {
        web.post().uri("/api/kb/change-sets/evaluations").headers(Staff.as("ed")).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("EMPTY_CHANGE_SET");
        web.post().uri("/api/kb/change-sets/publish").headers(Staff.as("ed")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("INVALID_REQUEST");
        publish("ed", Map.of("evaluationId", " ")).expectStatus().isBadRequest();
        publish("ed", Map.of("evaluationId", "nope")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_EVALUATION");
        publish("ed", Map.of("evaluationId", "nope", "override", "yes")).expectStatus().isBadRequest();
        web.get().uri("/api/kb/change-sets/evaluations/nope").headers(Staff.as("ed")).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_EVALUATION");
    }

    // ---------------------------------------------------------------- helpers

    private static String fresh() {
        return "cs-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void createAndSubmit(String id, String question, String answer) {
        web.post().uri("/api/kb/entries").headers(Staff.as("ed")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "question", question, "answer", answer, "category", "内部"))
                .exchange().expectStatus().isCreated();
        submit(id, 1);
    }

    private void submit(String id, long version) {
        web.post().uri("/api/kb/entries/{id}/submit?version={v}", id, version).headers(Staff.as("ed")).exchange()
                .expectStatus().isOk();
    }

    private long latestVersion(String id) {
        return entry(id).get("latest") instanceof Map<?, ?> latest ? ((Number) latest.get("version")).longValue() : -1;
    }

    private Long servedVersion(String id) {
        return entry(id).get("served") instanceof Map<?, ?> served ? ((Number) served.get("version")).longValue() : null;
    }

    private Map<String, Object> entry(String id) {
        return web.get().uri("/api/kb/entries/{id}", id).headers(Staff.as("ed")).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<Object> inReview() {
        Map<String, Object> current = web.get().uri("/api/kb/change-sets/current").headers(Staff.as("ed")).exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        return (List<Object>) current.get("entries");
    }

    private Map<String, Object> evaluate() {
        return web.post().uri("/api/kb/change-sets/evaluations").headers(Staff.as("ed")).exchange()
                .expectStatus().isAccepted()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }

    private String evaluateAndWait() {
        String id = evaluate().get("id").toString();
        awaitDone(id);
        return id;
    }

    private void awaitDone(String id) {
        Map<String, Object> last = new HashMap<>();
        await().atMost(EVALUATION).pollInterval(Duration.ofMillis(200)).until(() -> {
            last.clear();
            last.putAll(web.get().uri("/api/kb/change-sets/evaluations/{id}", id).headers(Staff.as("ed")).exchange()
                    .expectStatus().isOk()
                    .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult()
                    .getResponseBody());
            return !"RUNNING".equals(last.get("state"));
        });
        assertThat(last.get("state")).as("evaluation %s: %s", id, last.get("error")).isEqualTo("DONE");
    }

    private WebTestClient.ResponseSpec publish(String user, Map<String, Object> body) {
        return web.post().uri("/api/kb/change-sets/publish").headers(Staff.as(user))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
