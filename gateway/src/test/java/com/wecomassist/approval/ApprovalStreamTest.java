package com.wecomassist.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.conversation.ConversationKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import com.wecomassist.testing.Staff;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The live queue: agents' consoles are pushed each change of the queue, whoever made it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "assist.approval.stream-refresh=100ms")
@AutoConfigureWebTestClient
class ApprovalStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    ApprovalQueue queue;
    @Autowired
    WebTestClient web;

    @Test
    void eachChangeOfTheQueueIsPushedWithItsClaims() {
        String id = "stream-" + UUID.randomUUID();
        Flux<List<QueuedDraft>> events = web.mutate().responseTimeout(WAIT).build()
                .get().uri("/api/approvals/stream").headers(Staff.as("alice")).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<List<QueuedDraft>>>() { })
                .getResponseBody()
                .filter(event -> "queue".equals(event.event()))
                .map(ServerSentEvent::data);

        StepVerifier.create(events)
                .thenConsumeWhile(list -> list.stream().noneMatch(q -> q.draft().draftId().equals(id)),
                        list -> {
                            if (list.stream().noneMatch(q -> q.draft().draftId().equals(id))) {
                                enqueueOnce(id);
                            }
                        })
                .assertNext(list -> assertThat(list).filteredOn(q -> q.draft().draftId().equals(id)).singleElement()
                        .satisfies(q -> assertThat(q.claimed()).isFalse()))
                .then(() -> queue.claim(id, "alice", Duration.ofMinutes(1)).block(WAIT))
                .assertNext(list -> assertThat(list).filteredOn(q -> q.draft().draftId().equals(id)).singleElement()
                        .satisfies(q -> assertThat(q.claim().agentId()).isEqualTo("alice")))
                .thenCancel()
                .verify(WAIT);
    }

    private boolean enqueued;

    private void enqueueOnce(String id) {
        if (enqueued) {
            return;
        }
        enqueued = true;
        Instant now = Instant.now();
        queue.enqueue(PendingDraft.awaiting(id, ConversationKey.kf("wkBank", "wmStream"), "msg-" + id, "信用卡年费怎么收？",
                        "您好，本行信用卡首年免年费……", now, Duration.ofMinutes(3))
                .withSources(List.of("demo-057@1"), 0.5, null)
                .withRouting(List.of("low-confidence"), 0, null)).block(WAIT);
    }
}
