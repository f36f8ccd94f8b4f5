package com.wecomassist.compliance;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.RulePackReader;
import com.wecomassist.compliance.rules.Severity;
import com.wecomassist.compliance.rules.TextKind;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class ComplianceCheckerTest {

    private static final ComplianceChecker CHECKER = BankDefaultPackTest.CHECKER;

    @Test
    void hitCarriesRuleSpanTermExplanationLegalBasisAndPackVersion() {
        String text = "您好！这款产品保-本，请放心。";
        Verdict v = CHECKER.check(text, TextKind.AI_DRAFT);
        assertThat(v.action()).isEqualTo(Action.BLOCK);
        assertThat(v.packs()).containsExactly(RulePackReader.bankDefault().label());
        Hit h = v.hits().get(0);
        assertThat(h.ruleId()).isEqualTo("return-promise.guarantee");
        assertThat(h.category()).isEqualTo("return-promise");
        assertThat(h.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(text.substring(h.start(), h.end())).isEqualTo("保-本");
        assertThat(h.matchedText()).isEqualTo("保-本");
        assertThat(h.term()).isEqualTo("保本");
        assertThat(h.explanation()).contains("保证性承诺").contains("保-本");
        assertThat(h.legalBasis()).contains("广告法").contains("第二十五条");
        assertThat(h.pack()).startsWith("bank-default@");
        assertThat(v.maySendWithoutReview()).isFalse();
        assertThat(v.checkFailed()).isFalse();
    }

    @Test
    void cleanServiceTextPasses() {
        Verdict v = CHECKER.check("您好，信用卡挂失可拨打发卡行客服电话，或在手机银行中操作。", TextKind.AI_DRAFT);
        assertThat(v.action()).isEqualTo(Action.PASS);
        assertThat(v.hits()).isEmpty();
        assertThat(v.maySendWithoutReview()).isTrue();
    }

    @Test
    void verdictTakesTheMostSevereActionAndKeepsEveryHitInTextOrder() {
        Verdict v = CHECKER.check("全网最低利率，名额有限，本金不会亏，您的手机13812345678", TextKind.AI_DRAFT);
        assertThat(v.action()).isEqualTo(Action.BLOCK);
        assertThat(v.hits()).extracting(Hit::category).containsExactly("superlative", "superlative", "pressure", "return-promise", "personal-data");
        assertThat(v.hits()).isSortedAccordingTo((a, b) -> Integer.compare(a.start(), b.start()));
        assertThat(v.text()).endsWith("*******5678");
    }

    @Test
    void checkFailureFailsClosed() {
        // A catastrophic pattern on a long input overflows the regex engine's stack: the check fails, the verdict is REVIEW.
        String yaml = """
                pack: fragile
                version: "1"
                rules:
                  - id: fragile
                    category: test
                    description: a pattern that recurses per character
                    legal-basis: none
                    severity: low
                    action: BLOCK
                    applies-to: [ai-draft]
                    match:
                      patterns:
                        - regex: '(a|b)*c'
                """;
        RulePack pack = new RulePackReader().read("fragile.yaml", new StringReader(yaml), n -> null);
        ComplianceChecker checker = new ComplianceChecker(List.of(pack));
        Verdict v = checker.check("ab".repeat(200_000), TextKind.AI_DRAFT);
        assertThat(v.action()).isEqualTo(Action.REVIEW);
        assertThat(v.checkFailed()).isTrue();
        assertThat(v.hits()).singleElement().satisfies(h -> assertThat(h.ruleId()).isEqualTo(Verdict.CHECK_FAILED_RULE));
        assertThat(checker.check("c", TextKind.AI_DRAFT).action()).isEqualTo(Action.BLOCK);
    }

    @Test
    void nullInputsFailClosed() {
        assertThat(CHECKER.check(null, TextKind.AI_DRAFT).action()).isEqualTo(Action.REVIEW);
        assertThat(CHECKER.check("你好", null).action()).isEqualTo(Action.REVIEW);
    }

    @Test
    void emptyTextPasses() {
        assertThat(CHECKER.check("", TextKind.AI_DRAFT).action()).isEqualTo(Action.PASS);
    }

    @Test
    void disabledRulesDoNotApply() {
        String yaml = """
                pack: p
                version: "1"
                rules:
                  - id: off
                    category: test
                    description: d
                    legal-basis: none
                    severity: low
                    action: BLOCK
                    enabled: false
                    applies-to: [ai-draft]
                    match:
                      terms: [保本]
                """;
        RulePack pack = new RulePackReader().read("p.yaml", new StringReader(yaml), n -> null);
        assertThat(new ComplianceChecker(List.of(pack)).check("保本", TextKind.AI_DRAFT).action()).isEqualTo(Action.PASS);
    }

    @Test
    void sameResultsFromManyThreads() throws Exception {
        List<String> texts = List.of("这款理财保本保息", "最低还款额的利息", "请把验证码发给我", "您好，请问有什么可以帮您",
                "推荐您这款理财产品，年化3%", "卡号" + com.wecomassist.compliance.pii.BankCardNumber.withLuhnDigit("622202123456789012"));
        List<Verdict> expected = texts.stream().map(t -> CHECKER.check(t, TextKind.AI_DRAFT)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int k = i % texts.size();
                futures.add(pool.submit(() -> CHECKER.check(texts.get(k), TextKind.AI_DRAFT).equals(expected.get(k))));
            }
            for (Future<Boolean> f : futures) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
