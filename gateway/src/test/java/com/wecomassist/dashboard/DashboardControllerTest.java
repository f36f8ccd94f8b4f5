package com.wecomassist.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import java.time.Duration;
import java.util.Map;
import com.wecomassist.testing.Staff;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The dashboard counts what the customers actually got, by category. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class DashboardControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebTestClient web;
    @Autowired
    WecomSimulator simulator;

    @Test
    void anAutoSentAnswerIsCountedUnderItsCategory() {
        long before = autoSent("转账与限额");
        String kf = simulator.openKfIds().get(0);
        simulator.customerWrites(kf, "wmDashboard1", "手机银行转账限额是多少？");
        await().atMost(WAIT).until(() -> simulator.transcript(kf, "wmDashboard1").stream()
                .anyMatch(l -> l.from().equals(ChatLine.BOT)));
        await().atMost(WAIT).until(() -> autoSent("转账与限额") == before + 1);

        web.get().uri("/api/dashboard?hours=2").headers(Staff.as("cora")).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total").value(total -> assertThat(((Number) total).longValue()).isPositive())
                .jsonPath("$.shares.AUTO_SENT").value(share -> assertThat(((Number) share).doubleValue()).isPositive())
                .jsonPath("$.hourly[0].hour").exists()
                .jsonPath("$.thisInstance.queueDepth").exists()
                .jsonPath("$.thisInstance.latencyMs.retrieve.p99").exists();
    }

    /** The latencies are the pipeline's own timings of real answers, not zeros read from an idle snapshot. */
    @Test
    @SuppressWarnings("unchecked")
    void latenciesAreMeasuredFromRealTraffic() {
        String kf = simulator.openKfIds().get(0);
        simulator.customerWrites(kf, "wmDashboardLatency", "信用卡年费怎么收？");
        await().atMost(WAIT).until(() -> simulator.transcript(kf, "wmDashboardLatency").stream()
                .anyMatch(l -> l.from().equals(ChatLine.BOT)));

        Map<String, Object> body = web.get().uri("/api/dashboard?hours=1").headers(Staff.as("carol")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<String, Map<String, Number>> latency = (Map<String, Map<String, Number>>)
                ((Map<String, Object>) body.get("thisInstance")).get("latencyMs");
        for (String stage : new String[] {"total", "retrieve", "draft"}) {
            Map<String, Number> figures = latency.get(stage);
            assertThat(figures).as(stage).isNotNull();
            assertThat(figures.get("count").longValue()).as(stage + " count").isPositive();
            assertThat(figures.get("mean").doubleValue()).as(stage + " mean").isPositive();
            assertThat(figures.get("p50").doubleValue()).as(stage + " p50").isPositive();
            assertThat(figures.get("p99").doubleValue()).as(stage + " p99").isPositive();
        }
    }

    @Test
    void hoursOutOfRangeAre400() {
        web.get().uri("/api/dashboard?hours=0").headers(Staff.as("cora")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_HOURS");
        web.get().uri("/api/dashboard?hours=100000").headers(Staff.as("cora")).exchange().expectStatus().isBadRequest();
    }

    @SuppressWarnings("unchecked")
    private long autoSent(String category) {
        Map<String, Object> body = web.get().uri("/api/dashboard?hours=2").headers(Staff.as("cora")).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<String, Map<String, Number>> byCategory = (Map<String, Map<String, Number>>) body.get("byCategory");
        Map<String, Number> counts = byCategory.getOrDefault(category, Map.of());
        return counts.getOrDefault("AUTO_SENT", 0).longValue();
    }
}
