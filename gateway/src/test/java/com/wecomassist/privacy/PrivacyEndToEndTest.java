package com.wecomassist.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.learn.KnowledgeGaps;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.SimulatedCustomers;
import com.wecomassist.testing.Staff;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's personal data, end to end on the embedded (memory) stores: real conversations on two
 * 微信客服 accounts through the WeCom simulator (a 猜你想问 menu chosen, a draft an agent approved, a
 * draft still waiting), a 客户联系 contact of an employee's (added in the simulator's WeCom client, welcomed
 * through the gateway), then the administrator's export holds their words in every store, the
 * directory's record of them and the trail ids of their welcome, the
 * erasure takes them out of every store (the trail keeps its skeleton and says who erased what), a
 * bystander's data stays, and nobody but an administrator may do either.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.reply.burst-quiet-period=300ms",
        "assist.wecom.retry-backoff=20ms",
        "assist.simulator.open-kf-ids=wkPrivacyA,wkPrivacyB"})
@AutoConfigureWebTestClient(timeout = "30s")
class PrivacyEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String A = "wkPrivacyA";
    private static final String B = "wkPrivacyB";
    /** Below auto-send, its answer among three password entries: a menu. */
    private static final String AMBIGUOUS = "密码忘了";
    /** Vague: a draft for the agents, and a knowledge gap. */
    private static final String UNSURE = "那个东西怎么弄";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WecomSimulator simulator;
    @Autowired
    ApprovalQueue approvals;
    @Autowired
    AuditTrail audit;
    @Autowired
    ConversationHistory history;
    @Autowired
    KnowledgeGaps gaps;
    @Autowired
    WebTestClient web;
    @Autowired
    com.wecomassist.contacts.ContactDirectory directory;

    private static final String EMPLOYEE = "zhaolei";
    private static final org.springframework.core.ParameterizedTypeReference<Map<String, Object>> MAP =
            new org.springframework.core.ParameterizedTypeReference<>() {
            };

    @Test
    void theExportHoldsTheCustomersWordsInEveryStoreAndTheErasureTakesThemOutOfEveryOne() {
        // both are 客户联系 contacts first (the simulator makes their external_userids), then write to 微信客服
        String customer = addedAndWelcomed("客户甲");
        String bystander = addedAndWelcomed("客户乙");
        converse(customer);
        QueuedDraft others = customers(A).askAndAwaitDraft(bystander, UNSURE);
        // the bank's events: one under the customer number before the bank links them, one after; the bystander's
        bankEvent("pv-1", "customer_no", "CN-PRIVACY-1", "手机13712345678");
        bankEvent("pv-2", "external_userid", customer, "存款产品页");
        bankEvent("pv-3", "external_userid", bystander, "存款产品页");
        // the bank links both to its customer numbers
        linkToBank(customer, "CN-PRIVACY-1");
        linkToBank(bystander, "CN-BYSTANDER-1");
        // their 管户 asked for suggestions in their chat (an engagement), and they asked not to get marketing
        web.post().uri("/api/suggestions").headers(Staff.as("mia"))
                .bodyValue(Map.of("question", "手机银行转账限额是多少？", "externalUserId", customer))
                .exchange().expectStatus().isOk();
        web.put().uri("/api/optouts/{c}", customer).headers(Staff.as("carol"))
                .bodyValue(Map.of("reason", "客户来电要求不再推送")).exchange().expectStatus().isOk();

        Map<String, Object> export = export(customer);
        assertThat(export).containsEntry("externalUserId", customer).containsEntry("exportedBy", "root");
        String contact = "contact:" + EMPLOYEE + ":" + customer;
        assertThat(export.get("conversations")).isEqualTo(List.of(contact, id(A, customer), id(B, customer)));
        Map<String, Object> stores = map(export.get("stores"));
        for (String store : PrivacyDesk.STORES) {
            assertThat((List<?>) stores.get(store)).as(store).isNotEmpty();
            assertThat(((Number) map(export.get("counts")).get(store)).longValue()).as(store).isPositive();
        }
        String whole = JSON.writeValueAsString(export);
        assertThat(whole).contains(AMBIGUOUS, UNSURE);
        assertThat(JSON.writeValueAsString(stores.get("approvalQueue"))).contains(UNSURE);
        assertThat(JSON.writeValueAsString(stores.get("phrasingSuggestions"))).contains(AMBIGUOUS);
        assertThat(JSON.writeValueAsString(stores.get("decidedDrafts"))).contains(UNSURE);
        assertThat(JSON.writeValueAsString(stores.get("knowledgeGaps"))).contains(UNSURE);
        assertThat(JSON.writeValueAsString(stores.get("checkedTexts"))).contains(UNSURE);
        assertThat(JSON.writeValueAsString(stores.get("customerLinks"))).contains("CN-PRIVACY-1");
        // both events, the one sent under the number too; the phone number masked as it was kept
        assertThat((List<?>) stores.get("bankEvents")).hasSize(2);
        assertThat(JSON.writeValueAsString(stores.get("bankEvents"))).contains("pv-1", "pv-2")
                .doesNotContain("13712345678");
        assertThat(JSON.writeValueAsString(stores.get("history"))).contains(AMBIGUOUS, UNSURE);
        // the directory's record: the relationship with the employee and its history
        Map<String, Object> record = map(((List<?>) stores.get("contactDirectory")).get(0));
        List<?> relationships = (List<?>) map(record.get("customer")).get("relationships");
        assertThat(relationships).hasSize(1);
        assertThat(map(relationships.get(0))).containsEntry("employee", EMPLOYEE).containsEntry("status", "ACTIVE");
        assertThat((List<?>) record.get("history")).isNotEmpty();
        // the welcome the gateway sent, by its trail ids
        List<?> welcomes = (List<?>) stores.get("welcomeMessages");
        assertThat(welcomes).hasSize(1);
        assertThat(map(welcomes.get(0))).containsEntry("conversation", contact).containsEntry("type", "SENT")
                .containsEntry("employee", EMPLOYEE).containsEntry("template", "contact:*:*");
        AuditEvent sent = audit.ofConversation(contact, 100).filter(e -> e.type() == AuditEvent.Type.SENT)
                .blockFirst(WAIT);
        assertThat(map(welcomes.get(0))).containsEntry("subject", sent.subject());
        assertThat(((Number) map(export.get("counts")).get("welcomeMessages")).longValue()).isEqualTo(1);
        assertThat(JSON.writeValueAsString(stores.get("engagements"))).contains("mia", "SUGGESTION");
        assertThat((List<?>) stores.get("optOuts")).singleElement()
                .satisfies(o -> assertThat(map(o)).containsEntry("by", "carol").containsEntry("source", "STAFF"));
        assertThat(trail(A, customer)).extracting(AuditEvent::type).contains(AuditEvent.Type.CUSTOMER_EXPORTED);

        Map<String, Object> erasure = erase(customer);
        Map<String, Object> erased = map(erasure.get("erased"));
        for (String store : PrivacyDesk.STORES) {
            assertThat(((Number) erased.get(store)).longValue()).as(store).isPositive();
        }
        assertThat(((Number) erased.get("bankEvents")).longValue()).isEqualTo(2);
        assertThat(erasure).containsEntry("erasedBy", "root");

        Map<String, Object> after = export(customer);
        Map<String, Object> left = map(after.get("stores"));
        for (String store : PrivacyDesk.STORES) {
            if (!store.equals("auditTrail")) {
                assertThat((List<?>) left.get(store)).as(store).isEmpty();
            }
        }
        // the suppression list is kept on purpose: they are not to be contacted again
        assertThat((List<?>) left.get("optOuts")).hasSize(1);
        assertThat(JSON.writeValueAsString(after.get("notHeldHere"))).contains("optOuts");
        assertThat(JSON.writeValueAsString(after)).doesNotContain(AMBIGUOUS).doesNotContain(UNSURE)
                .doesNotContain("CN-PRIVACY-1");
        assertThat(directory.customer(customer).blockOptional(WAIT)).as("forgotten by the directory").isEmpty();
        assertThat(directory.customersOf(EMPLOYEE, null, 10_000).block(WAIT).relationships())
                .extracting(r -> r.externalUserId()).doesNotContain(customer).contains(bystander);
        // the welcome's conversation is named for the archive too
        assertThat(audit.ofConversation(contact, 100).collectList().block(WAIT)).extracting(AuditEvent::type)
                .contains(AuditEvent.Type.SENT, AuditEvent.Type.CUSTOMER_ERASED);
        // the trail keeps every step's skeleton and says who erased what, without the text
        List<AuditEvent> trail = trail(A, customer);
        assertThat(trail).extracting(AuditEvent::type).contains(AuditEvent.Type.MESSAGE_RECEIVED,
                AuditEvent.Type.MENU_OFFERED, AuditEvent.Type.APPROVED, AuditEvent.Type.CUSTOMER_ERASED);
        AuditEvent erasedEvent = trail.stream().filter(e -> e.type() == AuditEvent.Type.CUSTOMER_ERASED)
                .findFirst().orElseThrow();
        assertThat(erasedEvent.actor()).isEqualTo("root");
        assertThat(erasedEvent.details()).containsEntry("externalUserId", customer).containsKey("history");
        assertThat(((Number) map(after.get("counts")).get("auditTrail")).longValue()).as("events with text").isZero();

        // the bystander's data is untouched
        assertThat(approvals.find(others.draft().draftId()).block(WAIT).ok()).isTrue();
        assertThat(history.recent(ConversationKey.kf(A, bystander)).block(WAIT)).isNotEmpty();
        assertThat(gaps.forCustomer(bystander).collectList().block(WAIT)).isNotEmpty();
        assertThat(JSON.writeValueAsString(export(bystander))).contains(UNSURE, "CN-BYSTANDER-1", EMPLOYEE, "pv-3");
        assertThat(directory.customer(bystander).blockOptional(WAIT)).isPresent();

        // erasing again erases nothing, and is recorded again
        Map<String, Object> again = map(erase(customer).get("erased"));
        assertThat(again.values()).allMatch(n -> ((Number) n).longValue() == 0);
    }

    @Test
    void onlyAnAdministratorMayExportOrErase() {
        for (String user : List.of("carol", "cora", "ed", "sam", "mia", "feed")) {
            web.get().uri("/api/privacy/customers/wmSomeone/export").headers(Staff.as(user)).exchange()
                    .expectStatus().isForbidden();
            web.delete().uri("/api/privacy/customers/wmSomeone").headers(Staff.as(user)).exchange()
                    .expectStatus().isForbidden();
        }
        web.get().uri("/api/privacy/customers/wmSomeone/export").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/privacy/customers/wm*/export").headers(Staff.as("root")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("INVALID_CUSTOMER");
        web.get().uri("/api/privacy/customers/wmNobodyAtAll/export").headers(Staff.as("root")).exchange()
                .expectStatus().isOk().expectHeader().valueMatches("Content-Disposition",
                        "attachment; filename=\"customer-wmNobodyAtAll.json\"")
                .expectBody().jsonPath("$.conversations").isEmpty();
    }

    /**
     * On A: a 猜你想问 menu, chosen (a suggested variant), then a vague question an agent approves (a
     * gap, a decided draft, a checked text); on B: a vague question whose draft still waits.
     */
    private void converse(String customer) {
        simulator.customerWrites(A, customer, AMBIGUOUS);
        await().atMost(WAIT).until(() -> menuOf(customer) != null);
        ChatLine.Item item = menuOf(customer).items().get(1);
        simulator.customerClicks(A, customer, item.id(), item.content());
        await().atMost(WAIT).until(() -> customers(A).botLines(customer).size() >= 2);

        QueuedDraft first = customers(A).askAndAwaitDraft(customer, UNSURE);
        SimulatedCustomers.post(web, "/api/approvals/{id}/claim", first.draft().draftId(), "carol", null)
                .expectStatus().isOk();
        SimulatedCustomers.post(web, "/api/approvals/{id}/approve", first.draft().draftId(), "carol", null)
                .expectStatus().isOk();
        await().atMost(WAIT).until(() -> customers(A).botLines(customer).size() >= 3);

        customers(B).askAndAwaitDraft(customer, UNSURE);
    }

    /** An employee adds a new customer in the simulator's WeCom client; the gateway takes it and sends the welcome. */
    private String addedAndWelcomed(String name) {
        Map<String, Object> added = web.post().uri("/simulator/api/contacts/employees/{u}/customers", EMPLOYEE)
                .bodyValue(Map.of("name", name)).exchange().expectStatus().isOk().expectBody(MAP).returnResult()
                .getResponseBody();
        String id = (String) added.get("externalUserId");
        await().atMost(WAIT).until(() -> audit.ofConversation("contact:" + EMPLOYEE + ":" + id, 100)
                .any(e -> e.type() == AuditEvent.Type.SENT).block(WAIT));
        return id;
    }

    private ChatLine.Menu menuOf(String customer) {
        return customers(A).botLines(customer).stream().map(ChatLine::menu).filter(m -> m != null).findFirst()
                .orElse(null);
    }

    private Map<String, Object> export(String customer) {
        return JSON.readValue(web.get().uri("/api/privacy/customers/{id}/export", customer).headers(Staff.as("root"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), Map.class);
    }

    private Map<String, Object> erase(String customer) {
        return JSON.readValue(web.delete().uri("/api/privacy/customers/{id}", customer).headers(Staff.as("root"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), Map.class);
    }

    private List<AuditEvent> trail(String kf, String customer) {
        return audit.ofConversation(id(kf, customer), 1000).collectList().block(WAIT);
    }

    private SimulatedCustomers customers(String kf) {
        return new SimulatedCustomers(simulator, approvals, kf, WAIT);
    }

    private static String id(String kf, String customer) {
        return ConversationKey.kf(kf, customer).id();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** An event of the bank's, sent by its feed. */
    private void bankEvent(String id, String customerField, String customer, String page) {
        web.post().uri("/api/events").headers(Staff.as("feed")).contentType(org.springframework.http.MediaType
                        .APPLICATION_JSON)
                .bodyValue("{\"event_id\":\"" + id + "\",\"" + customerField + "\":\"" + customer
                        + "\",\"type\":\"deposit_page_no_order\",\"occurred_at\":\"" + java.time.Instant.now()
                        + "\",\"attributes\":{\"page\":\"" + page + "\"}}")
                .exchange().expectStatus().isOk();
    }

    private void linkToBank(String customer, String customerNo) {
        web.put().uri("/api/customer-links/{c}", customer).headers(Staff.as("root"))
                .bodyValue(Map.of("customerNo", customerNo, "asOf", "2026-12-01"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("APPLIED");
    }

}
