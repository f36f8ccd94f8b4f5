package com.wecomassist.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.testing.Staff;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The gateway started beside the simulator as {@code ./assist run} starts it: the demo bank's roster, 管户
 * links, the first sync and 30 days of KPIs are there without anyone doing anything, and coverage is
 * neither nothing nor everything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "assist.simulator.demo-bank-side=true")
@AutoConfigureWebTestClient
class DemoBankSideTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    WebTestClient web;
    @Autowired
    DemoBankSide demo;

    private JsonNode get(String uri) {
        return web.get().uri(uri).headers(Staff.as("root")).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode finishedRun() {
        await().atMost(WAIT).until(() -> {
            byte[] body = web.get().uri("/api/kpi/runs").headers(Staff.as("root")).exchange()
                    .expectBody().returnResult().getResponseBody();
            return body != null && new String(body).contains("\"FINISHED\"");
        });
        return get("/api/kpi/runs");
    }

    @Test
    void theDemoBankHasARosterLinksADirectoryAndThirtyDaysOfKpis() {
        JsonNode run = finishedRun();
        assertThat(run.path("trigger").asString()).isEqualTo("demo");
        assertThat(get("/api/roster")).hasSize(DemoBankSide.ROSTER.size());
        assertThat(get("/api/contacts/sync").path("status").asString()).isEqualTo("FINISHED");

        JsonNode report = get("/api/kpi/report?by=branch");
        assertThat(report.path("missing")).isEmpty();
        JsonNode total = report.path("total");
        assertThat(total.path("managed").asInt()).isPositive();
        assertThat(total.path("coverage").asDouble()).isGreaterThan(0.3).isLessThan(1.0);
        assertThat(total.path("chats").asInt()).isPositive();
        assertThat(report.path("rows").findValuesAsString("key")).contains("浦东支行", "静安支行", "总行");

        // the samples are in force, published by a second demo user
        JsonNode strategies = get("/api/strategies");
        assertThat(strategies.findValuesAsString("id")).contains("large-transfer-wealth", "outflow-churn-warning");
        for (JsonNode s : strategies) {
            assertThat(s.path("inForce").path("reviewer").asString()).isEqualTo("demo-reviewer");
            assertThat(s.path("inForce").path("active").asBoolean()).isTrue();
        }

        // seeding again changes nothing: the roster, the links and the finished run are left as they are
        demo.seed().block(WAIT);
        JsonNode again = get("/api/kpi/report?by=branch").path("total");
        assertThat(again.path("managed").asInt()).isEqualTo(total.path("managed").asInt());
        assertThat(get("/api/kpi/runs").path("startedAt").asString()).isEqualTo(run.path("startedAt").asString());
    }
}
