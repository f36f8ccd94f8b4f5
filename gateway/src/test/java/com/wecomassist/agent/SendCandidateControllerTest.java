package com.wecomassist.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.dashboard.AnswerOutcome;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.SimulatedCustomers;
import com.wecomassist.testing.PublishedEntries;
import com.wecomassist.testing.Staff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code POST /api/approvals/{id}/send-candidate} on the embedded defaults: a queued draft carries
 * retrieval's best three entries; the agent holding it sends another one with one click, which the
 * customer receives, the trail records and {@code assist.answers} counts as one click; refused
 * without the claim, for an entry that is no candidate, and when compliance blocks the answer; the
 * customer's phrasing lands on the content team's review list as a variant of the entry sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class SendCandidateControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** What the compliance rules of the test configuration block (a promise of returns). */
    private static final String BLOCKED = "这款理财稳赚不赔，放心买。";

    @Autowired
    WebTestClient web;
    @Autowired
    ApprovalQueue queue;
    @Autowired
    AuditTrail audit;
    @Autowired
    WecomSimulator simulator;
    @Autowired
    MeterRegistry meters;

    @Test
    void aQueuedDraftCarriesRetrievalsBestThreeAndTheSecondIsSentWithOneClick() {
        String kf = simulator.openKfIds().get(0);
        SimulatedCustomers customers = new SimulatedCustomers(simulator, queue, kf, WAIT);
        String customer = "wmCand" + UUID.randomUUID().toString().substring(0, 8);
        PendingDraft draft = customers.askAndAwaitDraft(customer, "那个东西怎么弄").draft();

        List<PendingDraft.Candidate> candidates = draft.candidates();
        assertThat(candidates).extracting(PendingDraft.Candidate::rank).containsExactly(1, 2, 3);
        assertThat(candidates).extracting(PendingDraft.Candidate::entryId).doesNotHaveDuplicates();
        assertThat(candidates).allSatisfy(c -> {
            assertThat(c.answer()).isNotBlank();
            assertThat(c.question()).isNotBlank();
            assertThat(c.version()).isPositive();
        });
        assertThat(candidates.get(0).source()).isEqualTo(draft.sources().get(0));
        PendingDraft.Candidate second = candidates.get(1);

        double oneClickBefore = count(AnswerOutcome.AGENT_ONE_CLICK);
        post(draft.draftId(), "claim", "alice", null).expectStatus().isOk();
        web.get().uri("/api/approvals").headers(Staff.as("alice")).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.draft.draftId == '%s')].draft.candidates[1].entryId".formatted(draft.draftId()))
                .isEqualTo(second.entryId())
                .jsonPath("$[?(@.draft.draftId == '%s')].draft.candidates[1].answer".formatted(draft.draftId()))
                .isEqualTo(second.answer());

        post(draft.draftId(), "send-candidate", "alice", Map.of("entryId", second.entryId())).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("DONE")
                .jsonPath("$.draft.draftId").isEqualTo(draft.draftId())
                .jsonPath("$.sentText").value(sent -> assertThat((String) sent).contains(second.answer()))
                // 那个东西怎么弄 says nothing of what it is about: no entry's variant
                .jsonPath("$.notSuggested").isEqualTo("TOO_VAGUE")
                .jsonPath("$.suggestion").doesNotExist();

        await().atMost(WAIT).until(() -> customers.botLines(customer).stream()
                .anyMatch(l -> l.text().contains(second.answer())));
        // the answer sent instead of the top one's
        assertThat(customers.botLines(customer)).extracting(ChatLine::text)
                .noneMatch(text -> text.contains(candidates.get(0).answer()));
        await().atMost(WAIT).until(() -> count(AnswerOutcome.AGENT_ONE_CLICK) == oneClickBefore + 1);

        AuditEvent sent = trail(ConversationKey.kf(kf, customer)).stream()
                .filter(e -> e.type() == AuditEvent.Type.CANDIDATE_SENT).findFirst().orElseThrow();
        assertThat(sent.actor()).isEqualTo("alice");
        assertThat(sent.subject()).isEqualTo(draft.draftId());
        assertThat(sent.details()).containsEntry("entryId", second.entryId()).containsEntry("rank", 2)
                .containsEntry("version", second.version()).containsKey("verdict");

        // sent at most once: the draft is gone
        post(draft.draftId(), "send-candidate", "alice", Map.of("entryId", candidates.get(2).entryId()))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("ALREADY_COMPLETED");
    }

    @Test
    void refusedWithoutTheClaimForAnEntryThatIsNoCandidateAndWhenComplianceBlocksTheAnswer() {
        String id = enqueue("wm" + UUID.randomUUID().toString().substring(0, 8), "理财产品收益怎么样", 0.3,
                List.of(candidate(1, "t-clean", "您好，理财产品的收益以产品说明书为准，过往业绩不代表未来表现。"),
                        candidate(2, "t-blocked", BLOCKED)));

        post(id, "send-candidate", "alice", Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_ENTRY");
        post(id, "send-candidate", "alice", Map.of("entryId", "t-clean")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_CLAIMED");
        post(id, "claim", "bob", null).expectStatus().isOk();
        post(id, "send-candidate", "alice", Map.of("entryId", "t-clean")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.reason").isEqualTo("CLAIMED_BY_ANOTHER").jsonPath("$.heldBy").isEqualTo("bob");
        post(id, "send-candidate", "bob", Map.of("entryId", "demo-001")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_CANDIDATE")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("t-clean", "t-blocked"));
        post("d-no-such-" + id, "send-candidate", "bob", Map.of("entryId", "t-clean")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN_DRAFT");

        post(id, "send-candidate", "bob", Map.of("entryId", "t-blocked")).expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.reason").isEqualTo("BLOCKED_BY_COMPLIANCE")
                .jsonPath("$.verdict").isEqualTo("BLOCK")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("cannot be sent"))
                .jsonPath("$.warnings").value(w -> assertThat((List<?>) w).isNotEmpty());
        // nothing was sent or decided: the draft waits, still bob's, and the clean candidate can go
        QueuedDraft waiting = queue.pending().filter(q -> q.draft().draftId().equals(id)).blockFirst(WAIT);
        assertThat(waiting).isNotNull();
        assertThat(waiting.claim().agentId()).isEqualTo("bob");
        post(id, "send-candidate", "bob", Map.of("entryId", "t-clean")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DONE");
    }

    @Test
    void theCustomersPhrasingBecomesAVariantSuggestionOfTheEntrySent() {
        String entry = publishedEntry("数字人民币钱包怎么开通？", "您好，可在手机银行“数字人民币”频道开通钱包。");
        String customer = "wm" + UUID.randomUUID().toString().substring(0, 8);
        String id = enqueue(customer, "你好\n数币钱包在哪开呀", 0.41,
                List.of(candidate(1, "demo-025", "在应用商店搜索本行官方手机银行下载安装。"),
                        candidate(2, entry, "您好，可在手机银行“数字人民币”频道开通钱包。")));
        post(id, "claim", "carol", null).expectStatus().isOk();
        String suggestion = (String) ((Map<?, ?>) post(id, "send-candidate", "carol", Map.of("entryId", entry))
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("suggestion")).get("id");
        assertThat(suggestion).isNotNull();

        web.get().uri("/api/kb/suggestions").headers(Staff.as("ed")).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.id == '%s')].phrasing".formatted(suggestion)).isEqualTo("数币钱包在哪开呀")
                .jsonPath("$[?(@.id == '%s')].entryId".formatted(suggestion)).isEqualTo(entry)
                .jsonPath("$[?(@.id == '%s')].entryQuestion".formatted(suggestion)).isEqualTo("数字人民币钱包怎么开通？")
                .jsonPath("$[?(@.id == '%s')].suggestedBy".formatted(suggestion)).isEqualTo("carol")
                .jsonPath("$[?(@.id == '%s')].draftId".formatted(suggestion)).isEqualTo(id);
        assertThat(trail(ConversationKey.kf("wkCand", customer))).filteredOn(e -> e.type() == AuditEvent.Type
                .PHRASING_SUGGESTED).singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("carol");
                    assertThat(e.details()).containsEntry("entryId", entry).containsEntry("draftId", id);
                });

        // the same question answered with the same entry again: one suggestion, counted twice
        String again = enqueue("wm" + UUID.randomUUID().toString().substring(0, 8), "数币钱包在哪开呀", 0.38,
                List.of(candidate(1, entry, "您好，可在手机银行“数字人民币”频道开通钱包。")));
        post(again, "claim", "carol", null).expectStatus().isOk();
        post(again, "send-candidate", "carol", Map.of("entryId", entry)).expectStatus().isOk()
                .expectBody().jsonPath("$.suggestion.id").isEqualTo(suggestion)
                .jsonPath("$.suggestion.times").isEqualTo(2)
                .jsonPath("$.suggestionCreated").isEqualTo(false);
    }

    // ---------------------------------------------------------------- helpers

    private double count(AnswerOutcome outcome) {
        Counter counter = meters.find(AnswerOutcome.METER).tag(AnswerOutcome.TAG, outcome.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<AuditEvent> trail(ConversationKey conversation) {
        return audit.ofConversation(conversation.id(), 100).collectList().block(WAIT);
    }

    private WebTestClient.ResponseSpec post(String id, String action, String agent, Map<String, String> body) {
        var request = web.post().uri("/api/approvals/{id}/{action}", id, action).headers(Staff.as(agent));
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static PendingDraft.Candidate candidate(int rank, String entryId, String answer) {
        return new PendingDraft.Candidate(rank, entryId, 3, "问题" + rank, answer, "测试", 0.03 / rank);
    }

    /** A draft in the queue with these candidates (its own text is the first one's answer). */
    private String enqueue(String customer, String text, double confidence, List<PendingDraft.Candidate> candidates) {
        String id = "d-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PendingDraft draft = PendingDraft.awaiting(id, ConversationKey.kf("wkCand", customer), "msg-" + id, text,
                        candidates.get(0).answer(), now, Duration.ofMinutes(30))
                .withSources(candidates.stream().map(PendingDraft.Candidate::source).toList(), confidence, "测试")
                .withRouting(List.of("low-confidence: %.2f < 0.90".formatted(confidence)), 0, null)
                .withCandidates(candidates);
        assertThat(queue.enqueue(draft).block(WAIT).ok()).isTrue();
        return id;
    }

    private String publishedEntry(String question, String answer) {
        return PublishedEntries.publish(web, question, answer, "测试");
    }
}
