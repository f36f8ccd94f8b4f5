package com.wecomassist.strategy;

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
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Strategies through the API of the running gateway: the shipped samples drafted and clean, four eyes,
 * the compliance check on publishing, the catalogue following, stopping, refusals and roles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class StrategyApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebTestClient web;
    @Autowired
    StrategyCatalogue catalogue;
    @Autowired
    com.wecomassist.outreach.OutreachLedger ledger;

    private WebTestClient.ResponseSpec draft(String user, String id, String json) {
        return web.post().uri("/api/strategies/{id}/versions", id).headers(Staff.as(user))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private WebTestClient.ResponseSpec publish(String user, String id, long version) {
        return web.post().uri("/api/strategies/{id}/publish", id).headers(Staff.as(user))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("version", version)).exchange();
    }

    private static String sample(String file, String id) {
        return StrategyController.readSamples().stream().filter(s -> s.file().equals(file)).findFirst().orElseThrow()
                .spec().replace("\"id\": \"" + file.replace(".json", "") + "\"", "\"id\": \"" + id + "\"");
    }

    @Test
    void aSampleIsDraftedCleanPublishedByAColleagueFollowedByTheCatalogueAndStopped() {
        String id = "lt-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode drafted = draft("olga", id, sample("large-transfer-wealth.json", id)).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(drafted.path("draft").path("version").asLong()).isEqualTo(1);
        assertThat(drafted.path("checks").path("arms[1].message").path("action").asString()).isEqualTo("PASS");
        assertThat(drafted.path("checks").path("arms[2].message").path("action").asString()).isEqualTo("PASS");

        publish("olga", id, 1).expectStatus().isForbidden().expectBody().jsonPath("$.reason").isEqualTo("SAME_PERSON");
        publish("otto", id, 1).expectStatus().isOk().expectBody().jsonPath("$.reviewer").isEqualTo("otto")
                .jsonPath("$.active").isEqualTo(true);
        publish("otto", id, 1).expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason")
                .isEqualTo("ALREADY_PUBLISHED");
        await().atMost(WAIT).until(() -> catalogue.inForce().containsKey(id));
        web.get().uri("/api/strategies/{id}/results", id).headers(Staff.as("cora")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("NOT_ENOUGH_DATA")
                .jsonPath("$.arms.length()").isEqualTo(3).jsonPath("$.arms[0].control").isEqualTo(true);
        assertThat(catalogue.triggeredBy("large_transfer")).extracting(StrategyCatalogue.InForce::id).contains(id);
        assertThat(catalogue.inForce().get(id).strategy().arms()).hasSize(3);

        web.post().uri("/api/strategies/{id}/stop", id).headers(Staff.as("otto")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.active").isEqualTo(false);
        await().atMost(WAIT).until(() -> !catalogue.inForce().containsKey(id));
        JsonNode history = web.get().uri("/api/strategies/{id}", id).headers(Staff.as("cora")).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(history.path("publications")).hasSize(2);
    }

    @Test
    void wordsThatDoNotPassAreShownWhenDraftedAndRefusedWhenPublished() {
        String id = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        String promise = sample("deposit-page-no-order.json", id).replace("回复我就好，我帮您一一说明。",
                "本产品保本保息，稳赚不赔，回复我就好。");
        JsonNode drafted = draft("olga", id, promise).expectStatus().isCreated().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(drafted.path("checks").path("message").path("action").asString()).isNotEqualTo("PASS");
        publish("otto", id, 1).expectStatus().isEqualTo(422).expectBody().jsonPath("$.reason").isEqualTo("NOT_COMPLIANT")
                .jsonPath("$.checks.message.action").value(a -> assertThat((String) a).isNotEqualTo("PASS"));
        // a clean second version: the first can no longer be published, the second can
        draft("olga", id, sample("deposit-page-no-order.json", id)).expectStatus().isCreated();
        publish("otto", id, 1).expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("NOT_LATEST");
        publish("otto", id, 2).expectStatus().isOk();
    }

    @Test
    void badStrategiesAreRefusedListingEveryProblem() {
        draft("olga", "x-1", "{\"id\": \"x-1\", \"name\": \"x\", \"kind\": \"OUTREACH\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_STRATEGY")
                .jsonPath("$.problems[0]").isEqualTo("trigger.eventTypes: at least one event type")
                .jsonPath("$.problems.length()").value(n -> assertThat((Integer) n).isGreaterThanOrEqualTo(3));
        draft("olga", "x-2", sample("deposit-page-no-order.json", "x-1")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").isEqualTo("id: the body says x-1, the address x-2");
        draft("olga", "x-3", "").expectStatus().isBadRequest();
        publish("otto", "never-drafted", 1).expectStatus().isNotFound();
        web.get().uri("/api/strategies/never-drafted/results").headers(Staff.as("olga")).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("NOT_PUBLISHED");
        web.get().uri("/api/strategies/never-drafted").headers(Staff.as("olga")).exchange().expectStatus().isNotFound();
    }

    @Test
    void operationsWriteComplianceAndTeamLeadsReadOthersAreRefused() {
        String json = sample("wealth-maturity-renewal.json", "roles-1");
        draft("cora", "roles-1", json).expectStatus().isForbidden();
        draft("sam", "roles-1", json).expectStatus().isForbidden();
        draft("carol", "roles-1", json).expectStatus().isForbidden();
        web.get().uri("/api/strategies").headers(Staff.as("cora")).exchange().expectStatus().isOk();
        web.get().uri("/api/strategies").headers(Staff.as("sam")).exchange().expectStatus().isOk();
        web.get().uri("/api/strategies").headers(Staff.as("carol")).exchange().expectStatus().isForbidden();
        web.get().uri("/api/strategies/samples").headers(Staff.as("olga")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").value(n -> assertThat((Integer) n).isGreaterThanOrEqualTo(4));
    }

    @Test
    void aWinnerIsPromotedIntoADraftByOperationsOnly() {
        String id = "promo-" + UUID.randomUUID().toString().substring(0, 8);
        String json = sample("large-transfer-wealth.json", id);
        web.post().uri("/api/strategies/{id}/promote", id).headers(Staff.as("olga")).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("NOT_PUBLISHED");
        draft("olga", id, json).expectStatus().isCreated();
        publish("otto", id, 1).expectStatus().isOk();
        web.post().uri("/api/strategies/{id}/promote", id).headers(Staff.as("olga")).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("NO_WINNER");

        // 300 customers an arm: control and plain convert at 5 %, planning at 20 %
        String test = com.wecomassist.outreach.OutreachPlanner.testId(StrategyDesk.parse(json));
        java.time.Instant now = java.time.Instant.now();
        for (String arm : java.util.List.of("control", "plain", "planning")) {
            int converted = arm.equals("planning") ? 60 : 15;
            for (int i = 0; i < 300; i++) {
                String customer = "wm-" + id + "-" + arm + "-" + i;
                ledger.assign(test, customer, arm, now).block(WAIT);
                if (i < converted) {
                    ledger.mark(test, customer, com.wecomassist.outreach.Outcome.CONVERTED, now).block(WAIT);
                }
            }
        }
        web.post().uri("/api/strategies/{id}/promote", id).headers(Staff.as("cora")).exchange()
                .expectStatus().isForbidden();
        web.post().uri("/api/strategies/{id}/promote", id).headers(Staff.as("olga")).exchange()
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.draft.version").isEqualTo(2)
                .jsonPath("$.draft.author").isEqualTo("olga")
                .jsonPath("$.checks['arms[1].message'].action").isEqualTo("PASS");
        StrategyDesk.History history = web.get().uri("/api/strategies/{id}", id).headers(Staff.as("sam")).exchange()
                .expectStatus().isOk().expectBody(StrategyDesk.History.class).returnResult().getResponseBody();
        Strategy promoted = StrategyDesk.parse(history.versions().get(1).spec());
        assertThat(promoted.arms()).extracting(Strategy.Arm::name).containsExactly("control", "planning");
        assertThat(promoted.arms()).extracting(Strategy.Arm::share).containsExactly(1.0, 9.0);
        publish("otto", id, 2).expectStatus().isOk();
    }
}
