package com.wecomassist.comply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.compliance.rules.RulePackReader;
import com.wecomassist.testing.OwnNettyResources;
import com.wecomassist.testing.Staff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The compliance officer teaches and publishes over HTTP: who may, what is refused and why, and a
 * publication past a regression (refused without a reason, accepted with one, audited) after which
 * the published checker is the one answering {@code /api/compliance/check}. The gate measures on the
 * tests' small labelled sets (src/test/resources/compliance).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.application.name=compliance-teaching")
@AutoConfigureWebTestClient
// A context of its own, closed afterwards: a publication changes the checker every other test relies on.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// Closing it must not dispose the Netty loops every other cached context shares (see OwnNettyResources).
@Import(OwnNettyResources.class)
// The publication last: the other tests read the shipped pack.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeachingControllerTest {

    private static final Duration MEASURING = Duration.ofSeconds(120);

    /** Rude words no rule lists (checked against the shipped pack) and the tests' base exemplars have no category for. */
    static final List<String> RUDE = List.of("你这人真是磨磨唧唧的，看了三遍都没弄明白", "这种小事也来麻烦我，自己琢磨去",
            "讲了半天白讲，跟你说话太累");

    @Autowired
    WebTestClient web;
    @Autowired
    ComplianceChanges changes;

    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private final Logger auditLog = (Logger) LoggerFactory.getLogger(InMemoryAuditTrail.LOGGER);

    @BeforeEach
    void listen() {
        web = web.mutateWith((builder, http, connector) -> builder.responseTimeout(Duration.ofSeconds(30)));
        audit.start();
        auditLog.addAppender(audit);
    }

    @AfterEach
    void stopListening() {
        auditLog.detachAppender(audit);
    }

    /** The shipped pack's YAML, as the officer gets it to edit. */
    static String shippedYaml() {
        try (InputStream in = RulePackReader.class.getResourceAsStream(RulePackReader.DEFAULT_PACK_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shipped pack under a new version, with a rule that sends every greeting to review: clean texts stop passing. */
    static String packThatStopsGreetings(String yaml) {
        String version = yaml.lines().filter(l -> l.startsWith("version:")).findFirst().orElseThrow();
        return yaml.replace(version, "version: \"2099.1.1\"") + """

                  - id: test.greeting-review
                    category: pressure
                    description: 测试：问候语一律送审
                    legal-basis: 测试
                    severity: low
                    action: REVIEW
                    applies-to: [ai-draft, agent-reply]
                    match:
                      terms: [您好]
                """;
    }

    private WebTestClient.ResponseSpec teach(String user, Map<String, Object> body) {
        return web.post().uri("/api/compliance/exemplars").headers(Staff.as(user)).bodyValue(body).exchange();
    }

    @Test
    void onlyTheComplianceOfficerOrAnAdministratorMayTeachMeasureOrPublish() {
        Map<String, Object> mark = Map.of("text", "亏了我补给您", "label", "violation", "category", "return-promise");
        for (String user : List.of("carol", "ed", "mia")) {
            teach(user, mark).expectStatus().isForbidden();
            web.get().uri("/api/compliance/exemplars").headers(Staff.as(user)).exchange().expectStatus().isForbidden();
            web.get().uri("/api/compliance/rule-pack").headers(Staff.as(user)).exchange().expectStatus().isForbidden();
            web.put().uri("/api/compliance/rule-pack/draft").headers(Staff.as(user)).contentType(MediaType.TEXT_PLAIN)
                    .bodyValue("pack: x").exchange().expectStatus().isForbidden();
            web.post().uri("/api/compliance/change-set/measure").headers(Staff.as(user)).exchange()
                    .expectStatus().isForbidden();
            web.post().uri("/api/compliance/change-set/publish").headers(Staff.as(user)).bodyValue(Map.of())
                    .exchange().expectStatus().isForbidden();
        }
        web.get().uri("/api/compliance/exemplars").exchange().expectStatus().isUnauthorized();
        // agents still check texts while they edit
        web.post().uri("/api/compliance/check").headers(Staff.as("carol")).bodyValue(Map.of("text", "您好"))
                .exchange().expectStatus().isOk();
        for (String user : List.of("cora", "root")) {
            web.get().uri("/api/compliance/change-set").headers(Staff.as(user)).exchange().expectStatus().isOk();
            web.get().uri("/api/compliance/categories").headers(Staff.as(user)).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$[0]").isEqualTo("return-promise")
                    .jsonPath("$[?(@ == 'abusive-language')]").exists()
                    .jsonPath("$[?(@ == 'personal-data')]").exists(); // a rule category
        }
    }

    @Test
    void badMarksAre400WithAReasonAndATypedTextIsMasked() {
        teach("cora", Map.of("label", "violation", "category", "return-promise")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_TEXT");
        teach("cora", Map.of("text", "字".repeat(1001), "label", "violation", "category", "return-promise"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("TOO_LONG");
        teach("cora", Map.of("text", "亏了我补", "label", "bad", "category", "return-promise"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_LABEL");
        teach("cora", Map.of("text", "亏了我补", "label", "violation", "category", "poetry"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_CATEGORY")
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("aml-structuring"));
        teach("cora", Map.of("recentId", "ai:gone:1", "label", "violation", "category", "return-promise"))
                .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_RECENT");
        web.delete().uri("/api/compliance/exemplars/ex-nope").headers(Staff.as("cora")).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_EXEMPLAR");

        TaughtExemplar taught = teach("cora", Map.of("text", "加我微信13812345678私下聊，收益更高", "label", "violation",
                "category", "off-channel", "note", "私下联系")).expectStatus().isCreated()
                .expectBody(TaughtExemplar.class).returnResult().getResponseBody();
        assertThat(taught.text()).doesNotContain("13812345678").contains("私下聊");
        assertThat(taught.by()).isEqualTo("cora");
        // the category's legal basis, from the rules in force, when the officer names none
        assertThat(taught.basis()).isNotEmpty();
        assertThat(changes.draftExemplars().collectList().block()).contains(taught);
        web.delete().uri("/api/compliance/exemplars/" + taught.id()).headers(Staff.as("cora")).exchange()
                .expectStatus().isNoContent();
        assertThat(changes.draftExemplars().collectList().block()).doesNotContain(taught);
        assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(l -> l.contains("type=COMPLIANCE_TAUGHT") && l.contains("actor=cora")
                        && l.contains("details.action=mark"))
                .anyMatch(l -> l.contains("type=COMPLIANCE_TAUGHT") && l.contains("details.action=unmark"));
    }

    @Test
    void anInvalidRulePackIs400WithFileAndLine() {
        String shipped = web.get().uri("/api/compliance/rule-pack").headers(Staff.as("cora")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("yaml").toString();
        assertThat(shipped).isEqualTo(shippedYaml());
        String misspelt = packThatStopsGreetings(shipped).replace("    match:\n      terms: [您好]",
                "    matches:\n      terms: [您好]");
        int line = (int) misspelt.lines().takeWhile(l -> !l.contains("matches:")).count() + 1;
        web.put().uri("/api/compliance/rule-pack/draft").headers(Staff.as("cora")).contentType(MediaType.TEXT_PLAIN)
                .bodyValue(misspelt).exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.reason").isEqualTo("INVALID_RULE_PACK")
                .jsonPath("$.line").isEqualTo(line)
                .jsonPath("$.message").value(m -> assertThat(m.toString()).startsWith("bank-default.yaml:" + line + ": ")
                        .contains("matches"));
        // a rule whose own example fails is refused too
        String failingExample = packThatStopsGreetings(shipped) + """
                    examples:
                      flag: [早上好]
                """;
        web.put().uri("/api/compliance/rule-pack/draft").headers(Staff.as("cora")).contentType(MediaType.TEXT_PLAIN)
                .bodyValue(failingExample).exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.reason").isEqualTo("INVALID_RULE_PACK")
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("早上好"));
        // the same version as the pack in force, changed
        web.put().uri("/api/compliance/rule-pack/draft").headers(Staff.as("cora")).contentType(MediaType.TEXT_PLAIN)
                .bodyValue(shipped + "\n# 改了一点\n").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.reason").isEqualTo("INVALID_RULE_PACK")
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("new version"));
        assertThat(changes.draftedPack().block()).isNull();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aRegressionIsPublishedOnlyWithAReasonAndThePublishedCheckerAnswersChecksAfterwards() {
        changes.draftExemplars().concatMap(e -> changes.dropExemplar(e.id())).blockLast();
        String rude = RUDE.get(0);
        // the base exemplars have no abusive-language category: nothing says this is abuse yet
        web.post().uri("/api/compliance/check").headers(Staff.as("cora")).bodyValue(Map.of("text", rude))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.hits[?(@.ruleId == 'semantic.abusive-language')]").doesNotExist();

        for (String text : RUDE) {
            teach("cora", Map.of("text", text, "label", "violation", "category", "abusive-language",
                    "note", "辱骂客户")).expectStatus().isCreated();
        }
        String shipped = web.get().uri("/api/compliance/rule-pack").headers(Staff.as("cora")).exchange()
                .expectBody(Map.class).returnResult().getResponseBody().get("yaml").toString();
        web.put().uri("/api/compliance/rule-pack/draft").headers(Staff.as("cora")).contentType(MediaType.TEXT_PLAIN)
                .bodyValue(packThatStopsGreetings(shipped)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.version").isEqualTo("2099.1.1");

        String id = web.post().uri("/api/compliance/change-set/measure").headers(Staff.as("cora")).exchange()
                .expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        web.post().uri("/api/compliance/change-set/measure").headers(Staff.as("cora")).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("MEASUREMENT_RUNNING");
        await().atMost(MEASURING).pollInterval(Duration.ofMillis(300)).until(() -> !"RUNNING".equals(
                web.get().uri("/api/compliance/change-set/measure/" + id).headers(Staff.as("cora")).exchange()
                        .expectBody(Map.class).returnResult().getResponseBody().get("state")));
        web.get().uri("/api/compliance/change-set/measure/" + id).headers(Staff.as("cora")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("DONE")
                .jsonPath("$.exceedsMargin").isEqualTo(true)
                // every held-back clean row greets the customer
                .jsonPath("$.parts.heldBack.after.cleanPass").isEqualTo(0.0)
                .jsonPath("$.parts.heldBack.newlyMissed[0].rules[0]").isEqualTo("test.greeting-review")
                .jsonPath("$.parts.tune.before.violations").isEqualTo(3)
                .jsonPath("$.packs[0]").isEqualTo("bank-default@2099.1.1");

        web.post().uri("/api/compliance/change-set/publish").headers(Staff.as("cora")).bodyValue(Map.of())
                .exchange().expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.reason").isEqualTo("REGRESSION")
                .jsonPath("$.heldBackCleanPassBefore").isNumber()
                .jsonPath("$.heldBackCleanPassAfter").isEqualTo(0.0);
        web.post().uri("/api/compliance/check").headers(Staff.as("cora")).bodyValue(Map.of("text", rude))
                .exchange().expectBody().jsonPath("$.hits[?(@.ruleId == 'semantic.abusive-language')]").doesNotExist();

        web.post().uri("/api/compliance/change-set/publish").headers(Staff.as("cora"))
                .bodyValue(Map.of("reason", "问候语一律送审：总行合规部季度要求")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.number").isEqualTo(1)
                .jsonPath("$.overridden").isEqualTo(true)
                .jsonPath("$.packs[0]").isEqualTo("bank-default@2099.1.1")
                .jsonPath("$.officerExemplars").isEqualTo(3);

        // in force at once: the taught text is flagged by the semantic layer, greetings by the new rule
        web.post().uri("/api/compliance/check").headers(Staff.as("cora")).bodyValue(Map.of("text", rude))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.action").isEqualTo("REVIEW")
                .jsonPath("$.hits[?(@.ruleId == 'semantic.abusive-language')]").exists();
        web.post().uri("/api/compliance/check").headers(Staff.as("carol")).bodyValue(Map.of("text", "您好，请稍等"))
                .exchange().expectBody().jsonPath("$.hits[0].ruleId").isEqualTo("test.greeting-review");
        web.get().uri("/api/compliance/packs").headers(Staff.as("cora")).exchange().expectBody()
                .jsonPath("$[0].version").isEqualTo("2099.1.1");
        web.get().uri("/api/compliance/rule-pack").headers(Staff.as("cora")).exchange().expectBody()
                .jsonPath("$.publication").isEqualTo(1)
                .jsonPath("$.draft").doesNotExist()
                .jsonPath("$.yaml").value(y -> assertThat(y.toString()).contains("test.greeting-review"));
        assertThat(changes.draftExemplars().collectList().block()).isEmpty();
        assertThat(changes.publishedNumber().block()).isEqualTo(1);

        assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(l -> l.contains("type=COMPLIANCE_MEASURED") && l.contains("actor=cora"))
                .anyMatch(l -> l.contains("type=COMPLIANCE_PUBLISHED") && l.contains("actor=cora")
                        && l.contains("details.override=true") && l.contains("问候语一律送审")
                        && l.contains("details.heldBackCleanPassBefore=")
                        && l.contains("details.heldBackCleanPassAfter=0.0"));

        // what was measured is published: publishing it again is refused, the draft is empty to measure
        web.post().uri("/api/compliance/change-set/publish").headers(Staff.as("cora"))
                .bodyValue(Map.of("reason", "再来一次")).exchange().expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.reason").isEqualTo("STALE_CHANGE_SET");
        web.post().uri("/api/compliance/change-set/measure").headers(Staff.as("cora")).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("NOTHING_TO_MEASURE");
    }
}
