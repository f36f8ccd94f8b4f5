package com.wecomassist.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.knowledge.KnowledgeBaseAccess;
import com.wecomassist.learn.PhrasingSuggestion;
import com.wecomassist.learn.PhrasingSuggestions;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.SimulatedCustomers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * 猜你想问 end to end on the embedded defaults (the sample knowledge base, the KB-template drafter,
 * the memory stores), driven through the WeCom simulator: an ambiguous question gets a msgmenu of
 * its candidates; a click answers the chosen entry and puts the customer's words on the content
 * team's review list; a typed reply is a new question; 人工, or no choice within the wait, sends the
 * original question to the agents' approval queue with its candidates.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.reply.burst-quiet-period=300ms",
        "assist.wecom.retry-backoff=20ms",
        "assist.route.menu-wait=8s",
        "assist.reply.menu-check-interval=100ms",
        "assist.simulator.open-kf-ids=wkMenu"})
class MenuEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KF = "wkMenu";
    /** Below auto-send on the sample knowledge base (about 0.74), its right answer among three password entries. */
    private static final String AMBIGUOUS = "密码忘了";
    private static final List<String> CANDIDATES = List.of("忘记借记卡密码怎么办？", "手机银行登录密码忘了怎么办？",
            "手机银行登录密码怎么修改？");

    @Autowired
    WecomSimulator simulator;
    @Autowired
    ConversationStore conversations;
    @Autowired
    ApprovalQueue approvals;
    @Autowired
    AuditTrail audit;
    @Autowired
    PhrasingSuggestions suggestions;
    @Autowired
    KnowledgeBaseAccess kb;
    @Autowired
    MeterRegistry meters;

    @Test
    void anAmbiguousQuestionGetsAMenuAndAClickGetsTheChosenEntrysAnswer() {
        double offered = answers("menu_offered");
        double chosen = answers("menu_chosen");
        String customer = newCustomer();
        ChatLine.Menu menu = askAndAwaitMenu(customer);
        assertThat(menu.head()).isEqualTo("您是想问以下哪个问题？");
        assertThat(menu.tail()).isEqualTo("都不是？回复「人工」");
        assertThat(menu.items()).extracting(ChatLine.Item::content).containsExactlyElementsOf(CANDIDATES);
        assertThat(menu.items()).extracting(ChatLine.Item::id).containsExactly("demo-008", "demo-026", "demo-089");
        assertThat(conversations.get(key(customer)).block(WAIT).menu().question()).isEqualTo(AMBIGUOUS);
        assertThat(answers("menu_offered")).isEqualTo(offered + 1);

        ChatLine.Item second = menu.items().get(1);
        simulator.customerClicks(KF, customer, second.id(), second.content());
        String answer = kb.call(base -> base.served("demo-026").orElseThrow().answer()).block(WAIT);
        await().atMost(WAIT).until(() -> customers().botLines(customer).stream().anyMatch(l -> l.text().contains(answer)));

        assertThat(conversations.get(key(customer)).block(WAIT).menu()).isNull();
        assertThat(answers("menu_chosen")).isEqualTo(chosen + 1);
        List<AuditEvent> trail = trail(customer);
        assertThat(trail).extracting(AuditEvent::type).contains(AuditEvent.Type.MENU_OFFERED, AuditEvent.Type.MENU_CHOSEN,
                AuditEvent.Type.PHRASING_SUGGESTED, AuditEvent.Type.SENT);
        AuditEvent choice = trail.stream().filter(e -> e.type() == AuditEvent.Type.MENU_CHOSEN).findFirst().orElseThrow();
        assertThat(choice.details()).containsEntry("entryId", "demo-026").containsEntry("clickId", "demo-026")
                .containsKey("answeredVersion");
        AuditEvent routed = trail.stream().filter(e -> e.type() == AuditEvent.Type.ROUTED
                && e.subject().equals(choice.subject())).findFirst().orElseThrow();
        assertThat(routed.details()).containsEntry("route", "AUTO_SEND")
                .containsEntry("reasons", List.of("menu-chosen", "compliant"));
        // the customer's words as a variant of the entry they chose, on the content team's review list
        PhrasingSuggestion learned = suggestions.find(PhrasingSuggestion.idOf("demo-026", AMBIGUOUS)).block(WAIT);
        assertThat(learned.suggestedBy()).isEqualTo(MenuStage.SUGGESTED_BY);
        assertThat(learned.entryQuestion()).isEqualTo(second.content());
        assertThat(learned.status()).isEqualTo(PhrasingSuggestion.Status.OPEN);
    }

    @Test
    void aTypedReplyIsANewQuestionAndTheMenuIsAbandoned() {
        double abandoned = answers("menu_abandoned");
        String customer = newCustomer();
        askAndAwaitMenu(customer);
        simulator.customerWrites(KF, customer, "手机银行转账限额是多少？");
        await().atMost(WAIT).until(() -> customers().botLines(customer).stream()
                .anyMatch(l -> l.text().contains("单日20万元")));
        assertThat(conversations.get(key(customer)).block(WAIT).menu()).isNull();
        assertThat(answers("menu_abandoned")).isEqualTo(abandoned + 1);
        assertThat(trail(customer)).filteredOn(e -> e.type() == AuditEvent.Type.MENU_ABANDONED).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("how", "typed"));
        assertThat(customers().pendingFor(customer)).isEmpty();
    }

    @Test
    void aPersonAskedForSendsTheOriginalQuestionToTheAgentsWithItsCandidates() {
        String customer = newCustomer();
        askAndAwaitMenu(customer);
        String question = originalMsgid(customer);
        QueuedDraft queued = customers().askAndAwaitDraft(customer, "人工");
        assertThat(queued.draft().draftId()).isEqualTo("d-" + question);
        assertThat(queued.draft().customerText()).isEqualTo(AMBIGUOUS);
        assertThat(queued.draft().reasons()).anySatisfy(r -> assertThat(r)
                .isEqualTo("menu-declined: 客户未从猜你想问菜单中选择（候选：demo-008、demo-026、demo-089）"));
        await().atMost(WAIT).until(() -> customers().botLines(customer).stream()
                .anyMatch(l -> l.text().equals("好的，已将您的问题转给工作人员，请稍候。")));
        assertThat(trail(customer)).filteredOn(e -> e.type() == AuditEvent.Type.MENU_ABANDONED).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("how", "person"));
        // waiting for the agents' decision on the draft, not handed to the people's queue
        assertThat(conversations.get(key(customer)).block(WAIT).state().name()).isEqualTo("AWAITING_APPROVAL");
    }

    @Test
    void noChoiceWithinTheWaitSendsTheQuestionToTheAgents() {
        String customer = newCustomer();
        askAndAwaitMenu(customer);
        String question = originalMsgid(customer);
        await().atMost(WAIT).until(() -> customers().pendingFor(customer).isPresent());
        QueuedDraft queued = customers().pendingFor(customer).orElseThrow();
        assertThat(queued.draft().draftId()).isEqualTo("d-" + question);
        assertThat(queued.draft().reasons()).anySatisfy(r -> assertThat(r).startsWith("menu-declined: "));
        assertThat(trail(customer)).filteredOn(e -> e.type() == AuditEvent.Type.MENU_ABANDONED).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("how", "lapsed"));
        assertThat(conversations.get(key(customer)).block(WAIT).menu()).isNull();
    }

    // ------------------------------------------------------------------ helpers

    private ChatLine.Menu askAndAwaitMenu(String customer) {
        simulator.customerWrites(KF, customer, AMBIGUOUS);
        await().atMost(WAIT).until(() -> menuOf(customer) != null);
        return menuOf(customer);
    }

    private ChatLine.Menu menuOf(String customer) {
        return customers().botLines(customer).stream().map(ChatLine::menu).filter(m -> m != null).findFirst()
                .orElse(null);
    }

    /** The msgid of the customer's first line (the question the menu answered). */
    private String originalMsgid(String customer) {
        return simulator.transcript(KF, customer).stream().filter(l -> l.from().equals(ChatLine.CUSTOMER))
                .findFirst().orElseThrow().msgid();
    }

    private double answers(String outcome) {
        var counter = meters.find("assist.answers").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<AuditEvent> trail(String customer) {
        return audit.ofConversation(key(customer).id(), 200).collectList().block(WAIT);
    }

    private SimulatedCustomers customers() {
        return new SimulatedCustomers(simulator, approvals, KF, WAIT);
    }

    private static ConversationKey key(String customer) {
        return ConversationKey.kf(KF, customer);
    }

    private static String newCustomer() {
        return "wm" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
