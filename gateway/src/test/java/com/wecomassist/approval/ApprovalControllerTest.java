package com.wecomassist.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The approval REST API on the embedded defaults: status codes and bodies, refusals included. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "assist.approval.lease=90s")
@AutoConfigureWebTestClient
class ApprovalControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Autowired
    WebTestClient web;
    @Autowired
    ApprovalQueue queue;

    @Test
    void listsWaitingDraftsInQueueOrderWithTheirClaims() {
        String low = enqueue(1, 30);
        String high = enqueue(90, 60);
        post(high, "claim", "alice").expectStatus().isOk();

        web.get().uri("/api/approvals").headers(Staff.as("alice")).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$[?(@.draft.draftId == '%s')].claim.agentId".formatted(high)).isEqualTo("alice")
                .jsonPath("$[?(@.draft.draftId == '%s')].draft.priority".formatted(high)).isEqualTo(90)
                .jsonPath("$[?(@.draft.draftId == '%s')].draft.conversation.account".formatted(low)).isEqualTo("wkBank")
                .jsonPath("$[?(@.draft.draftId == '%s')].draft.sources[0]".formatted(low)).isEqualTo("kb-17@3")
                .jsonPath("$[?(@.draft.draftId == '%s')].draft.reasons[0]".formatted(low)).isEqualTo("low_confidence");
        List<String> order = queue.pending().map(q -> q.draft().draftId())
                .filter(id -> id.equals(low) || id.equals(high)).collectList().block(WAIT);
        assertThat(order).containsExactly(high, low);
    }

    @Test
    void claimReleaseAndApproveWithTheirRefusals() {
        String id = enqueue(0, 10);

        post(id, "release", "alice").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_CLAIMED");
        post(id, "claim", "alice").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.draft.draftId").isEqualTo(id)
                .jsonPath("$.draft.draftText").isEqualTo("您好，本行信用卡首年免年费……")
                .jsonPath("$.claim.agentId").isEqualTo("alice")
                .jsonPath("$.claim.leaseUntil").exists();
        Instant leaseUntil = queue.pending().filter(q -> q.draft().draftId().equals(id)).blockFirst(WAIT)
                .claim().leaseUntil();
        assertThat(leaseUntil).isBetween(Instant.now().plusSeconds(60), Instant.now().plusSeconds(91));

        post(id, "claim", "bob").expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.reason").isEqualTo("CLAIMED_BY_ANOTHER")
                .jsonPath("$.heldBy").isEqualTo("alice")
                .jsonPath("$.message").isNotEmpty();
        post(id, "release", "bob").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("CLAIMED_BY_ANOTHER");
        post(id, "approve", "bob").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("CLAIMED_BY_ANOTHER");

        post(id, "release", "alice").expectStatus().isOk()
                .expectBody().jsonPath("$.draft.draftId").isEqualTo(id).jsonPath("$.claim").isEmpty();
        post(id, "claim", "bob").expectStatus().isOk();
        post(id, "approve", "bob").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("DONE")
                .jsonPath("$.draft.draftId").isEqualTo(id)
                .jsonPath("$.draft.customerMessageId").isEqualTo("msg-" + id);
        post(id, "approve", "bob").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("ALREADY_COMPLETED");
        post(id, "claim", "alice").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("ALREADY_COMPLETED");

        assertThat(queue.pending().filter(q -> q.draft().draftId().equals(id)).collectList().block(WAIT)).isEmpty();
    }

    @Test
    void unknownDraftsAre404AndNoLoginIs401() {
        for (String action : List.of("claim", "release", "approve", "reject", "take-over")) {
            post("no-such-draft", action, "alice").expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_DRAFT");
        }
        String id = enqueue(0, 10);
        web.post().uri("/api/approvals/{id}/claim", id).exchange()
                .expectStatus().isUnauthorized();
        web.post().uri("/api/approvals/{id}/claim", id).header("X-Agent-Id", "alice").exchange()
                .expectStatus().isUnauthorized();
        assertThat(queue.pending().filter(q -> q.draft().draftId().equals(id)).blockFirst(WAIT).claimed()).isFalse();
    }

    private WebTestClient.ResponseSpec post(String id, String action, String agent) {
        return web.post().uri("/api/approvals/{id}/{action}", id, action)
                .headers(Staff.as(agent))
                .exchange();
    }

    /** A draft with a fresh id (the context, and so the queue, is shared between tests). */
    private String enqueue(int priority, int minutesToDeadline) {
        String id = "d-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PendingDraft draft = PendingDraft.awaiting(id, ConversationKey.kf("wkBank", "wm1"), "msg-" + id, "信用卡年费怎么收？",
                        "您好，本行信用卡首年免年费……", now, Duration.ofMinutes(minutesToDeadline))
                .withSources(List.of("kb-17@3"), 0.4, null)
                .withRouting(List.of("low_confidence"), priority, null);
        assertThat(queue.enqueue(draft).block(WAIT).ok()).isTrue();
        return id;
    }
}
