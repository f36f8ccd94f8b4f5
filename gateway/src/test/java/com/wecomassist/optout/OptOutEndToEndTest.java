package com.wecomassist.optout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.engagement.Engagement;
import com.wecomassist.engagement.Engagements;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The suppression list from its three ways in — staff ({@code /api/optouts}), the bank's events, the customer's
 * own message to 微信客服 — and the engagements from the bank's events and the 管户's suggestions, on the
 * application as it runs (embedded adapters).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class OptOutEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebTestClient web;
    @Autowired
    WecomSimulator simulator;
    @Autowired
    Engagements engagements;

    private static String customer() {
        return "wmOpt" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void staffOptACustomerOutReadItAndOptThemBackIn() {
        String customer = customer();
        web.get().uri("/api/optouts/{c}", customer).headers(Staff.as("carol")).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("NOT_OPTED_OUT");
        web.put().uri("/api/optouts/{c}", customer).headers(Staff.as("carol"))
                .bodyValue(Map.of("reason", "客户来电要求不再推送，手机13812345678")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.outcome").isEqualTo("APPLIED")
                .jsonPath("$.optOut.externalUserId").isEqualTo(customer)
                .jsonPath("$.optOut.source").isEqualTo("STAFF")
                .jsonPath("$.optOut.by").isEqualTo("carol")
                .jsonPath("$.optOut.reason").value(reason -> assertThat((String) reason)
                        .startsWith("客户来电要求不再推送").doesNotContain("13812345678"));
        web.put().uri("/api/optouts/{c}", customer).headers(Staff.as("olga")).bodyValue(Map.of("reason", "again"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.outcome").isEqualTo("UNCHANGED").jsonPath("$.optOut.by").isEqualTo("carol");
        web.get().uri("/api/optouts/{c}", customer).headers(Staff.as("mia")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.by").isEqualTo("carol");
        web.get().uri("/api/optouts?after={a}&limit=500", customer.substring(0, customer.length() - 1))
                .headers(Staff.as("olga")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.optOuts[0].externalUserId").isEqualTo(customer);

        web.delete().uri("/api/optouts/{c}?reason={r}", customer, "客户要求恢复").headers(Staff.as("sam")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.outcome").isEqualTo("APPLIED").jsonPath("$.optOut").doesNotExist();
        web.get().uri("/api/optouts/{c}", customer).headers(Staff.as("carol")).exchange().expectStatus().isNotFound();
        web.delete().uri("/api/optouts/{c}", customer).headers(Staff.as("carol")).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("NOT_OPTED_OUT");
    }

    @Test
    void unclearRequestsAre400AndOnlyStaffWhoServeCustomersMayAsk() {
        String customer = customer();
        web.put().uri("/api/optouts/{c}", customer).headers(Staff.as("carol")).bodyValue(Map.of("reason", " "))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("MISSING_REASON");
        web.put().uri("/api/optouts/{c}", customer).headers(Staff.as("carol")).bodyValue(Map.of("reason", "x".repeat(201)))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("REASON_TOO_LONG");
        web.put().uri("/api/optouts/{c}", "wm bad!").headers(Staff.as("carol")).bodyValue(Map.of("reason", "asked"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("INVALID_CUSTOMER");
        web.get().uri("/api/optouts?limit=0").headers(Staff.as("carol")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("INVALID_LIMIT");
        web.put().uri("/api/optouts/{c}", customer).headers(Staff.as("ed")).bodyValue(Map.of("reason", "asked"))
                .exchange().expectStatus().isForbidden();
        web.get().uri("/api/optouts/{c}", customer).headers(Staff.as("cora")).exchange().expectStatus().isForbidden();
        web.get().uri("/api/optouts/{c}", customer).headers(Staff.as("carol")).exchange().expectStatus().isNotFound();
    }

    @Test
    void theBanksEventsOptACustomerOutAndBackInInTheOrderTheyHappened() {
        String customer = customer();
        Instant now = Instant.now();
        event("oo-" + customer + "-1", customer, "opt_out", now.minusSeconds(600), "{}");
        web.get().uri("/api/optouts/{c}", customer).headers(Staff.as("carol")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.source").isEqualTo("BANK_EVENT").jsonPath("$.by").isEqualTo("bank");
        event("oo-" + customer + "-2", customer, "opt_in", now.minusSeconds(300), "{}");
        web.get().uri("/api/optouts/{c}", customer).headers(Staff.as("carol")).exchange().expectStatus().isNotFound();
        // the bank's feed was late with an opt-out from before the opt-in: it changes nothing
        event("oo-" + customer + "-3", customer, "opt_out", now.minusSeconds(400), "{}");
        web.get().uri("/api/optouts/{c}", customer).headers(Staff.as("carol")).exchange().expectStatus().isNotFound();
    }

    @Test
    void aCustomerWhoWritesAnOptOutPhraseIsOptedOutAndOneWhoMentionsItInASentenceIsNot() {
        String kf = simulator.openKfIds().get(0);
        String sentence = customer();
        String phrase = customer();
        simulator.customerWrites(kf, sentence, "我想退订理财产品");
        simulator.customerWrites(kf, phrase, "请不要再发了，谢谢");
        await().atMost(WAIT).untilAsserted(() -> web.get().uri("/api/optouts/{c}", phrase).headers(Staff.as("carol"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.source").isEqualTo("CUSTOMER_MESSAGE").jsonPath("$.reason").isEqualTo("wrote 不要再发"));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() -> web.get()
                .uri("/api/optouts/{c}", sentence).headers(Staff.as("carol")).exchange().expectStatus().isNotFound());
    }

    @Test
    void theBanksRecordOfACallAndSuggestionsInACustomersChatAreEngagements() {
        String customer = customer();
        Instant called = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        event("mc-" + customer, customer, "manager_contact", called, "{\"employee\": \"zhangwei\", \"kind\": \"call\"}");
        web.post().uri("/api/suggestions").headers(Staff.as("mia"))
                .bodyValue(Map.of("question", "手机银行转账限额是多少？", "externalUserId", customer))
                .exchange().expectStatus().isOk();
        web.post().uri("/api/suggestions").headers(Staff.as("mia"))
                .bodyValue(Map.of("question", "手机银行转账限额是多少？", "externalUserId", "not a customer"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("INVALID_CUSTOMER");
        assertThat(engagements.of(customer).collectList().block(WAIT))
                .extracting(Engagement::employee, Engagement::source)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("zhangwei", Engagement.Source.BANK_EVENT),
                        org.assertj.core.groups.Tuple.tuple("mia", Engagement.Source.SUGGESTION));
        assertThat(engagements.of(customer).filter(e -> e.source() == Engagement.Source.BANK_EVENT).blockFirst(WAIT).at())
                .isEqualTo(called);
    }

    private void event(String id, String customer, String type, Instant at, String attributes) {
        web.post().uri("/api/events").headers(Staff.as("feed")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"event_id\":\"" + id + "\",\"external_userid\":\"" + customer + "\",\"type\":\"" + type
                        + "\",\"occurred_at\":\"" + at + "\",\"attributes\":" + attributes + "}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.results[0].outcome").isEqualTo("ACCEPTED");
    }
}
