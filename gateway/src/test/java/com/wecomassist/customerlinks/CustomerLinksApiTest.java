package com.wecomassist.customerlinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.route.AccountManagers;
import com.wecomassist.route.RoutingDecision;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.SimulatedCustomers;
import com.wecomassist.testing.Staff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The links through the gateway (embedded mode): who may write and read them, a CSV import with bad lines
 * and records out of order, and routing reading the 管户 from them: a linked customer's draft goes to
 * their 管户's queue, a customer of a 直营 tier's to the 直营 agents, and the configured list stands
 * behind the links.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.reply.burst-quiet-period=300ms",
        "assist.simulator.open-kf-ids=wkLinks",
        "assist.customer-links.tiers[20-50万]=direct",
        "assist.customer-links.tiers[50万以上]=account-manager",
        "assist.customer-links.import-batch-size=3",
        "assist.customer-links.import-progress-every=4"})
@AutoConfigureWebTestClient(timeout = "30s")
class CustomerLinksApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KF = "wkLinks";
    /** Vague: a draft for a person. */
    private static final String UNSURE = "那个东西怎么弄";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient web;
    @Autowired
    AccountManagers accountManagers;
    @Autowired
    CustomerLinks links;
    @Autowired
    WecomSimulator simulator;
    @Autowired
    ApprovalQueue approvals;

    @Test
    void onlyAnAdministratorWritesAndAnAccountManagerReadsOnlyTheirOwnCustomers() {
        put("root", "wmApiA", Map.of("customerNo", "CN-A", "managerUserId", "mia", "asOf", "2026-12-01T08:00:00+08:00"))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.outcome").isEqualTo("APPLIED")
                .jsonPath("$.link.customerNo").isEqualTo("CN-A")
                .jsonPath("$.link.source").isEqualTo("API")
                .jsonPath("$.link.asOf").isEqualTo("2026-12-01T00:00:00Z");
        put("root", "wmApiB", Map.of("customerNo", "CN-B", "managerUserId", "bob", "asOf", "2026-12-01"))
                .expectStatus().isOk();
        for (String user : List.of("mia", "carol", "sam", "cora")) {
            put(user, "wmApiA", Map.of("customerNo", "CN-X", "asOf", "2026-12-02")).expectStatus().isForbidden();
            web.delete().uri("/api/customer-links/wmApiA?asOf=2026-12-02").headers(Staff.as(user)).exchange()
                    .expectStatus().isForbidden();
        }
        web.get().uri("/api/customer-links/wmApiA").exchange().expectStatus().isUnauthorized();
        // mia: her own customer, and her own list; not bob's
        get("mia", "/api/customer-links/wmApiA").expectStatus().isOk().expectBody()
                .jsonPath("$.customerNo").isEqualTo("CN-A").jsonPath("$.managerUserId").isEqualTo("mia");
        get("mia", "/api/customer-links/wmApiB").expectStatus().isForbidden().expectBody()
                .jsonPath("$.reason").isEqualTo("OUT_OF_SCOPE");
        JsonNode hers = JSON.readTree(get("mia", "/api/customer-links/managers/mia/customers").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(hers.get("customers").valueStream().map(c -> c.get("externalUserId").asString()).toList())
                .contains("wmApiA").doesNotContain("wmApiB");
        assertThat(hers.get("count").asLong()).isEqualTo(hers.get("customers").size());
        get("mia", "/api/customer-links/managers/bob/customers").expectStatus().isForbidden();
        // supervisors and agents see no customer numbers
        get("sam", "/api/customer-links/wmApiA").expectStatus().isForbidden();
        get("carol", "/api/customer-links/wmApiA").expectStatus().isForbidden();
        get("root", "/api/customer-links/wmApiB").expectStatus().isOk();
        get("root", "/api/customer-links/wmNeverLinked").expectStatus().isNotFound();

        // refused fields, and an older removal
        put("root", "wmApiA", Map.of("customerNo", "CN-A", "asOf", "yesterday")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_LINK");
        put("root", "wmApiA", Map.of("customerNo", "CN-A", "asOf", Instant.now().plus(Duration.ofDays(2)).toString()))
                .expectStatus().isBadRequest();
        put("root", "wmApiA", Map.of("customerNo", "CN-A", "tier", "1-5万", "asOf", "2026-12-02"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.message").value(m ->
                        assertThat((String) m).contains("tier").doesNotContain("CN-A"));
        web.delete().uri("/api/customer-links/wmApiA?asOf=2026-11-30").headers(Staff.as("root")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("STALE")
                .jsonPath("$.link.customerNo").isEqualTo("CN-A");
        web.delete().uri("/api/customer-links/wmApiA?asOf=2026-12-03").headers(Staff.as("root")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("APPLIED")
                .jsonPath("$.link").doesNotExist();
        get("root", "/api/customer-links/wmApiA").expectStatus().isNotFound();
    }

    @Test
    void aCsvImportReportsEachBadLineByNumberAndKeepsTheNewestOfEachCustomer() {
        String csv = String.join("\n",
                "\uFEFFexternal_userid,customer_no,manager_userid,tier,as_of",
                "wmCsv1,CN-1,mia,50万以上,2026-12-01T10:00:00Z",
                "wmCsv1,CN-1,bob,50万以上,2026-12-01T09:00:00Z",        // older than line 2: stale
                "wmCsv2,\"CN,2\",bob,,2026-12-01",
                "",
                "wmCsv3,CN-3,mia,1-5万,2026-12-01",                      // a tier not configured
                "wm Csv4,CN-4,mia,,2026-12-01",                          // not an external_userid
                "wmCsv5,,mia,,2026-12-01",                               // no customer number
                "wmCsv6,CN-6,mia,,01/12/2026",                           // not a date
                "wmCsv7,\"CN-7,mia,,2026-12-01",                         // an open quote
                "wmCsv2,\"CN,2\",mia,,2026-12-02",                       // newer: bob's customer becomes mia's
                "wmCsv1,CN-1,mia,50万以上,2026-12-01T10:00:00Z") + "\n";  // the same again: unchanged
        List<JsonNode> events = importCsv("root", csv);
        List<JsonNode> rejected = events.stream().filter(e -> e.get("kind").asString().equals("REJECTED")).toList();
        assertThat(rejected).extracting(e -> e.get("line").asLong()).containsExactly(6L, 7L, 8L, 9L, 10L);
        assertThat(rejected.get(0).get("reason").asString()).contains("tier");
        assertThat(rejected.get(1).get("reason").asString()).contains("external_userid");
        assertThat(rejected.get(2).get("reason").asString()).contains("customer_no is missing");
        assertThat(rejected.get(3).get("reason").asString()).contains("as_of");
        assertThat(rejected.get(4).get("reason").asString()).contains("quoted");
        // progress after each batch (3 lines) that ends 4 or more lines after the last report
        assertThat(events.stream().filter(e -> e.get("kind").asString().equals("PROGRESS"))
                .map(e -> e.get("counts").get("lines").asLong()).toList()).containsExactly(6L, 12L);
        JsonNode finished = events.get(events.size() - 1);
        assertThat(finished.get("kind").asString()).isEqualTo("FINISHED");
        assertThat(finished.get("counts").get("lines").asLong()).isEqualTo(12L);
        assertThat(finished.get("counts").get("applied").asLong()).isEqualTo(3L);
        assertThat(finished.get("counts").get("stale").asLong()).isEqualTo(1L);
        assertThat(finished.get("counts").get("unchanged").asLong()).isEqualTo(1L);
        assertThat(finished.get("counts").get("rejected").asLong()).isEqualTo(5L);

        CustomerLink one = links.link("wmCsv1").block(WAIT);
        assertThat(one.managerUserId()).isEqualTo("mia");
        assertThat(one.source()).isEqualTo(CustomerLink.Source.FILE);
        CustomerLink two = links.link("wmCsv2").block(WAIT);
        assertThat(two.customerNo()).isEqualTo("CN,2");
        assertThat(two.managerUserId()).isEqualTo("mia");
        assertThat(links.link("wmCsv3").blockOptional(WAIT)).isEmpty();

        // only an administrator imports; a file without the header's columns imports nothing
        web.post().uri("/api/customer-links/import").headers(Staff.as("mia")).contentType(MediaType.TEXT_PLAIN)
                .bodyValue(csv).exchange().expectStatus().isForbidden();
        List<JsonNode> headless = importCsv("root", "wmCsv9,CN-9,mia,,2026-12-01\nwmCsv10,CN-10,mia,,2026-12-01\n");
        assertThat(headless.get(0).get("reason").asString()).contains("header");
        assertThat(headless.get(headless.size() - 1).get("counts").get("applied").asLong()).isZero();
        assertThat(links.link("wmCsv10").blockOptional(WAIT)).isEmpty();
    }

    @Test
    void routingReadsTheManagerFromTheLinksWithTheConfiguredListBehindThem() {
        put("root", "wmRouteBob", Map.of("customerNo", "CN-R1", "managerUserId", "bob", "tier", "50万以上",
                "asOf", "2026-12-01")).expectStatus().isOk();
        put("root", "wmRouteDirect", Map.of("customerNo", "CN-R2", "managerUserId", "bob", "tier", "20-50万",
                "asOf", "2026-12-01")).expectStatus().isOk();
        // configured: wmMiasCustomer → mia; linked without a 管户, the configured one stands
        put("root", "wmMiasCustomer", Map.of("customerNo", "CN-R3", "asOf", "2026-12-01")).expectStatus().isOk();
        assertThat(accountManagers.of(ConversationKey.kf(KF, "wmRouteBob")).block(WAIT)).isEqualTo("bob");
        assertThat(accountManagers.of(ConversationKey.kf(KF, "wmRouteDirect")).blockOptional(WAIT)).isEmpty();
        assertThat(accountManagers.of(ConversationKey.kf(KF, "wmMiasCustomer")).block(WAIT)).isEqualTo("mia");
        assertThat(accountManagers.of(ConversationKey.kf(KF, "wmNobodysCustomer")).blockOptional(WAIT)).isEmpty();
        assertThat(accountManagers.of(ConversationKey.app("1000002", "wmRouteBob")).blockOptional(WAIT)).isEmpty();

        // a whole turn: the linked customer's draft waits in bob's queue, the 直营 tier's in the 直营 queue
        SimulatedCustomers customers = new SimulatedCustomers(simulator, approvals, KF, WAIT);
        QueuedDraft bobs = customers.askAndAwaitDraft("wmRouteBob", UNSURE);
        assertThat(bobs.draft().queue()).isEqualTo("bob");
        QueuedDraft direct = customers.askAndAwaitDraft("wmRouteDirect", UNSURE);
        assertThat(direct.draft().queue()).isEqualTo(RoutingDecision.DIRECT_QUEUE);
    }

    private WebTestClient.ResponseSpec put(String user, String customer, Map<String, String> body) {
        return web.put().uri("/api/customer-links/{c}", customer).headers(Staff.as(user)).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec get(String user, String uri) {
        return web.get().uri(uri).headers(Staff.as(user)).exchange();
    }

    private List<JsonNode> importCsv(String user, String csv) {
        String answer = web.post().uri("/api/customer-links/import").headers(Staff.as(user))
                .contentType(MediaType.parseMediaType("text/csv")).accept(MediaType.APPLICATION_NDJSON)
                .bodyValue(csv.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return answer.lines().filter(l -> !l.isBlank()).map(JSON::readTree).toList();
    }
}
