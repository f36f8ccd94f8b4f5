package com.wecomassist.learn;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.entry.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which source's answer a sent text is: the entry's answer, wrapped or lightly edited, and nothing else. */
class SentAnswersTest {

    static final Entry CLOSE_CARD = Entry.draft("demo-006", "如何注销借记卡？",
            "请本人携带身份证件和卡片到任一营业网点办理销户。销户前请解除该卡绑定的代扣、快捷支付和第三方支付，并确认账户余额已转出或取现。");
    static final Entry LOST_CARD = Entry.draft("demo-008", "借记卡丢了怎么办？",
            "请立即拨打客服热线或在手机银行办理口头挂失，再携带身份证件到网点办理正式挂失和补卡。");
    // demo-042 and demo-046 share the long risk notice: the closest two answers of the sample knowledge base
    static final Entry PRINCIPAL = Entry.draft("demo-042", "理财产品保本吗？",
            "理财产品不保本，也不承诺收益，可能因市场波动出现本金损失。理财非存款，产品有风险，投资须谨慎。过往业绩不代表未来表现，请根据自身风险承受能力选择产品。");
    static final Entry BENCHMARK = Entry.draft("demo-046", "理财产品的业绩比较基准是保证收益吗？",
            "业绩比较基准是产品管理人设定的投资目标参考，不是预期收益率，也不是对收益的承诺，实际收益可能低于比较基准甚至出现亏损。理财非存款，产品有风险，投资须谨慎。过往业绩不代表未来表现，请根据自身风险承受能力选择产品。");

    @Test
    void theDraftAsWrittenCarriesItsEntrysAnswer() {
        String draft = "您好，很高兴为您服务。\n" + CLOSE_CARD.answer() + "\n还有其他问题可以随时问我，也可以转人工。";
        assertThat(SentAnswers.received(draft, List.of(CLOSE_CARD, LOST_CARD))).contains(CLOSE_CARD);
    }

    @Test
    void aSmallEditKeepsTheEntrysAnswer() {
        String edited = CLOSE_CARD.answer().replace("任一营业网点", "任意网点").replace("取现", "取出");
        assertThat(SentAnswers.received(edited, List.of(CLOSE_CARD, LOST_CARD))).contains(CLOSE_CARD);
    }

    @Test
    void aRewrittenAnswerIsNoEntrysAnswer() {
        assertThat(SentAnswers.received("您好，信用卡当年刷卡满六次即可免次年年费，详情请咨询网点。",
                List.of(CLOSE_CARD, LOST_CARD))).isEmpty();
        // the first half of the answer only: the customer did not receive what the entry says
        assertThat(SentAnswers.received("请本人携带身份证件和卡片到任一营业网点办理。", List.of(CLOSE_CARD))).isEmpty();
    }

    @Test
    void answersThatShareBoilerplateAreToldApart() {
        assertThat(SentAnswers.received(BENCHMARK.answer(), List.of(PRINCIPAL, BENCHMARK))).contains(BENCHMARK);
        assertThat(SentAnswers.received(PRINCIPAL.answer(), List.of(BENCHMARK, PRINCIPAL))).contains(PRINCIPAL);
    }

    @Test
    void aTextCarryingTwoSourcesIsNeitherOnesAnswer() {
        assertThat(SentAnswers.received(CLOSE_CARD.answer() + LOST_CARD.answer(), List.of(CLOSE_CARD, LOST_CARD)))
                .isEmpty();
    }
}
