package com.wecomassist.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.testing.Staff;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bank's events through the gateway (embedded mode): who may send them (the feed's service account and
 * administrators, nobody else; and the feed nothing else), a batch with every outcome, duplicates, a
 * customer number matched once the bank links it, personal data masked before it is kept, every schema
 * refusal naming its index and field with nothing of the batch taken, and the listeners told of accepted
 * events only, a failing one counted and not in the way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.events.max-batch=20",
        "assist.events.max-body=4KB",
        "assist.events.max-attributes=3",
        "assist.events.max-attribute-length=40",
        "assist.events.hmac-secret=" + EventsApiTest.SECRET})
@AutoConfigureWebTestClient(timeout = "30s")
class EventsApiTest {

    static final String SECRET = "a-test-secret-of-the-banks-event-feed-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient web;
    @Autowired
    CustomerLinks links;
    @Autowired
    BankEvents events;
    @Autowired
    MeterRegistry meters;
    @Autowired
    RecordingListener heard;

    /** Hears every accepted event. */
    static final class RecordingListener implements BankEventListener {
        final List<BankEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> onAccepted(BankEvent event) {
            events.add(event);
            return Mono.empty();
        }
    }

    /** Fails on every event, one way or the other. */
    static final class BrokenListener implements BankEventListener {
        @Override
        public Mono<Void> onAccepted(BankEvent event) {
            if (event.type().equals("purchase")) {
                throw new IllegalStateException("thrown, not returned");
            }
            return Mono.error(new IllegalStateException("the strategies engine is down"));
        }
    }

    @TestConfiguration
    static class Listeners {
        @Bean
        BrokenListener brokenListener() {
            return new BrokenListener();
        }

        @Bean
        RecordingListener recordingListener() {
            return new RecordingListener();
        }
    }

    private static String event(String id, String customerField, String customer, String type, Instant at,
                                String attributes) {
        return "{\"event_id\":\"" + id + "\",\"" + customerField + "\":\"" + customer + "\",\"type\":\"" + type
                + "\",\"occurred_at\":\"" + at + "\"" + (attributes == null ? "" : ",\"attributes\":" + attributes)
                + "}";
    }

    private WebTestClient.ResponseSpec post(String user, String body) {
        WebTestClient.RequestBodySpec request = web.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON);
        if (user != null) {
            request.headers(Staff.as(user));
        }
        return request.bodyValue(body).exchange();
    }

    private JsonNode ok(String user, String body) {
        return JSON.readTree(post(user, body).expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody());
    }

    private JsonNode refused(String body, int status) {
        return JSON.readTree(post("feed", body).expectStatus().isEqualTo(status).expectBody(String.class)
                .returnResult().getResponseBody());
    }

    private static List<String> outcomes(JsonNode answer) {
        return answer.get("results").valueStream().map(r -> r.get("outcome").asString()).toList();
    }

    /** What the listener heard of this test's batch (the other tests send events too). */
    private List<BankEvent> heardOfBatch() {
        return heard.events.stream().filter(e -> e.id().startsWith("b-")).toList();
    }

    private double received(String outcome) {
        var counter = meters.find("assist.events.received").tags("source", "API", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aBatchAnswersEachEventsOutcomeAndTheListenersHearOfTheAcceptedOnes() {
        Instant now = Instant.now();
        links.upsert(new CustomerLink("wmEvLinked", "CN-EV-1", "mia", null, CustomerLink.Source.API, now, now))
                .block(WAIT);
        double acceptedBefore = received("ACCEPTED");
        String batch = "[" + String.join(",",
                event("b-1", "external_userid", "wmEvDirect", "large_transfer", now.minusSeconds(60),
                        "{\"amount\":250000.50,\"direction\":\"out\",\"note\":\"对方手机13812345678\"}"),
                event("b-2", "customer_no", "CN-EV-1", "deposit_page_no_order", now.minusSeconds(30),
                        "{\"page\":\"存款产品页\",\"seconds\":95}"),
                event("b-3", "customer_no", "CN-EV-LATER", "wealth_maturity", now.minusSeconds(20),
                        "{\"product\":\"稳健理财A\",\"matured\":true}"),
                event("b-1", "external_userid", "wmEvDirect", "large_transfer", now.minusSeconds(60), null),
                event("b-4", "external_userid", "wmEvDirect", "purchase", now.minus(Duration.ofDays(91)), null),
                event("b-5", "external_userid", "wmEvDirect", "purchase", now.plus(Duration.ofHours(1)), null),
                event("b-6", "external_userid", "wmEvDirect", "purchase", now.minusSeconds(10), null)) + "]";
        JsonNode answer = ok("feed", batch);
        assertThat(outcomes(answer)).containsExactly("ACCEPTED", "ACCEPTED", "UNLINKED", "DUPLICATE", "REJECTED",
                "REJECTED", "ACCEPTED");
        assertThat(answer.get("results").get(4).get("reason").asString()).startsWith("OLDER_THAN_WINDOW");
        assertThat(answer.get("results").get(5).get("reason").asString()).startsWith("IN_THE_FUTURE");
        assertThat(answer.get("results").get(6).get("index").asInt()).isEqualTo(6);
        assertThat(answer.get("results").get(6).get("eventId").asString()).isEqualTo("b-6");
        assertThat(answer.get("counts").get("ACCEPTED").asInt()).isEqualTo(3);
        assertThat(answer.get("counts").get("REJECTED").asInt()).isEqualTo(2);
        assertThat(received("ACCEPTED") - acceptedBefore).isEqualTo(3.0);

        // the listeners heard of the accepted ones, once each, the failing one in the way of none
        assertThat(heardOfBatch()).extracting(BankEvent::id).containsExactlyInAnyOrder("b-1", "b-2", "b-6");
        BankEvent linked = heardOfBatch().stream().filter(e -> e.id().equals("b-2")).findFirst().orElseThrow();
        assertThat(linked.externalUserId()).isEqualTo("wmEvLinked");
        assertThat(linked.customerNo()).isNull();
        var failures = meters.find("assist.events.listener.failures").tags("listener", "BrokenListener").counter();
        assertThat(failures).isNotNull();
        assertThat(failures.count()).isGreaterThanOrEqualTo(3.0);

        // kept as sent, the phone number masked; the decimal exact
        List<BankEvent> direct = events.recent("wmEvDirect", now.minus(Duration.ofDays(1)), 10).collectList()
                .block(WAIT);
        assertThat(direct).extracting(BankEvent::id).containsExactly("b-6", "b-1");
        Map<String, Object> attributes = direct.get(1).attributes();
        assertThat(attributes.get("note").toString()).doesNotContain("13812345678").endsWith("5678");
        assertThat(attributes.get("amount")).isEqualTo(new java.math.BigDecimal("250000.5"));
        assertThat(attributes).containsEntry("direction", "out");
        assertThat(events.countsByType("wmEvDirect", now.minus(Duration.ofDays(1))).block(WAIT))
                .isEqualTo(Map.of("large_transfer", 1L, "purchase", 1L));

        // the same batch again: duplicates; a listener failed on each, so none counts as decided and each is
        // told again (once: b-1 twice in the batch is one event)
        JsonNode again = ok("feed", batch);
        assertThat(outcomes(again)).containsExactly("DUPLICATE", "DUPLICATE", "DUPLICATE", "DUPLICATE", "REJECTED",
                "REJECTED", "DUPLICATE");
        assertThat(heardOfBatch()).extracting(BankEvent::id).containsExactlyInAnyOrder("b-1", "b-2", "b-6",
                "b-1", "b-2", "b-6");

        // the unlinked customer number's event is the customer's as soon as the bank links them
        links.upsert(new CustomerLink("wmEvLater", "CN-EV-LATER", "mia", null, CustomerLink.Source.API, now, now))
                .block(WAIT);
        List<BankEvent> later = events.recent("wmEvLater", now.minus(Duration.ofDays(1)), 10).collectList()
                .block(WAIT);
        assertThat(later).extracting(BankEvent::id).containsExactly("b-3");
        assertThat(later.get(0).externalUserId()).isEqualTo("wmEvLater");
        assertThat(later.get(0).attributes()).containsEntry("matured", true).containsEntry("product", "稳健理财A");

        // a single object is a batch of one
        JsonNode single = ok("root", event("s-1", "external_userid", "wmEvDirect", "purchase", now, null));
        assertThat(outcomes(single)).containsExactly("ACCEPTED");
    }

    @Test
    void aBatchWithAnyFieldRefusedIsA400NamingEachIndexAndFieldAndNothingOfItIsTaken() {
        Instant now = Instant.now();
        String good = event("v-ok", "external_userid", "wmEvValid", "purchase", now, null);
        String batch = "[" + String.join(",", good,
                "\"not an object\"",
                "{\"external_userid\":\"wmEvValid\",\"type\":\"purchase\",\"occurred_at\":\"" + now + "\"}",
                event("v-3", "external_userid", "wmEvValid", "Large-Transfer", now, null),
                "{\"event_id\":\"v-4\",\"external_userid\":\"wmEvValid\",\"customer_no\":\"C1\",\"type\":\"purchase\","
                        + "\"occurred_at\":\"" + now + "\"}",
                "{\"event_id\":\"v-5\",\"type\":\"purchase\",\"occurred_at\":\"" + now + "\"}",
                event("v-6", "external_userid", "wmEvValid", "purchase", now, null).replace(now.toString(),
                        "yesterday"),
                event("v-7", "external_userid", "wmEvValid", "purchase", now, "{\"nested\":{\"a\":1}}"),
                event("v-8", "external_userid", "wmEvValid", "purchase", now, "{\"note\":\"" + "长".repeat(41) + "\"}"),
                event("v-9", "external_userid", "wmEvValid", "purchase", now, "{\"a\":1,\"b\":2,\"c\":3,\"d\":4}"),
                event("v-10", "external_userid", "wmEvValid", "purchase", now, "{\"Bad-Name\":1}"),
                event("v-11", "external_userid", "wmEvValid", "purchase", now, null).replace("}", ",\"extra\":1}"),
                event("v/12", "external_userid", "wm Ev", "purchase", now, "{\"n\":null}")) + "]";
        JsonNode answer = refused(batch, 400);
        assertThat(answer.get("reason").asString()).isEqualTo("INVALID_EVENTS");
        assertThat(answer.get("message").asString()).startsWith("[1].(event): must be a JSON object");
        Map<Integer, List<String>> fields = answer.get("errors").valueStream().collect(Collectors.groupingBy(
                e -> e.get("index").asInt(), java.util.TreeMap::new,
                Collectors.mapping(e -> e.get("field").asString(), Collectors.toList())));
        assertThat(fields).containsEntry(1, List.of("(event)"))
                .containsEntry(2, List.of("event_id"))
                .containsEntry(3, List.of("type"))
                .containsEntry(4, List.of("customer_no"))
                .containsEntry(5, List.of("external_userid"))
                .containsEntry(6, List.of("occurred_at"))
                .containsEntry(7, List.of("attributes.nested"))
                .containsEntry(8, List.of("attributes.note"))
                .containsEntry(9, List.of("attributes"))
                .containsEntry(10, List.of("attributes.Bad-Name"))
                .containsEntry(11, List.of("extra"))
                .containsEntry(12, List.of("event_id", "external_userid", "attributes.n"))
                .doesNotContainKey(0);
        // nothing of the batch was taken: the good event is new when it comes again alone
        assertThat(outcomes(ok("feed", good))).containsExactly("ACCEPTED");

        // the body as a whole
        assertThat(refused("this is not JSON", 400).get("reason").asString()).isEqualTo("INVALID_JSON");
        assertThat(refused("[]", 400).get("errors").get(0).get("field").asString()).isEqualTo("(body)");
        assertThat(refused("42", 400).get("reason").asString()).isEqualTo("INVALID_EVENTS");
        String tooMany = "[" + IntStream.range(0, 21).mapToObj(i -> event("t-" + i, "external_userid", "wmEvValid",
                "purchase", now, null)).collect(Collectors.joining(",")) + "]";
        assertThat(refused(tooMany, 400).get("message").asString()).contains("1 to 20 events");
        String tooLarge = "[" + IntStream.range(0, 20).mapToObj(i -> event("big-" + i, "external_userid",
                "wmEvValid", "purchase", now, "{\"a\":\"" + "x".repeat(40) + "\",\"b\":\"" + "y".repeat(40)
                        + "\",\"c\":\"" + "z".repeat(40) + "\"}")).collect(Collectors.joining(",")) + "]";
        assertThat(refused(tooLarge, 413).get("reason").asString()).isEqualTo("BODY_TOO_LARGE");
        assertThat(events.recent("wmEvValid", now.minus(Duration.ofDays(1)), 100).collectList().block(WAIT))
                .extracting(BankEvent::id).containsExactly("v-ok");
    }

    private WebTestClient.ResponseSpec signed(String body, long seconds, String signature) {
        return web.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .header(EventSignatures.TIMESTAMP_HEADER, Long.toString(seconds))
                .header(EventSignatures.SIGNATURE_HEADER, signature)
                .bodyValue(body).exchange();
    }

    private static String signature(String secret, long seconds, String body) {
        return EventSignatures.sign(secret, seconds, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aSystemThatCannotDoBasicSignsItsRequestsInstead() {
        long now = Instant.now().getEpochSecond();
        String body = event("h-1", "external_userid", "wmEvSigned", "purchase", Instant.now(), "{\"page\":\"理财\"}");
        JsonNode answer = JSON.readTree(signed(body, now, signature(SECRET, now, body)).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(outcomes(answer)).containsExactly("ACCEPTED");
        // the same signed request again (within the skew): taken, and a duplicate
        assertThat(outcomes(JSON.readTree(signed(body, now, signature(SECRET, now, body)).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()))).containsExactly("DUPLICATE");

        String other = body.replace("h-1", "h-2");
        signed(other, now, signature("another-secret-of-at-least-thirty-two-chars", now, other))
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.reason").isEqualTo("BAD_SIGNATURE");
        // the body changed after signing, the time changed after signing, no signature, an old time
        signed(other, now, signature(SECRET, now, body)).expectStatus().isUnauthorized();
        signed(other, now + 1, signature(SECRET, now, other)).expectStatus().isUnauthorized();
        signed(other, now, "").expectStatus().isUnauthorized();
        long old = now - 600;
        signed(other, old, signature(SECRET, old, other)).expectStatus().isUnauthorized().expectBody()
                .jsonPath("$.reason").isEqualTo("STALE_TIMESTAMP");
        web.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).header(EventSignatures.SIGNATURE_HEADER,
                signature(SECRET, now, other)).bodyValue(other).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("BAD_TIMESTAMP");
        assertThat(events.recent("wmEvSigned", Instant.EPOCH, 10).collectList().block(WAIT))
                .extracting(BankEvent::id).containsExactly("h-1");
        // a signature opens this endpoint only
        web.get().uri("/api/me").header(EventSignatures.TIMESTAMP_HEADER, Long.toString(now))
                .header(EventSignatures.SIGNATURE_HEADER, signature(SECRET, now, "")).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void onlyTheFeedAndAdministratorsMaySendAndTheFeedMayDoNothingElse() {
        String one = event("r-1", "external_userid", "wmEvRoles", "purchase", Instant.now(), null);
        post(null, one).expectStatus().isUnauthorized();
        post("carol", one).expectStatus().isForbidden();   // AGENT
        post("mia", one).expectStatus().isForbidden();     // ACCOUNT_MANAGER
        post("sam", one).expectStatus().isForbidden();     // SUPERVISOR
        post("feed", one).expectStatus().isOk();
        post("root", one).expectStatus().isOk();
        for (String path : List.of("/api/me", "/api/dashboard", "/api/customer-links/wmEvRoles",
                "/api/conversations", "/api/kb/entries", "/api/users", "/console/", "/console/agent.html",
                "/actuator/prometheus")) {
            web.method(HttpMethod.GET).uri(path).headers(Staff.as("feed")).exchange().expectStatus().isForbidden();
        }
        // the others still reach what they did
        web.get().uri("/api/me").headers(Staff.as("carol")).exchange().expectStatus().isOk();
        web.get().uri("/console/agent.html").headers(Staff.as("carol")).exchange().expectStatus().isOk();
    }
}
