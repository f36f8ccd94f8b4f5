package com.wecomassist.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.PublishedEntries;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The learning API on the embedded defaults: an agent's suggestion from a low-confidence draft they
 * approved (checked server-side, deduplicated, audited), the content team's review (accept makes a
 * draft version with the variant), the gaps the pipeline records, grouped, and the refusals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class LearnControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebTestClient web;
    @Autowired
    ApprovalQueue queue;
    @Autowired
    AuditTrail audit;
    @Autowired
    WecomSimulator simulator;

    @Test
    void anAgentSuggestsTheQuestionOfALowConfidenceDraftTheyApprovedAndAnEditorAcceptsIt() {
        String entry = publishedEntry("数字人民币钱包怎么开通？");
        String customer = "wm" + UUID.randomUUID().toString().substring(0, 8);
        String draftId = enqueue(customer, "你好\n数币钱包在哪开呀", List.of(entry + "@3"), 0.41,
                List.of("low-confidence: 0.41 < 0.90"));

        web.get().uri("/api/approvals/{id}/variant-suggestion", draftId).headers(Staff.as("alice")).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("NO_LOW_CONFIDENCE_DECISION");
        approve(draftId, "alice");

        web.get().uri("/api/approvals/{id}/variant-suggestion", draftId).headers(Staff.as("alice")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.phrasing").isEqualTo("数币钱包在哪开呀")
                .jsonPath("$.entries[0].entryId").isEqualTo(entry)
                .jsonPath("$.entries[0].version").isEqualTo(3)
                .jsonPath("$.entries[0].question").isEqualTo("数字人民币钱包怎么开通？");
        web.get().uri("/api/approvals/{id}/variant-suggestion", draftId).headers(Staff.as("bob")).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_YOUR_DECISION");

        // only agents suggest
        suggest(draftId, "ed", Map.of("entryId", entry)).expectStatus().isForbidden();
        suggest(draftId, "mia", Map.of("entryId", entry)).expectStatus().isForbidden();
        // bad input
        suggest(draftId, "alice", Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_ENTRY");
        suggest(draftId, "alice", Map.of("entryId", "demo-001")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_A_SOURCE");
        suggest(draftId, "alice", Map.of("entryId", entry, "phrasing", "随便写的一句话")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_THE_CUSTOMERS_WORDS");
        suggest(draftId, "alice", Map.of("entryId", 42)).expectStatus().isBadRequest();
        suggest("d-unknown-" + customer, "alice", Map.of("entryId", entry)).expectStatus().isNotFound();

        String id = suggest(draftId, "alice", Map.of("entryId", entry)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("suggestion") instanceof Map<?, ?> s
                ? (String) s.get("id") : null;
        assertThat(id).isNotNull();
        // the same phrasing for the same entry again: one suggestion, counted twice
        suggest(draftId, "alice", Map.of("entryId", entry, "phrasing", "数币钱包在哪开呀")).expectStatus().isOk()
                .expectBody().jsonPath("$.created").isEqualTo(false).jsonPath("$.suggestion.id").isEqualTo(id)
                .jsonPath("$.suggestion.times").isEqualTo(2);
        List<AuditEvent> trail = audit.ofConversation(ConversationKey.kf("wkLearn", customer).id(), 50)
                .collectList().block(WAIT);
        assertThat(trail).filteredOn(e -> e.type() == AuditEvent.Type.PHRASING_SUGGESTED)
                .extracting(AuditEvent::actor, AuditEvent::subject).containsOnly(
                        org.assertj.core.groups.Tuple.tuple("alice", id));

        web.get().uri("/api/kb/suggestions").headers(Staff.as("carol")).exchange().expectStatus().isForbidden();
        web.get().uri("/api/kb/suggestions?status=maybe").headers(Staff.as("ed")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("INVALID_STATUS");
        web.get().uri("/api/kb/suggestions").headers(Staff.as("ed")).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.id == '%s')].phrasing".formatted(id)).isEqualTo("数币钱包在哪开呀")
                .jsonPath("$[?(@.id == '%s')].entryQuestion".formatted(id)).isEqualTo("数字人民币钱包怎么开通？")
                .jsonPath("$[?(@.id == '%s')].suggestedBy".formatted(id)).isEqualTo("alice")
                .jsonPath("$[?(@.id == '%s')].draftId".formatted(id)).isEqualTo(draftId);

        web.post().uri("/api/kb/suggestions/{id}/accept", id).headers(Staff.as("carol")).exchange()
                .expectStatus().isForbidden();
        web.post().uri("/api/kb/suggestions/{id}/accept", id).headers(Staff.as("ed")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.suggestion.status").isEqualTo("ACCEPTED")
                .jsonPath("$.suggestion.decidedBy").isEqualTo("ed")
                .jsonPath("$.entry.version").isEqualTo(4)
                .jsonPath("$.entry.status").isEqualTo("draft")
                .jsonPath("$.entry.variants[0]").isEqualTo("数币钱包在哪开呀");
        web.post().uri("/api/kb/suggestions/{id}/accept", id).headers(Staff.as("ed")).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("ALREADY_DECIDED");
        web.post().uri("/api/kb/suggestions/{id}/dismiss", "s-unknown").headers(Staff.as("ed")).exchange()
                .expectStatus().isNotFound();

        // a draft version: the served version is unchanged until it is reviewed and published
        web.get().uri("/api/kb/entries/{id}", entry).headers(Staff.as("ed")).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.latest.variants[0]").isEqualTo("数币钱包在哪开呀")
                .jsonPath("$.latest.updatedBy").isEqualTo("ed")
                .jsonPath("$.served.version").isEqualTo(3)
                .jsonPath("$.served.variants.length()").isEqualTo(0);
    }

    @Test
    void aConfidentDraftOffersNothingAndADismissedSuggestionStaysDismissed() {
        String entry = publishedEntry("外币现钞怎么兑换？");
        String customer = "wm" + UUID.randomUUID().toString().substring(0, 8);
        String confident = enqueue(customer, "外币现钞怎么兑换", List.of(entry + "@3"), 0.97,
                List.of("compliance-review: 合规规则要求人工审核"));
        approve(confident, "bob");
        web.get().uri("/api/approvals/{id}/variant-suggestion", confident).headers(Staff.as("bob")).exchange()
                .expectStatus().isNotFound();

        String unsure = enqueue(customer, "换点美元现金去哪换", List.of(entry + "@3"), 0.97,
                List.of("no-answer-in-kb: 知识库中没有能回答该问题的条目"));
        // edited, but what the customer received is still the entry's answer (请在手机银行办理。)
        approve(unsure, "bob", "您好，请在手机银行办理，也可到网点。");
        web.get().uri("/api/approvals/{id}/variant-suggestion", unsure).headers(Staff.as("bob")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.edited").isEqualTo(true)
                .jsonPath("$.phrasing").isEqualTo("换点美元现金去哪换")
                .jsonPath("$.entries[0].entryId").isEqualTo(entry)
                .jsonPath("$.notOffered").doesNotExist();
        String id = (String) ((Map<?, ?>) suggest(unsure, "bob", Map.of("entryId", entry)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("suggestion")).get("id");
        web.post().uri("/api/kb/suggestions/{id}/dismiss", id).headers(Staff.as("ed")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.suggestion.status").isEqualTo("DISMISSED");
        web.post().uri("/api/kb/suggestions/{id}/accept", id).headers(Staff.as("ed")).exchange()
                .expectStatus().isEqualTo(409);
        web.get().uri("/api/kb/suggestions?status=dismissed").headers(Staff.as("ed")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == '%s')].decidedBy".formatted(id)).isEqualTo("ed");
        web.get().uri("/api/kb/entries/{id}", entry).headers(Staff.as("ed")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.latest.version").isEqualTo(3);
    }

    @Test
    void aVagueQuestionOffersNothingWhateverAnswerItGot() {
        // as happened with 那个东西怎么弄 and demo-006: the entry was the draft's only source
        String entry = publishedEntry("如何注销借记卡？", "请本人携带身份证件和卡片到任一营业网点办理销户。");
        String customer = "wm" + UUID.randomUUID().toString().substring(0, 8);
        String vague = enqueue(customer, "那个东西怎么弄", "您好，请本人携带身份证件和卡片到任一营业网点办理销户。",
                List.of(entry + "@3"), 0.35, List.of("low-confidence: 0.35 < 0.90"));
        approve(vague, "alice");
        noOffer(vague, "alice", "TOO_VAGUE");
        suggest(vague, "alice", Map.of("entryId", entry)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("TOO_VAGUE");

        // a question with words in it, but retrieval found nothing like it: no entry's variant either
        String unlike = enqueue(customer, "我家的猫最近不吃饭", "您好，请本人携带身份证件和卡片到任一营业网点办理销户。",
                List.of(entry + "@3"), 0.04, List.of("low-confidence: 0.04 < 0.90"));
        approve(unlike, "alice");
        noOffer(unlike, "alice", "TOO_VAGUE");
        assertThat(suggestionsFor(entry)).isEmpty();
    }

    @Test
    void anAnswerTheAgentRewroteOffersNothing() {
        String entry = publishedEntry("如何注销借记卡？", "请本人携带身份证件和卡片到任一营业网点办理销户。");
        String customer = "wm" + UUID.randomUUID().toString().substring(0, 8);
        String draftId = enqueue(customer, "信用卡年费怎么免", "您好，请本人携带身份证件和卡片到任一营业网点办理销户。",
                List.of(entry + "@3"), 0.35, List.of("low-confidence: 0.35 < 0.90"));
        // the agent sent another answer: the question is not one of the entry's
        approve(draftId, "alice", "您好，信用卡当年刷卡满六次即可免次年年费。");
        noOffer(draftId, "alice", "NOT_THE_ANSWER_SENT");
        suggest(draftId, "alice", Map.of("entryId", entry)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_THE_ANSWER_SENT");
        assertThat(suggestionsFor(entry)).isEmpty();
    }

    @Test
    void onlyTheEntryWhoseAnswerWasSentIsOffered() {
        String top = publishedEntry("如何注销借记卡？", "请本人携带身份证件和卡片到任一营业网点办理销户。");
        String second = publishedEntry("借记卡丢了怎么办？", "请立即拨打客服热线或在手机银行办理口头挂失，再到网点办理正式挂失和补卡。");
        String customer = "wm" + UUID.randomUUID().toString().substring(0, 8);
        String draftId = enqueue(customer, "储蓄卡找不到了咋整", "您好，请本人携带身份证件和卡片到任一营业网点办理销户。",
                List.of(top + "@3", second + "@3"), 0.45, List.of("low-confidence: 0.45 < 0.90"));
        // the agent replaced the top entry's answer with the second entry's, changing a few words
        approve(draftId, "alice", "您好，请立即拨打客服电话或在手机银行办理口头挂失，再到网点办理正式挂失和补卡。");
        web.get().uri("/api/approvals/{id}/variant-suggestion", draftId).headers(Staff.as("alice")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.entries.length()").isEqualTo(1)
                .jsonPath("$.entries[0].entryId").isEqualTo(second)
                .jsonPath("$.notOffered").doesNotExist();
        suggest(draftId, "alice", Map.of("entryId", top)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_THE_ANSWER_SENT");
        suggest(draftId, "alice", Map.of("entryId", second)).expectStatus().isCreated();
        assertThat(suggestionsFor(second)).containsExactly("储蓄卡找不到了咋整");
    }

    @Test
    @SuppressWarnings("unchecked")
    void unsureAndHandedOffQuestionsLandInTheGapsGroupedAndCanBeResolvedOrDismissed() {
        String marker = marker();
        String kf = simulator.openKfIds().get(0);
        String unsure = "那个" + marker + "到底怎么弄啊";
        simulator.customerWrites(kf, "wm" + marker + "1", unsure);
        simulator.customerWrites(kf, "wm" + marker + "2", unsure);
        simulator.customerWrites(kf, "wm" + marker + "3", "我要投诉" + marker);

        await().atMost(WAIT).until(() -> groupsWith(marker).stream().mapToInt(g -> ((Number) g.get("count")).intValue())
                .sum() == 3);
        List<Map<String, Object>> groups = groupsWith(marker);
        assertThat(groups).hasSize(2);
        Map<String, Object> twice = groups.stream().filter(g -> g.get("question").equals(unsure)).findFirst().orElseThrow();
        assertThat(twice.get("count")).isEqualTo(2);
        assertThat(((Map<String, Object>) twice.get("reasons")).keySet()).containsAnyOf("low-confidence", "no-answer-in-kb");
        Map<String, Object> complaint = groups.stream().filter(g -> g != twice).findFirst().orElseThrow();
        assertThat((Map<String, Object>) complaint.get("reasons")).containsEntry("complaint", 1);

        web.get().uri("/api/kb/gaps").headers(Staff.as("carol")).exchange().expectStatus().isForbidden();
        gapAction("variant", Map.of("entryId", "demo-001", "phrasing", "x")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_GAPS");
        gapAction("variant", Map.of("gapIds", twice.get("gapIds"), "phrasing", unsure)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("MISSING_ENTRY");
        gapAction("variant", Map.of("gapIds", twice.get("gapIds"), "entryId", "no-such-entry", "phrasing", unsure))
                .expectStatus().isNotFound();
        gapAction("dismiss", Map.of("gapIds", List.of(1, 2))).expectStatus().isBadRequest();

        String entry = publishedEntry("那个东西怎么办理？");
        gapAction("variant", Map.of("gapIds", twice.get("gapIds"), "entryId", entry, "phrasing", unsure))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.dismissed").isEqualTo(2)
                .jsonPath("$.entry.version").isEqualTo(4)
                .jsonPath("$.entry.variants[0]").isEqualTo(unsure);
        gapAction("dismiss", Map.of("gapIds", complaint.get("gapIds"))).expectStatus().isOk()
                .expectBody().jsonPath("$.dismissed").isEqualTo(1);
        assertThat(groupsWith(marker)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** The agent's offer for the draft names no entry, and says why. */
    private void noOffer(String draftId, String agent, String why) {
        web.get().uri("/api/approvals/{id}/variant-suggestion", draftId).headers(Staff.as(agent)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.entries.length()").isEqualTo(0)
                .jsonPath("$.notOffered").isEqualTo(why);
    }

    /** The phrasings on the review list (any status) for an entry. */
    @SuppressWarnings("unchecked")
    private List<String> suggestionsFor(String entry) {
        List<Map<String, Object>> all = web.get().uri("/api/kb/suggestions?status=all").headers(Staff.as("ed"))
                .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        return all.stream().filter(s -> entry.equals(s.get("entryId"))).map(s -> (String) s.get("phrasing")).toList();
    }

    /** Six capital letters: no personal data to mask, and unique to this run. */
    private static String marker() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append((char) ('A' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> groupsWith(String marker) {
        Map<String, Object> body = web.get().uri("/api/kb/gaps").headers(Staff.as("ed")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) body.get("groups")).stream()
                .filter(g -> String.valueOf(g.get("question")).contains(marker)).toList();
    }

    private WebTestClient.ResponseSpec gapAction(String action, Map<String, Object> body) {
        return web.post().uri("/api/kb/gaps/" + action).headers(Staff.as("ed"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec suggest(String draftId, String agent, Map<String, Object> body) {
        return web.post().uri("/api/approvals/{id}/variant-suggestion", draftId).headers(Staff.as(agent))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private void approve(String draftId, String agent) {
        approve(draftId, agent, null);
    }

    /** Claims and approves the draft, edited when {@code text} is given. */
    private void approve(String draftId, String agent, String text) {
        web.post().uri("/api/approvals/{id}/claim", draftId).headers(Staff.as(agent)).exchange().expectStatus().isOk();
        web.post().uri("/api/approvals/{id}/approve", draftId).headers(Staff.as(agent))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(text == null ? Map.of() : Map.of("text", text))
                .exchange().expectStatus().isOk();
    }

    /** A published entry of its own (version 3: created, submitted, published). */
    private String publishedEntry(String question) {
        return publishedEntry(question, "请在手机银行办理。");
    }

    private String publishedEntry(String question, String answer) {
        return PublishedEntries.publish(web, question, answer, "测试");
    }

    private String enqueue(String customer, String text, List<String> sources, double confidence, List<String> reasons) {
        return enqueue(customer, text, "您好，请在手机银行办理。", sources, confidence, reasons);
    }

    /** A draft in the queue answering {@code text} with {@code draftText}, resting on {@code sources}. */
    private String enqueue(String customer, String text, String draftText, List<String> sources, double confidence,
                           List<String> reasons) {
        String id = "d-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PendingDraft draft = PendingDraft.awaiting(id, ConversationKey.kf("wkLearn", customer), "msg-" + id, text,
                        draftText, now, Duration.ofMinutes(30))
                .withSources(sources, confidence, null)
                .withRouting(reasons, 0, null);
        assertThat(queue.enqueue(draft).block(WAIT).ok()).isTrue();
        return id;
    }
}
