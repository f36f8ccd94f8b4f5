package com.wecomassist.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.audit.AuditEvent.Type;
import com.wecomassist.testing.Staff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** {@code GET /api/audit} on the embedded defaults, and the events counter. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"assist.audit.max-per-conversation=1500",
        // a thousand events are recorded here: keep their log lines out of the build output
        "logging.level.assist.audit=warn"})
@AutoConfigureWebTestClient
class AuditControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    WebTestClient anonymous;
    /** As cora, a compliance officer: the role that reads the trail. */
    WebTestClient web;
    @Autowired
    AuditTrail trail;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void login() {
        web = anonymous.mutate().defaultHeaders(Staff.as("cora")).build();
    }

    @Test
    void onlyComplianceOfficersAndAdminsReadIt() {
        anonymous.get().uri("/api/audit?conversation=kf:a:b").exchange().expectStatus().isUnauthorized();
        anonymous.get().uri("/api/audit?conversation=kf:a:b").headers(Staff.as("gina")).exchange()
                .expectStatus().isForbidden();
        anonymous.get().uri("/api/audit?conversation=kf:a:b").headers(Staff.as("root")).exchange()
                .expectStatus().isOk();
    }

    @Test
    void answersTheTrailOldestFirstAsJson() {
        String conversation = "kf:wkBank:wm" + UUID.randomUUID();
        Instant at = Instant.parse("2026-11-24T08:00:00.250Z");
        trail.record(new AuditEvent(Type.MESSAGE_RECEIVED, conversation, "msg-1", "customer", at, Map.of("kind", "text")))
                .block(WAIT);
        trail.record(new AuditEvent(Type.DRAFTED, conversation, "d-1", "bot", at.plusSeconds(2),
                Map.of("entries", List.of("kb-17@3"), "confidence", 0.82))).block(WAIT);
        trail.record(new AuditEvent(Type.SENT, conversation, "d-1", "bot", at.plusSeconds(3),
                Map.of("msgids", List.of("m-a")))).block(WAIT);

        web.get().uri(b -> b.path("/api/audit").queryParam("conversation", conversation).build()).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.length()").isEqualTo(3)
                .jsonPath("$[0].type").isEqualTo("MESSAGE_RECEIVED")
                .jsonPath("$[0].subject").isEqualTo("msg-1")
                .jsonPath("$[0].actor").isEqualTo("customer")
                .jsonPath("$[0].at").isEqualTo("2026-11-24T08:00:00.250Z")
                .jsonPath("$[1].details.entries[0]").isEqualTo("kb-17@3")
                .jsonPath("$[1].details.confidence").isEqualTo(0.82)
                .jsonPath("$[2].type").isEqualTo("SENT");

        web.get().uri(b -> b.path("/api/audit").queryParam("conversation", conversation).queryParam("limit", 2).build())
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].type").isEqualTo(List.of("DRAFTED", "SENT"));
    }

    @Test
    void anUnknownConversationHasAnEmptyTrail() {
        web.get().uri("/api/audit?conversation=kf:nobody:nobody").exchange()
                .expectStatus().isOk()
                .expectBody().json("[]");
    }

    @Test
    void refusesAMissingConversationOrABadLimit() {
        web.get().uri("/api/audit").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.reason").isEqualTo("MISSING_CONVERSATION")
                .jsonPath("$.message").isNotEmpty();
        web.get().uri(b -> b.path("/api/audit").queryParam("conversation", "  ").build()).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_CONVERSATION");
        web.get().uri("/api/audit?conversation=kf:a:b&limit=lots").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.reason").isEqualTo("INVALID_LIMIT")
                .jsonPath("$.message").isNotEmpty();
    }

    @Test
    void clampsTheLimit() {
        String conversation = "kf:wkBank:wm" + UUID.randomUUID();
        Flux.range(0, AuditController.MAX_LIMIT + 5)
                .concatMap(i -> trail.record(new AuditEvent(Type.ROUTED, conversation, "d-" + i, "bot",
                        Instant.parse("2026-11-24T08:00:00Z").plusSeconds(i), Map.of())))
                .then().block(WAIT);

        web.get().uri(b -> b.path("/api/audit").queryParam("conversation", conversation).queryParam("limit", 1_000_000)
                        .build())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(AuditController.MAX_LIMIT)
                .jsonPath("$[0].subject").isEqualTo("d-5");
        web.get().uri(b -> b.path("/api/audit").queryParam("conversation", conversation).queryParam("limit", -3).build())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].subject").isEqualTo("d-" + (AuditController.MAX_LIMIT + 4));
    }

    @Test
    void countsRecordedEventsByType() {
        double before = count(Type.HANDED_OFF);
        trail.record(new AuditEvent(Type.HANDED_OFF, "kf:wkBank:wm" + UUID.randomUUID(), "msg-9", "bot", Instant.now(),
                Map.of("reasons", List.of("customer_asked_for_human")))).block(WAIT);
        assertThat(count(Type.HANDED_OFF)).isEqualTo(before + 1);
    }

    private double count(Type type) {
        Counter counter = meters.find("assist.audit.events").tag("type", type.name()).counter();
        return counter == null ? 0 : counter.count();
    }
}
