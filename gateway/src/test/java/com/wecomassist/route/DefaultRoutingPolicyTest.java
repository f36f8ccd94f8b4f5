package com.wecomassist.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.Grounding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultRoutingPolicyTest {

    final RouteProperties settings = new RouteProperties(0.9, 2,
            List.of("人工", "转人工", "真人", "human"), List.of("投诉", "12378"), List.of("盗刷", "被骗", "挂失", "卡丢"),
            100, 50, null, 0.5, 3, Duration.ofMinutes(3), List.of("挂失"), List.of("demo-074"));
    final DefaultRoutingPolicy policy = new DefaultRoutingPolicy(settings);

    private RoutingDecision decide(String text, double confidence, DraftKind kind, Action verdict, int lowTurns) {
        return policy.decide(new RoutingInput(text, confidence, kind, verdict, lowTurns, null, Grounding.byConstruction()));
    }

    @Test
    void sendsAConfidentCompliantAnswer() {
        RoutingDecision d = decide("信用卡年费怎么收", 0.95, DraftKind.ANSWER, Action.PASS, 0);
        assertThat(d.route()).isEqualTo(Route.AUTO_SEND);
        assertThat(d.reasonCodes()).containsExactly("confident", "compliant");
        assertThat(d.queue()).isEqualTo(RoutingDecision.DIRECT_QUEUE);
    }

    @Test
    void anAppendedRiskNoticeOrAMaskStillAllowsSending() {
        assertThat(decide("理财产品有哪些", 0.93, DraftKind.ANSWER, Action.APPEND_NOTICE, 0).route()).isEqualTo(Route.AUTO_SEND);
        assertThat(decide("我的卡号是多少", 0.93, DraftKind.ANSWER, Action.REWRITE, 0).route()).isEqualTo(Route.AUTO_SEND);
    }

    @Test
    void queuesALowConfidenceAnswerWithTheFiguresInTheReason() {
        RoutingDecision d = decide("跨行转账手续费", 0.62, DraftKind.ANSWER, Action.PASS, 0);
        assertThat(d.route()).isEqualTo(Route.APPROVAL);
        assertThat(d.reasons()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("low-confidence");
            assertThat(r.detail()).isEqualTo("0.62 < 0.90");
        });
    }

    @Test
    void queuesAConfidentModelDraftThatStatesWhatItsEntriesDoNot() {
        Grounding ungrounded = Grounding.checked(List.of(new Grounding.Claim(Grounding.ClaimKind.RATE, "9%", 6, 8)));
        RoutingDecision d = policy.decide(new RoutingInput("利率多少", 0.97, DraftKind.ANSWER, Action.PASS, 0, null, ungrounded));
        assertThat(d.route()).isEqualTo(Route.APPROVAL);
        assertThat(d.reasons()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(ReasonCode.UNGROUNDED);
            assertThat(r.detail()).isEqualTo("知识条目中没有：9%（利率/比例）");
        });
        assertThat(d.unsure()).as("the knowledge base was sure; the model strayed").isFalse();

        RoutingDecision reviewed = policy.decide(new RoutingInput("利率多少", 0.97, DraftKind.ANSWER, Action.REVIEW, 0, null,
                ungrounded));
        assertThat(reviewed.reasonCodes()).containsExactly("ungrounded", "compliance-review");
    }

    @Test
    void aModelDraftWithoutAnEntryOrUncheckedIsNotSentEither() {
        for (Grounding g : List.of(Grounding.noSource(), Grounding.unchecked())) {
            RoutingDecision d = policy.decide(new RoutingInput("信用卡年费", 0.97, DraftKind.ANSWER, Action.PASS, 0, null, g));
            assertThat(d.route()).as(g.basis().name()).isEqualTo(Route.APPROVAL);
            assertThat(d.reasonCodes()).containsExactly("ungrounded");
        }
        RoutingDecision grounded = policy.decide(new RoutingInput("信用卡年费", 0.97, DraftKind.ANSWER, Action.PASS, 0, null,
                Grounding.checked(List.of())));
        assertThat(grounded.route()).isEqualTo(Route.AUTO_SEND);
    }

    @Test
    void queuesWhatComplianceWantsReviewedEvenWhenConfident() {
        RoutingDecision d = decide("这个理财收益高吗", 0.97, DraftKind.ANSWER, Action.REVIEW, 0);
        assertThat(d.route()).isEqualTo(Route.APPROVAL);
        assertThat(d.reasonCodes()).containsExactly("compliance-review");
    }

    @Test
    void blocksWhatComplianceBlocks() {
        RoutingDecision d = decide("这个理财保本吗", 0.97, DraftKind.ANSWER, Action.BLOCK, 0);
        assertThat(d.route()).isEqualTo(Route.BLOCK);
        assertThat(d.reasonCodes()).containsExactly("compliance-block");
    }

    @Test
    void handsOffAfterRepeatedLowConfidence() {
        assertThat(decide("那个怎么弄", 0.3, DraftKind.ANSWER, Action.PASS, 0).route()).isEqualTo(Route.APPROVAL);
        RoutingDecision second = decide("还是不明白", 0.3, DraftKind.ANSWER, Action.PASS, 1);
        assertThat(second.route()).isEqualTo(Route.HANDOFF);
        assertThat(second.reasonCodes()).containsExactly("low-confidence", "repeated-low-confidence");
    }

    @Test
    void whenTheSourcesDoNotAnswerAPersonLooksEvenIfTheScoreIsHigh() {
        RoutingDecision d = decide("你们行长叫什么", 0.95, DraftKind.HANDOFF, Action.PASS, 0);
        assertThat(d.route()).isEqualTo(Route.APPROVAL);
        assertThat(d.reasonCodes()).containsExactly("no-answer-in-kb");
    }

    @ParameterizedTest
    @CsvSource({
            "我要转人工, HANDOFF, customer-asked-for-person, 0",
            "请给我找个 真 人, HANDOFF, customer-asked-for-person, 0",
            "ＨＵＭＡＮ please, HANDOFF, customer-asked-for-person, 0",
            "我要投诉你们, HANDOFF, complaint, 50",
            "再不处理我打12378, HANDOFF, complaint, 50",
            "我的卡被盗刷了, HANDOFF, fraud-or-lost-card, 100",
            "我被骗了转人工, HANDOFF, fraud-or-lost-card, 100",
            "卡丢了怎么办, HANDOFF, fraud-or-lost-card, 100"})
    void handsOffAtOnceWhatAPersonMustHandle(String text, Route route, String reason, int priority) {
        // even with a confident, compliant draft
        RoutingDecision d = decide(text, 0.99, DraftKind.ANSWER, Action.PASS, 0);
        assertThat(d.route()).isEqualTo(route);
        assertThat(d.reasonCodes()).containsExactly(reason);
        assertThat(d.priority()).isEqualTo(priority);
    }

    @Test
    void wordsThatOnlyLookAlikeDoNotHandOff() {
        assertThat(policy.intentOf("人民币存款利率是多少")).isEqualTo(Intent.QUESTION);
        assertThat(policy.intentOf("怎么开通手机银行")).isEqualTo(Intent.QUESTION);
    }

    @Test
    void approvalsGoToTheCustomersAccountManager() {
        RoutingDecision d = policy.decide(new RoutingInput("房贷提前还款", 0.5, DraftKind.ANSWER, Action.PASS, 0, "lisi",
                Grounding.byConstruction()));
        assertThat(d.route()).isEqualTo(Route.APPROVAL);
        assertThat(d.queue()).isEqualTo("lisi");
    }

    @Test
    void theShippedPhraseListsWork() {
        RouteProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("assist.route", RouteProperties.class);
        DefaultRoutingPolicy shipped = new DefaultRoutingPolicy(defaults);
        assertThat(shipped.intentOf("帮我转人工客服")).isEqualTo(Intent.HUMAN_REQUEST);
        assertThat(shipped.intentOf("信用卡被盗刷了")).isEqualTo(Intent.FRAUD_OR_LOST_CARD);
        assertThat(shipped.intentOf("我要去银保监投诉")).isEqualTo(Intent.COMPLAINT);
        assertThat(shipped.intentOf("手机银行怎么转账")).isEqualTo(Intent.QUESTION);
        assertThat(defaults.autoSendConfidence()).isEqualTo(0.94);

        // the regulator's hotline as a number of its own, full-width too; not digits inside a longer number
        assertThat(shipped.intentOf("12378")).isEqualTo(Intent.COMPLAINT);
        assertThat(shipped.intentOf("不解决我就打１２３７８")).isEqualTo(Intent.COMPLAINT);
        assertThat(shipped.intentOf("电话12378-转接")).isEqualTo(Intent.COMPLAINT);
        assertThat(shipped.intentOf("手机银行可以刷脸登录吗（咨询单号00012378）")).isEqualTo(Intent.QUESTION);
        assertThat(shipped.intentOf("卡号6222123784567890怎么激活")).isEqualTo(Intent.QUESTION);
        assertThat(shipped.intentOf("单号123780，另外我要打12378")).isEqualTo(Intent.COMPLAINT);
    }

    // ------------------------------------------------------------------ 猜你想问 menus

    private static final List<RoutingInput.Candidate> THREE = List.of(new RoutingInput.Candidate("demo-008", "借记卡"),
            new RoutingInput.Candidate("demo-026", "手机银行"), new RoutingInput.Candidate("demo-027", "手机银行"));

    private RoutingDecision withMenu(double confidence, double menuConfidence, List<RoutingInput.Candidate> candidates,
                                     boolean room, RoutingInput.MenuStep step, Action verdict, int lowTurns) {
        return policy.decide(new RoutingInput("密码忘了", confidence, DraftKind.ANSWER, verdict, lowTurns, null,
                new RoutingInput.Menu(menuConfidence, candidates, room, step)));
    }

    @Test
    void belowAutoSendButLikelyAmongTheCandidatesTheCustomerGetsAMenu() {
        RoutingDecision d = withMenu(0.62, 0.81, THREE, true, RoutingInput.MenuStep.ASKED, Action.PASS, 0);
        assertThat(d.route()).isEqualTo(Route.MENU);
        assertThat(d.reasons()).extracting(RoutingDecision.Reason::code, RoutingDecision.Reason::detail)
                .containsExactly(org.assertj.core.api.Assertions.tuple("low-confidence", "0.62 < 0.90"),
                        org.assertj.core.api.Assertions.tuple("menu-offered", "0.81 >= 0.50, 3 items"));
        // a menu ends a run of unsure answers rather than handing off after it
        assertThat(withMenu(0.62, 0.81, THREE, true, RoutingInput.MenuStep.ASKED, Action.PASS, 5).route())
                .isEqualTo(Route.MENU);
    }

    @Test
    void theRetrievalHalfIsTheKnowledgeBasesAnswerPolicy() {
        // sure enough to send: no menu, whatever the menu confidence
        assertThat(withMenu(0.93, 0.99, THREE, true, RoutingInput.MenuStep.ASKED, Action.PASS, 0).route())
                .isEqualTo(Route.AUTO_SEND);
        // not likely enough among the candidates: an agent decides
        RoutingDecision agent = withMenu(0.3, 0.45, THREE, true, RoutingInput.MenuStep.ASKED, Action.PASS, 0);
        assertThat(agent.route()).isEqualTo(Route.APPROVAL);
        assertThat(agent.reasonCodes()).containsExactly("low-confidence");
        // one candidate is no menu
        assertThat(withMenu(0.62, 0.81, THREE.subList(0, 1), true, RoutingInput.MenuStep.ASKED, Action.PASS, 0)
                .route()).isEqualTo(Route.APPROVAL);
        // the policy is the one the settings describe
        assertThat(settings.answerPolicy()).isEqualTo(new com.wecomassist.kb.policy.AnswerPolicy(0.9, 0.5, 3));
        // the menu confidence is never read below the top answer's (a lower figure would be a fault of the model: read as the top answer's)
        assertThat(withMenu(0.62, 0.2, THREE, true, RoutingInput.MenuStep.ASKED, Action.PASS, 0).route())
                .isEqualTo(Route.MENU);
    }

    @Test
    void noMenuWhereAPersonMustAnswerOrTheWindowHasNoRoomOrComplianceWantsAReview() {
        List<RoutingInput.Candidate> lostCard = List.of(new RoutingInput.Candidate("demo-008", "借记卡"),
                new RoutingInput.Candidate("demo-010", "挂失"));
        RoutingDecision byCategory = withMenu(0.62, 0.81, lostCard, true, RoutingInput.MenuStep.ASKED, Action.PASS, 0);
        assertThat(byCategory.route()).isEqualTo(Route.APPROVAL);
        assertThat(byCategory.reasonCodes()).containsExactly("low-confidence");
        assertThat(byCategory.reasons().get(0).detail()).isEqualTo("0.62 < 0.90; 未提供猜你想问菜单：entry demo-010 (挂失) "
                + "is answered by people only");
        List<RoutingInput.Candidate> person = List.of(new RoutingInput.Candidate("demo-008", "借记卡"),
                new RoutingInput.Candidate("demo-074", "企业微信身份验证"));
        assertThat(withMenu(0.62, 0.81, person, true, RoutingInput.MenuStep.ASKED, Action.PASS, 0).route())
                .isEqualTo(Route.APPROVAL);
        // an excluded entry beyond the items offered does not matter
        List<RoutingInput.Candidate> fourth = List.of(THREE.get(0), THREE.get(1), THREE.get(2),
                new RoutingInput.Candidate("demo-010", "挂失"));
        assertThat(withMenu(0.62, 0.81, fourth, true, RoutingInput.MenuStep.ASKED, Action.PASS, 0).route())
                .isEqualTo(Route.MENU);
        assertThat(withMenu(0.62, 0.81, THREE, false, RoutingInput.MenuStep.ASKED, Action.PASS, 0).route())
                .isEqualTo(Route.APPROVAL);
        RoutingDecision review = withMenu(0.62, 0.81, THREE, true, RoutingInput.MenuStep.ASKED, Action.REVIEW, 0);
        assertThat(review.route()).isEqualTo(Route.APPROVAL);
        assertThat(review.reasonCodes()).containsExactly("low-confidence", "compliance-review");
        // intent and compliance come first
        assertThat(withMenu(0.62, 0.81, THREE, true, RoutingInput.MenuStep.ASKED, Action.BLOCK, 0).route())
                .isEqualTo(Route.BLOCK);
        assertThat(policy.decide(new RoutingInput("我的卡被盗刷了", 0.62, DraftKind.ANSWER, Action.PASS, 0, null,
                new RoutingInput.Menu(0.81, THREE, true, RoutingInput.MenuStep.ASKED))).route()).isEqualTo(Route.HANDOFF);
    }

    @Test
    void aDeclinedMenuGoesToTheAgentsNotToASecondMenuNorTheHandoffQueue() {
        RoutingDecision d = withMenu(0.62, 0.81, THREE, true, RoutingInput.MenuStep.DECLINED, Action.PASS, 3);
        assertThat(d.route()).isEqualTo(Route.APPROVAL);
        assertThat(d.reasonCodes()).containsExactly("low-confidence", "menu-declined");
        assertThat(d.reasons().get(1).detail()).isEqualTo("客户未从猜你想问菜单中选择（候选：demo-008、demo-026、demo-027）");
        assertThat(d.unsure()).isTrue();
    }

    @Test
    void aChosenEntryIsSentUnlessComplianceObjects() {
        RoutingDecision chosen = withMenu(1, 1, THREE.subList(0, 1), true, RoutingInput.MenuStep.CHOSEN, Action.PASS, 1);
        assertThat(chosen.route()).isEqualTo(Route.AUTO_SEND);
        assertThat(chosen.reasonCodes()).containsExactly("menu-chosen", "compliant");
        assertThat(chosen.unsure()).isFalse();
        RoutingDecision reviewed = withMenu(1, 1, THREE.subList(0, 1), true, RoutingInput.MenuStep.CHOSEN,
                Action.REVIEW, 0);
        assertThat(reviewed.route()).isEqualTo(Route.APPROVAL);
        assertThat(reviewed.reasonCodes()).containsExactly("menu-chosen", "compliance-review");
        assertThat(withMenu(1, 1, THREE.subList(0, 1), true, RoutingInput.MenuStep.CHOSEN, Action.BLOCK, 0).route())
                .isEqualTo(Route.BLOCK);
    }

    @Test
    void theShippedMenuSettings() {
        RouteProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("assist.route", RouteProperties.class);
        assertThat(defaults.menuConfidence()).isEqualTo(0.5);
        assertThat(defaults.menuItems()).isEqualTo(3);
        assertThat(defaults.menuWait()).isEqualTo(Duration.ofMinutes(3));
        assertThat(defaults.menuExcludedCategories()).contains("挂失", "投诉");
        assertThat(defaults.menuExcludedEntries()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(
                        Map.of("assist.route.menu-items", "11"))).bindOrCreate("assist.route", RouteProperties.class))
                .hasStackTraceContaining("menu-items must be between 2 and 10");
    }
}
