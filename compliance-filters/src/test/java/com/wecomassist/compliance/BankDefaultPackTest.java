package com.wecomassist.compliance;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped bank pack, category by category: texts it must flag (positive), texts it must let
 * through (negative), and near misses that share words with a violation but are not one. All
 * texts written for this test.
 */
class BankDefaultPackTest {

    static final ComplianceChecker CHECKER = ComplianceChecker.bankDefault();

    static Verdict draft(String text) {
        return CHECKER.check(text, TextKind.AI_DRAFT);
    }

    static void assertFlagged(String text, String category, Action action) {
        Verdict v = draft(text);
        assertThat(v.hits()).as("hits for: " + text).anyMatch(h -> h.category().equals(category) && h.action() == action);
        assertThat(v.action().compareTo(action)).as("verdict at least " + action).isGreaterThanOrEqualTo(0);
    }

    static void assertNotFlagged(String text, String category) {
        Verdict v = draft(text);
        assertThat(v.hits()).as("hits for: " + text).noneMatch(h -> h.category().equals(category));
    }

    /** The precision cases named in the issue: none of them may be flagged by any rule. */
    @ParameterizedTest
    @ValueSource(strings = {"最高人民法院", "最低还款额", "第一次登录", "不保本", "无法承诺收益", "稳赚不赔的说法都是骗局"})
    void issuePrecisionCasesPassWhole(String text) {
        for (TextKind kind : TextKind.values()) {
            Verdict v = CHECKER.check(text, kind);
            assertThat(v.action()).as(text + " as " + kind).isEqualTo(Action.PASS);
        }
    }

    @Nested
    class ReturnPromises {
        @ParameterizedTest
        @ValueSource(strings = {
                "这款产品保本保收益，您放心",
                "买这个基本是稳赚的",
                "本金一分都不会亏",
                "年化4%，收益有保障",
                "零风险，比存款划算",
                "保 本 又 高 收 益",
                "保*本",
                "穩賺不賠",
                "ＢＵＹ这个，保证能赚钱",
                "这个是刚兑的，到期一定兑付",
                "只赚不赔，旱涝保收",
                "这款收益率固定在4.5%",
                "我们承诺保本"})
        void flagged(String text) {
            assertFlagged(text, "return-promise", Action.BLOCK);
            assertThat(draft(text).action()).isEqualTo(Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "不保本",
                "无法承诺收益",
                "稳赚不赔的说法都是骗局",
                "该理财为非保本浮动收益型，不承诺保本",
                "我们不能保证收益，过往业绩不代表未来",
                "理财产品不存在刚性兑付",
                "市场上所谓“零风险高收益”的宣传是违规的，请警惕",
                "根据资管新规，要打破刚兑",
                "无风险利率一般参考国债收益率",
                "本金和收益均存在损失的可能"})
        void notFlagged(String text) {
            assertNotFlagged(text, "return-promise");
        }

        @ParameterizedTest
        @ValueSource(strings = {"不仅保本还有高收益", "不用担心，保本的", "这不是骗局，稳赚"})
        void nearMissesThatAreStillPromises(String text) {
            assertFlagged(text, "return-promise", Action.BLOCK);
        }

        @org.junit.jupiter.api.Test
        void customersAskingAreNotPromises() {
            assertThat(CHECKER.check("这个理财保本吗？稳赚吗？", TextKind.CUSTOMER_MESSAGE).hits()).isEmpty();
            assertThat(CHECKER.check("这个理财保本", TextKind.AGENT_REPLY).action()).isEqualTo(Action.BLOCK);
        }
    }

    @Nested
    class Superlatives {
        @ParameterizedTest
        @ValueSource(strings = {"我行是国家级金融平台", "这是最佳的理财方案", "全网最低的贷款利率",
                "我们的存款利率全市最高", "我行信用卡发卡量行业第一", "这是您最好的选择", "资金放这里绝对安全"})
        void flagged(String text) {
            assertFlagged(text, "superlative", Action.REVIEW);
        }

        @ParameterizedTest
        @ValueSource(strings = {"最高人民法院", "最低还款额", "第一次登录", "根据最高人民法院的规定，利息按合同约定计算",
                "最低还款额的利息怎么算", "第一次登录手机银行需要设置密码", "单笔转账最高限额为5万元",
                "信用卡最低还款额为账单金额的10%", "请第一时间联系发卡行冻结卡片", "建议您最好先核对收款人信息"})
        void notFlagged(String text) {
            assertNotFlagged(text, "superlative");
            assertThat(draft(text).action()).isNotEqualTo(Action.BLOCK);
        }

        @org.junit.jupiter.api.Test
        void definedTermsAreExcusedAndSaySo() {
            Verdict v = draft("最低还款额的利息怎么算");
            assertThat(v.hits()).isEmpty();
            assertThat(v.excused()).singleElement().satisfies(e -> {
                assertThat(e.hit().matchedText()).isEqualTo("最低");
                assertThat(e.reason()).contains("还款额");
            });
        }
    }

    @Nested
    class PressureAndInducement {
        @ParameterizedTest
        @ValueSource(strings = {"名额有限，先到先得", "仅剩2份额度，抓紧认购", "错过这次再等一年", "今天不买明天就涨了",
                "最后一天认购，赶紧下单"})
        void pressureFlagged(String text) {
            assertFlagged(text, "pressure", Action.REVIEW);
        }

        @ParameterizedTest
        @ValueSource(strings = {"存钱送电饭煲", "开户送现金红包", "存满十万私下加息0.5%"})
        void inducementFlagged(String text) {
            assertFlagged(text, "inducement", Action.REVIEW);
        }

        @ParameterizedTest
        @ValueSource(strings = {"今天是还款的最后一天，请及时还款", "本期活动名额以页面显示为准", "我行不会以返现方式揽储",
                "退货后款项将原路退回"})
        void notFlagged(String text) {
            assertNotFlagged(text, "pressure");
            assertNotFlagged(text, "inducement");
        }
    }

    @Nested
    class DepositInsurance {
        @ParameterizedTest
        @ValueSource(strings = {"理财产品也受存款保险保障", "存款保险会全额赔付您的资金", "有存款保险，一百万以内都能赔，存款保险上限100万",
                "基金同样享受存款保险"})
        void flagged(String text) {
            assertFlagged(text, "deposit-insurance-false", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"存款保险最高偿付限额为人民币50万元", "理财产品不属于存款保险的保障范围", "同一存款人在同一家银行的存款，存款保险合并计算",
                "基金不受存款保险保护"})
        void notFlagged(String text) {
            assertNotFlagged(text, "deposit-insurance-false");
        }
    }

    @Nested
    class Disparaging {
        @ParameterizedTest
        @ValueSource(strings = {"别家银行的产品都是坑", "那家银行快倒闭了，赶紧转过来", "其他银行的理财不安全", "工行那边不靠谱"})
        void flagged(String text) {
            assertFlagged(text, "disparagement", Action.REVIEW);
        }

        @ParameterizedTest
        @ValueSource(strings = {"他行卡取款可能收取手续费", "其他银行的业务请咨询该行客服", "别家银行的卡也可以绑定"})
        void notFlagged(String text) {
            assertNotFlagged(text, "disparagement");
        }
    }

    @Nested
    class LoansAndCredit {
        @ParameterizedTest
        @ValueSource(strings = {"我们包下款，无视征信", "黑户也能贷，当天放款", "花钱可以帮您修复征信", "交费就能删除逾期记录",
                "有内部渠道，肯定能批", "100%下款"})
        void flagged(String text) {
            assertFlagged(text, "credit-misconduct", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"贷款审批结果以银行审核为准", "逾期记录会依法保存五年，任何机构都无法删除", "谨防“征信修复”诈骗",
                "征信报告可在人民银行征信中心查询", "如信息有误可提交征信异议申请"})
        void notFlagged(String text) {
            assertNotFlagged(text, "credit-misconduct");
        }
    }

    @Nested
    class Credentials {
        @ParameterizedTest
        @ValueSource(strings = {"请把短信验证码发给我", "麻烦告诉我您的取款密码", "验证码是多少？", "提供一下卡片背面的CVV2",
                "您把动态码截图发我", "请 报 一 下 验 证 码", "您不要着急，把验证码发给我就行"})
        void flagged(String text) {
            assertFlagged(text, "credentials-request", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"请勿向任何人提供验证码", "银行工作人员不会向您索要密码", "请在页面输入短信验证码",
                "验证码有效期为5分钟", "短信验证码有效期限是多少分钟？一般为5分钟", "如忘记密码，可在手机银行重置", "CVN2即卡背面签名栏后三位，请妥善保管，切勿告诉他人"})
        void notFlagged(String text) {
            assertNotFlagged(text, "credentials-request");
        }
    }

    @Nested
    class OffChannel {
        @ParameterizedTest
        @ValueSource(strings = {"加我微信详聊", "您加我私人微信，我单独给您办", "把钱转到我的账户，我帮您买", "拉你进群，老师带你炒股"})
        void flagged(String text) {
            assertFlagged(text, "off-channel", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"请关注官方微信公众号", "不要添加陌生人的私人微信", "扫码付款适用于线下交易场景",
                "请通过手机银行APP办理"})
        void notFlagged(String text) {
            assertNotFlagged(text, "off-channel");
        }
    }

    @Nested
    class Endorsement {
        @ParameterizedTest
        @ValueSource(strings = {"这个产品国家兜底", "央行担保，绝对放心"})
        void flagged(String text) {
            assertFlagged(text, "false-endorsement", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"监管部门不会为任何理财产品担保", "人民银行是我国的中央银行"})
        void notFlagged(String text) {
            assertNotFlagged(text, "false-endorsement");
        }
    }

    @Nested
    class PersonalData {
        @org.junit.jupiter.api.Test
        void outboundTextIsMaskedNotBlocked() {
            String card = com.wecomassist.compliance.pii.BankCardNumber.withLuhnDigit("621700000000000");
            Verdict v = draft("您的卡" + card + "已解挂，联系人手机13912345678");
            assertThat(v.action()).isEqualTo(Action.REWRITE);
            assertThat(v.hits()).extracting(Hit::category).containsOnly("personal-data");
            assertThat(v.text()).isEqualTo("您的卡************" + card.substring(12) + "已解挂，联系人手机*******5678");
            assertThat(v.hits()).allSatisfy(h -> assertThat(h.matchedText()).contains("*"));
            assertThat(v.hits().toString()).doesNotContain(card).doesNotContain("13912345678");
        }

        @org.junit.jupiter.api.Test
        void customerMessagesAreMasked() {
            Verdict v = CHECKER.check("我手机号是 139 1234 5678", TextKind.CUSTOMER_MESSAGE);
            assertThat(v.action()).isEqualTo(Action.REWRITE);
            assertThat(v.text()).isEqualTo("我手机号是 *** **** 5678");
        }

        @ParameterizedTest
        @ValueSource(strings = {"客服热线95516", "境外可拨打00-800-800-95516", "交易金额12345678元", "请致信 service@example-bank.com.cn"})
        void notFlagged(String text) {
            assertNotFlagged(text, "personal-data");
        }
    }

    @Nested
    class RiskNotice {
        @org.junit.jupiter.api.Test
        void investmentRecommendationGetsTheNoticeAppended() {
            Verdict v = draft("推荐您关注这款净值型理财产品，业绩比较基准2.8%-3.5%");
            assertThat(v.action()).isEqualTo(Action.APPEND_NOTICE);
            assertThat(v.text()).endsWith("\n理财非存款、产品有风险、投资须谨慎。");
            assertThat(v.maySendWithoutReview()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"推荐您这款理财产品。理财非存款，产品有风险，投资须谨慎。", "理财产品的购买记录可在手机银行查询",
                "公积金贷款请咨询公积金中心", "支持在壹基金网站用银联卡捐款"})
        void noNoticeNeeded(String text) {
            Verdict v = draft(text);
            assertThat(v.hits()).noneMatch(h -> h.category().equals("risk-notice-missing"));
            assertThat(v.text()).isEqualTo(text);
        }

        @org.junit.jupiter.api.Test
        void noticeIsAppendedOnlyOnceAndTheWorstActionWins() {
            Verdict v = draft("这款理财产品保本，推荐购买，另一款基金也推荐购买");
            assertThat(v.action()).isEqualTo(Action.BLOCK);
            assertThat(v.text().split("理财非存款", -1)).hasSize(2);
        }
    }

    /**
     * Issue 15: violations said without the listed words, one nested class per meaning. Every
     * text is written for this test (none from the labelled set), with near misses that use the
     * same words legitimately.
     */
    @Nested
    class Meanings {
        @ParameterizedTest
        @ValueSource(strings = {"放心买，要是亏了我自己掏钱给您补上", "这个收益是固定的，不会上下波动", "历史上这款一次都没亏过",
                "说白了就跟存定期一样", "到期本金加4%肯定到手"})
        void returnPromisesWithoutTheWords(String text) {
            assertFlagged(text, "return-promise", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"风险测评我替您做了，您签字就行", "双录的时候您就说都了解", "这款年金险下月停售，赶紧把定期转成这个",
                "问卷第4题选D就能买R4了"})
        void misSelling(String text) {
            assertFlagged(text, "suitability", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"存满二十万我私下再补您0.3%的利息", "这单保险签了我返您一千块"})
        void inducement(String text) {
            assertFlagged(text, "inducement", Action.REVIEW);
        }

        @ParameterizedTest
        @ValueSource(strings = {"这个贷款不看征信，身份证就能办", "放款前要先交三千元保证金", "消费贷下来拿去付首付也没人查",
                "信用卡额度可以找商户刷出来用", "花点钱就能把逾期记录删掉"})
        void creditMisconduct(String text) {
            assertFlagged(text, "credit-misconduct", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"把手机收到的6位验证码告诉我", "身份证正反面拍照发我看看", "网银登录密码跟我说一下"})
        void credentialRequests(String text) {
            assertFlagged(text, "credentials-request", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"那家城商行快撑不住了，钱赶紧取出来", "别家的客户经理满嘴套路"})
        void disparagement(String text) {
            assertFlagged(text, "disparagement", Action.REVIEW);
        }

        @ParameterizedTest
        @ValueSource(strings = {"买点比特币吧，年底能翻倍", "这只股票明天利好，建议满仓", "朋友的私募没备案但收益高"})
        void unlicensedInvestment(String text) {
            assertFlagged(text, "unlicensed-investment", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"钱直接转到我个人卡上，我帮您买", "您的资金需要转入安全账户核查", "这里有存档不方便说，加我私人微信"})
        void offChannel(String text) {
            assertFlagged(text, "off-channel", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"分几天取，每次4.9万就不用登记", "用您亲戚的卡帮您收这笔款", "用途您就说是装修款"})
        void amlStructuring(String text) {
            assertFlagged(text, "aml-structuring", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"你是不是傻，说几遍了还不懂", "爱办不办，别烦我"})
        void abusiveLanguage(String text) {
            assertFlagged(text, "abusive-language", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"这款理财也有存款保险，放心", "您在三个支行各存50万，存款保险都能保住"})
        void depositInsuranceFalse(String text) {
            assertFlagged(text, "deposit-insurance-false", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"这款基金有国家在背后托底", "金融监管局认证过的理财"})
        void falseEndorsement(String text) {
            assertFlagged(text, "false-endorsement", Action.BLOCK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"别犹豫了，今天不下单额度就没了", "周五停售，之后收益就下调了"})
        void pressure(String text) {
            assertFlagged(text, "pressure", Action.REVIEW);
        }

        @Test
        void pastPerformanceGetsTheFullNoticeOnce() {
            Verdict v = draft("推荐这只债基，近一年收益4.2%");
            assertThat(v.action()).isEqualTo(Action.APPEND_NOTICE);
            assertThat(v.text()).endsWith("过往业绩不代表未来表现。理财非存款、产品有风险、投资须谨慎。");
            assertThat(v.text().split("理财非存款", -1)).hasSize(2);
        }

        /** Clean texts that use the same words: statutory facts, complete notices, refusals, warnings. */
        @ParameterizedTest
        @ValueSource(strings = {
                "存款保险实行限额偿付，最高偿付限额为人民币50万元",
                "推荐您这只纯债基金，近一年收益3.1%。基金有风险，投资须谨慎，过往业绩不代表未来表现。",
                "本结构性存款保底收益率1.3%，最高收益率3.0%，实际收益以挂钩标的表现为准",
                "本行工作人员不会向您索要验证码或密码，请勿泄露",
                "不存在所谓安全账户，要求转账的都是诈骗",
                "贷款需按规定查询征信，本行不提供征信修复服务",
                "信用卡不得用于套现，请按实际消费使用",
                "风险测评须由您本人独立完成，请如实作答",
                "单笔5万元以上的现金存取，银行依法需要登记并报告",
                "跨行转账到他行账户一般两小时内到账",
                "重置密码请在手机银行安全中心操作",
                "非常抱歉让您久等了，我马上为您处理",
                "大额存单利率固定，到期还本付息",
                "该理财为非保本浮动收益型，净值会随市场波动"})
        void cleanNearMissesPass(String text) {
            assertThat(draft(text).action()).as(text).isEqualTo(Action.PASS);
        }
    }
}
