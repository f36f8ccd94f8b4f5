package com.wecomassist.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.testing.SimulatedCustomers;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import java.util.stream.Stream;

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

/** The dashboard counts what the customers actually got, by category, and shows the live split of how. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class DashboardControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebTestClient web;
    @Autowired
    WecomSimulator simulator;
    @Autowired
    ApprovalQueue approvals;
    @Autowired
    MeterRegistry meters;

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

    /**
     * {@code split}: the {@code assist.answers} counters by outcome, the answered questions, and each
     * outcome's share of them. The bot's and the agents' answers are counted where they are sent; the
     * menu's three are counted by the menu's own code (here as it would).
     */
    @Test
    @SuppressWarnings("unchecked")
    void theLiveSplitCountsEachWayOfAnsweringAndItsShareOfTheAnsweredQuestions() {
        Map<String, Object> before = split();
        AnswerOutcome.MENU_OFFERED.count(meters);
        AnswerOutcome.MENU_OFFERED.count(meters);
        AnswerOutcome.MENU_CHOSEN.count(meters);
        AnswerOutcome.MENU_ABANDONED.count(meters);

        String kf = simulator.openKfIds().get(0);
        SimulatedCustomers customers = new SimulatedCustomers(simulator, approvals, kf, WAIT);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        simulator.customerWrites(kf, "wmSplitAuto" + suffix, "手机银行转账限额是多少？");
        String edited = customers.askAndAwaitDraft("wmSplitEdit" + suffix, "那个东西怎么弄").draft().draftId();
        // the same vague question from another customer: 我那个东西怎么还没弄好 now gets a 猜你想问 menu (menu model of 7 Dec: 0.53)
        String written = customers.askAndAwaitDraft("wmSplitWrote" + suffix, "那个东西怎么弄").draft().draftId();
        SimulatedCustomers.post(web, "/api/approvals/{id}/claim", edited, "erin", null).expectStatus().isOk();
        SimulatedCustomers.post(web, "/api/approvals/{id}/approve", edited, "erin",
                Map.of("text", "您好，请问您想办理哪项业务？")).expectStatus().isOk();
        SimulatedCustomers.post(web, "/api/approvals/{id}/claim", written, "erin", null).expectStatus().isOk();
        SimulatedCustomers.post(web, "/api/approvals/{id}/reject", written, "erin",
                Map.of("reason", "坐席改写", "reply", "您好，我是坐席小王，请问您办理的是哪项业务？")).expectStatus().isOk();

        await().atMost(WAIT).until(() -> grew(before, split(), "auto") >= 1 && grew(before, split(), "agent_edited") >= 1
                && grew(before, split(), "agent_wrote") >= 1);
        Map<String, Object> after = split();
        assertThat(grew(before, after, "menu_offered")).isEqualTo(2);
        assertThat(grew(before, after, "menu_chosen")).isEqualTo(1);
        assertThat(grew(before, after, "menu_abandoned")).isEqualTo(1);
        assertThat(grew(before, after, "agent_edited")).isEqualTo(1);
        assertThat(grew(before, after, "agent_wrote")).isEqualTo(1);

        Map<String, Number> counts = (Map<String, Number>) after.get("counts");
        assertThat(counts.keySet()).containsExactly("auto", "menu_offered", "menu_chosen", "menu_abandoned",
                "agent_one_click", "agent_edited", "agent_wrote");
        long answered = ((Number) after.get("answered")).longValue();
        assertThat(answered).isEqualTo(Stream.of("auto", "menu_chosen", "agent_one_click", "agent_edited",
                "agent_wrote").mapToLong(k -> counts.get(k).longValue()).sum());
        Map<String, Number> shares = (Map<String, Number>) after.get("shares");
        assertThat(shares).doesNotContainKey("menu_offered").hasSize(6);
        shares.forEach((outcome, share) -> assertThat(share.doubleValue()).as(outcome)
                .isCloseTo(counts.get(outcome).doubleValue() / answered, within(1e-9)));
        assertThat(Stream.of("auto", "menu_chosen", "agent_one_click", "agent_edited", "agent_wrote")
                .mapToDouble(k -> shares.get(k).doubleValue()).sum()).isCloseTo(1, within(1e-9));
    }

    @Test
    void hoursOutOfRangeAre400() {
        web.get().uri("/api/dashboard?hours=0").headers(Staff.as("cora")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_HOURS");
        web.get().uri("/api/dashboard?hours=100000").headers(Staff.as("cora")).exchange().expectStatus().isBadRequest();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> split() {
        Map<String, Object> body = web.get().uri("/api/dashboard?hours=1").headers(Staff.as("cora")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (Map<String, Object>) body.get("split");
    }

    @SuppressWarnings("unchecked")
    private static long grew(Map<String, Object> before, Map<String, Object> after, String outcome) {
        return ((Map<String, Number>) after.get("counts")).get(outcome).longValue()
                - ((Map<String, Number>) before.get("counts")).get(outcome).longValue();
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
