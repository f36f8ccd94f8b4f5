package com.wecomassist.compliance;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.InvalidRulePackException;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.RulePackReader;
import com.wecomassist.compliance.rules.TextKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The meaning-level matchers of the pack format on a small pack written for this test: near
 * (term groups together in a clause, sentence or window, negation-aware), requests (speech acts)
 * and the all-of contexts (a complete risk notice, a statutory fact).
 */
class NearMatcherTest {

    static final String PACK = """
            pack: near-test
            version: "1"
            contexts:
              negation-cue:
                preceded-by: [不, 没, 不会, 请勿]
                window: 3
                unless: [不仅]
              risk-notice:
                text-has-all:
                  - [有风险, 存在风险]
                  - [谨慎, 审慎]
              insurance-fact:
                sentence-has-all:
                  - [存款保险]
                  - [50万以内, 最高偿付限额]
            rules:
              - id: pledge
                category: return-promise
                description: 个人承诺弥补损失
                legal-basis: 广告法第二十五条
                severity: critical
                action: BLOCK
                applies-to: [ai-draft]
                match:
                  near:
                    - all:
                        - [亏, 亏损, 损失]
                        - [我补, 算我的, 我承担]
                      within: sentence
              - id: principal-safe
                category: return-promise
                description: 本金不会亏
                legal-basis: 广告法第二十五条
                severity: critical
                action: BLOCK
                applies-to: [ai-draft]
                match:
                  near:
                    - all:
                        - [本金]
                        - negated: [亏, 损失]
                      within: 6
              - id: ordered
                category: test
                description: 先动词后宾语
                legal-basis: 测试
                severity: low
                action: REVIEW
                applies-to: [ai-draft]
                match:
                  near:
                    - all:
                        - [转账]
                        - [安全账户]
                      ordered: true
                      not-in: [所谓安全账户]
              - id: ask-code
                category: credentials-request
                description: 索要验证码
                legal-basis: 个人信息保护法第二十八条
                severity: critical
                action: BLOCK
                applies-to: [ai-draft]
                match:
                  requests:
                    - objects: [验证码, 密码]
                      verbs: [发我, 告诉我, 提供]
              - id: recommend
                category: risk-notice-missing
                description: 推荐基金须附风险提示
                legal-basis: 广告法第二十五条
                severity: high
                action: REVIEW
                applies-to: [ai-draft]
                match:
                  terms: [基金]
                exceptions:
                  - risk-notice
              - id: insurance
                category: deposit-insurance-false
                description: 存款保险不实表述
                legal-basis: 存款保险条例第五条
                severity: critical
                action: BLOCK
                applies-to: [ai-draft]
                match:
                  terms: [全额赔付]
                exceptions:
                  - insurance-fact
            """;

    static final ComplianceChecker CHECKER = new ComplianceChecker(List.of(read(PACK)));

    static RulePack read(String yaml) {
        return new RulePackReader().read("near.yaml", new StringReader(yaml), name -> {
            throw new IOException("no terms files here");
        });
    }

    static List<String> rules(String text) {
        return CHECKER.check(text, TextKind.AI_DRAFT).hits().stream().map(Hit::ruleId).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"亏了算我的", "要是亏损了，差额我补", "损失部分由我承担"})
    void allGroupsInOneSentenceInAnyOrderMatch(String text) {
        assertThat(rules(text)).contains("pledge");
    }

    @ParameterizedTest
    @ValueSource(strings = {"亏损由投资者自行承担。有问题我补充说明", "我补办了卡", "不会亏损，算我的"})
    void aMissingGroupAnotherSentenceOrANegatedMemberDoesNotMatch(String text) {
        // 不会亏损: the affirmed group's only member is negated, so the pledge group stands alone.
        assertThat(rules(text)).doesNotContain("pledge");
    }

    @Test
    void theHitSpansTheGroupsAndNamesThem() {
        Verdict v = CHECKER.check("您放心，亏了算我的。", TextKind.AI_DRAFT);
        Hit h = v.hits().get(0);
        assertThat(h.matchedText()).isEqualTo("亏了算我的");
        assertThat(h.term()).isEqualTo("亏+我补");
        assertThat(h.legalBasis()).isEqualTo("广告法第二十五条");
        assertThat(v.action()).isEqualTo(Action.BLOCK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"本金不会亏", "本金没损失", "本金不会有损失"})
    void aNegatedGroupAsksForTheNegation(String text) {
        assertThat(rules(text)).contains("principal-safe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"本金可能亏损", "本金有损失的可能", "本金在到期后返还，若出现亏损请自担，不会亏"})
    void anAffirmedLossOrOneOutOfTheWindowIsNoPromise(String text) {
        assertThat(rules(text)).doesNotContain("principal-safe");
    }

    @Test
    void aCueNegatesTheNearestMemberOnly() {
        // In 不亏本金 the 不 belongs to 亏, so 本金 itself is not negated and the negated group holds.
        assertThat(rules("保证不亏本金")).contains("principal-safe");
    }

    @Test
    void orderedGroupsMustComeInOrderAndNotInTermsDoNotCount() {
        assertThat(rules("请转账到安全账户")).contains("ordered");
        assertThat(rules("安全账户不能转账")).doesNotContain("ordered");
        assertThat(rules("转账到所谓安全账户是骗局")).doesNotContain("ordered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"把验证码发我", "您的密码告诉我一下", "请提供验证码"})
    void requestsAreSpeechActs(String text) {
        assertThat(rules(text)).contains("ask-code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"请勿提供验证码", "验证码已发送", "密码请妥善保管"})
    void aNegatedRequestVerbOrNoVerbIsNoRequest(String text) {
        assertThat(rules(text)).doesNotContain("ask-code");
    }

    @Test
    void aCompleteRiskNoticeInAnyWordingExcuses() {
        assertThat(rules("推荐这只基金。基金有风险，投资须谨慎。")).isEmpty();
        assertThat(CHECKER.check("推荐这只基金。基金有风险，投资须谨慎。", TextKind.AI_DRAFT).excused())
                .isNotEmpty().allSatisfy(e -> assertThat(e.reason()).isEqualTo("risk-notice"));
        // Half a notice is not a notice.
        assertThat(rules("推荐这只基金，存在风险。")).contains("recommend");
    }

    @Test
    void aStatutoryFactInTheSameSentenceExcuses() {
        assertThat(rules("存款保险对50万以内的存款全额赔付")).isEmpty();
        assertThat(rules("存款保险全额赔付。最高偿付限额是50万")).contains("insurance");
    }

    @Test
    void nearMatchersAreValidatedWithFileAndLine() {
        String base = PACK.substring(0, PACK.indexOf("rules:")) + """
                rules:
                  - id: x
                    category: c
                    description: d
                    legal-basis: b
                    severity: low
                    action: REVIEW
                    applies-to: [ai-draft]
                    match:
                      near:
                        - all:
                            - [甲]
                            - [乙]
                          within: sentence
                """;
        assertThat(read(base).rules().get(0).near()).hasSize(1);
        InvalidRulePackException oneGroup = catchThrowableOfType(InvalidRulePackException.class,
                () -> read(base.replace("            - [乙]\n", "")));
        assertThat(oneGroup.getMessage()).startsWith("near.yaml:").contains("at least two groups");
        InvalidRulePackException badWithin = catchThrowableOfType(InvalidRulePackException.class,
                () -> read(base.replace("within: sentence", "within: paragraph")));
        assertThat(badWithin.line()).isEqualTo(base.split("\n").length);
        assertThat(badWithin.problem()).contains("'within' must be clause, sentence or a number");
        InvalidRulePackException badGroup = catchThrowableOfType(InvalidRulePackException.class,
                () -> read(base.replace("- [乙]", "- {denied: [乙]}")));
        assertThat(badGroup.problem()).contains("unknown key 'denied' in a group");
        InvalidRulePackException noNegation = catchThrowableOfType(InvalidRulePackException.class,
                () -> read(base.replace("negation-cue:", "other-cue:").replace("- [乙]", "- {negated: [乙]}")));
        assertThat(noNegation.problem()).contains("needs a preceded-by context named 'negation-cue'");
        InvalidRulePackException wrongScope = catchThrowableOfType(InvalidRulePackException.class,
                () -> read(base.replace("within: sentence", "within: sentence\n          negation: risk-notice")));
        assertThat(wrongScope.problem()).contains("must be a preceded-by context");
        InvalidRulePackException unknownKey = catchThrowableOfType(InvalidRulePackException.class,
                () -> read(base.replace("within: sentence", "window: 3")));
        assertThat(unknownKey.problem()).contains("unknown key 'window' in a near matcher");
    }
}
