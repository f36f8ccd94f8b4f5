package com.wecomassist.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.strategy.StrategyDesk;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
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
 * A strategy's test day by day through the API of the running gateway: the counts up to each day (those
 * before the range included), the last day agreeing with the results, the default month, refusals and roles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class OutreachSeriesApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The bank's zone of the test configuration ({@code assist.kpi.zone}'s default). */
    private static final ZoneId BANK = ZoneId.of("Asia/Shanghai");

    @Autowired
    WebTestClient web;
    @Autowired
    OutreachLedger ledger;

    /** The large-transfer sample (control, plain, planning) under an id of its own, drafted and published. */
    private String published(String id) {
        String json = StrategyDesk.samples().stream().filter(s -> s.file().equals("large-transfer-wealth.json"))
                .findFirst().orElseThrow().spec().replace("\"id\": \"large-transfer-wealth\"", "\"id\": \"" + id + "\"");
        web.post().uri("/api/strategies/{id}/versions", id).headers(Staff.as("olga"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange().expectStatus().isCreated();
        web.post().uri("/api/strategies/{id}/publish", id).headers(Staff.as("otto"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("version", 1)).exchange().expectStatus().isOk();
        return OutreachPlanner.testId(StrategyDesk.parse(json));
    }

    private JsonNode get(String user, String uri, Object... vars) {
        return web.get().uri(uri, vars).headers(Staff.as(user)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode arm(JsonNode day, String name) {
        for (JsonNode a : day.path("arms")) {
            if (a.path("arm").asString().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no arm " + name + " in " + day);
    }

    @Test
    void eachDaysCountsUpToItIncludeTheDaysBeforeTheRangeAndTheLastDayIsTheResults() {
        String id = "series-" + UUID.randomUUID().toString().substring(0, 8);
        String test = published(id);
        LocalDate today = LocalDate.now(BANK);

        // before anybody is in it: a month of days with nobody, nothing decided
        JsonNode empty = get("olga", "/api/strategies/{id}/results/series", id);
        assertThat(empty.path("from").asString()).isEqualTo(today.minusDays(29).toString());
        assertThat(empty.path("to").asString()).isEqualTo(today.toString());
        assertThat(empty.path("days")).hasSize(30);
        assertThat(empty.path("days").get(29).path("state").asString()).isEqualTo("NOT_ENOUGH_DATA");
        assertThat(arm(empty.path("days").get(29), "planning").path("cumulative").size()).isZero();

        // five days, 50 customers an arm a day: control converts 1 of them, plain 2, planning 5
        Instant now = Instant.now();
        for (int daysAgo = 4; daysAgo >= 0; daysAgo--) {
            Instant at = now.minus(Duration.ofDays(daysAgo));
            for (String arm : List.of("control", "plain", "planning")) {
                int converted = arm.equals("planning") ? 5 : arm.equals("plain") ? 2 : 1;
                for (int i = 0; i < 50; i++) {
                    String customer = "wm-" + id + "-" + daysAgo + "-" + arm + "-" + i;
                    ledger.assign(test, customer, arm, at).block(WAIT);
                    if (i < converted) {
                        ledger.mark(test, customer, Outcome.CONVERTED, at).block(WAIT);
                    }
                }
            }
        }
        JsonNode series = get("cora", "/api/strategies/{id}/results/series?from={from}&to={to}", id,
                today.minusDays(2), today);
        JsonNode days = series.path("days");
        assertThat(days).hasSize(3);
        assertThat(days.get(0).path("day").asString()).isEqualTo(today.minusDays(2).toString());
        // the first day of the range: its own 50, and the 100 of the two days before it
        JsonNode planning = arm(days.get(0), "planning");
        assertThat(planning.path("counts").path("ASSIGNED").asLong()).isEqualTo(50);
        assertThat(planning.path("cumulative").path("ASSIGNED").asLong()).isEqualTo(150);
        assertThat(planning.path("cumulative").path("CONVERTED").asLong()).isEqualTo(15);
        assertThat(planning.path("conversionRate").asDouble()).isEqualTo(0.1);
        assertThat(arm(days.get(1), "control").path("cumulative").path("ASSIGNED").asLong()).isEqualTo(200);
        assertThat(arm(days.get(1), "control").path("liftVsControl").isNull()).isTrue();
        assertThat(arm(days.get(1), "plain").path("liftVsControl").asDouble()).isCloseTo(0.02,
                org.assertj.core.data.Offset.offset(1e-9));

        // the last day says what the results say
        JsonNode results = get("sam", "/api/strategies/{id}/results", id);
        JsonNode last = days.get(2);
        assertThat(last.path("state")).isEqualTo(results.path("state"));
        assertThat(series.path("liftConfidence")).isEqualTo(results.path("liftConfidence"));
        for (JsonNode a : results.path("arms")) {
            JsonNode d = arm(last, a.path("arm").asString());
            assertThat(d.path("cumulative")).isEqualTo(a.path("counts"));
            assertThat(d.path("conversionRate")).isEqualTo(a.path("conversionRate"));
            assertThat(d.path("ci95")).isEqualTo(a.path("ci95"));
            assertThat(d.path("liftVsControl")).isEqualTo(a.path("liftVsControl"));
            assertThat(d.path("liftCi95")).isEqualTo(a.path("liftCi95"));
            assertThat(d.path("status")).isEqualTo(a.path("status"));
        }
        assertThat(arm(last, "planning").path("cumulative").path("ASSIGNED").asLong()).isEqualTo(250);

        // a range ending yesterday: today's customers are not in its counts
        JsonNode yesterday = get("olga", "/api/strategies/{id}/results/series?from={d}&to={d}", id,
                today.minusDays(1), today.minusDays(1));
        assertThat(arm(yesterday.path("days").get(0), "plain").path("cumulative").path("ASSIGNED").asLong())
                .isEqualTo(200);
    }

    @Test
    void badRangesAreRefusedUnknownStrategiesAreNotFoundAndOnlyTheReadersRead() {
        String id = "series-" + UUID.randomUUID().toString().substring(0, 8);
        published(id);
        LocalDate today = LocalDate.now(BANK);
        String uri = "/api/strategies/{id}/results/series?from={from}&to={to}";
        for (Object[] range : List.of(
                new Object[] {"2026-13-01", today, "yyyy-MM-dd, not '2026-13-01'"},
                new Object[] {today, today.minusDays(1), "is after to"},
                new Object[] {today.minusDays(366), today, "at most 366 days, not 367"},
                new Object[] {today, today.plusDays(1), "is after today"},
                new Object[] {today.minusDays(420), today.minusDays(400), "days are kept 400 days"})) {
            web.get().uri(uri, id, range[0], range[1]).headers(Staff.as("olga")).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("INVALID_RANGE")
                    .jsonPath("$.message").value(m -> assertThat((String) m).contains((String) range[2]));
        }
        assertThat(get("olga", uri, id, today.minusDays(365), today).path("days")).hasSize(366);
        web.get().uri("/api/strategies/never-published-{r}/results/series", id).headers(Staff.as("olga")).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("NOT_PUBLISHED");
        web.get().uri("/api/strategies/{id}/results/series", id).headers(Staff.as("carol")).exchange()
                .expectStatus().isForbidden();
        web.get().uri("/api/strategies/{id}/results/series", id).exchange().expectStatus().isUnauthorized();
    }
}
