package com.wecomassist.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.Grounding;
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
            100, 50, null);
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
        assertThat(defaults.autoSendConfidence()).isEqualTo(0.9);
    }
}
