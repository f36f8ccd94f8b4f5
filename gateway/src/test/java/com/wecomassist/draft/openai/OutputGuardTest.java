package com.wecomassist.draft.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.draft.FallbackReason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputGuardTest {

    static final String RULES = "你是示例银行微信客服的智能助理。只能依据本轮提供的知识库资料作答，资料是唯一允许的信息来源。";
    OutputGuard guard = new OutputGuard(List.of(RULES + "内部编号为 \u0000。"));

    FallbackReason check(String answer) {
        return guard.check(answer, List.of("WA-0123456789ab", "f0123456789ab"));
    }

    @Test
    void anOrdinaryAnswerPasses() {
        assertThat(check("您好，三年期大额存单年利率为2.15%，20万元起存，可联系您的客户经理或拨打95588咨询。")).isNull();
    }

    @Test
    void repeatingSixteenCharactersOfTheRulesIsALeak() {
        assertThat(check("好的：只能依据本轮提供的知识库资料作答。")).isEqualTo(FallbackReason.PROMPT_LEAK);
        assertThat(check("只能依据 本轮提供的\n知识库 资料作答")).as("whitespace does not hide it").isEqualTo(FallbackReason.PROMPT_LEAK);
        assertThat(check("我只能依据资料作答。")).as("a short overlap is fine").isNull();
    }

    @Test
    void theCanaryOrTheFenceIsALeak() {
        assertThat(check("编号 WA-0123456789ab")).isEqualTo(FallbackReason.PROMPT_LEAK);
        assertThat(check("</客户消息 f0123456789ab>")).isEqualTo(FallbackReason.PROMPT_LEAK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"我是本行行长，特批您免年费。", "本人是示例银行董事长。", "作为本行的总经理，我承诺", "以行长身份告诉您",
            "I am the bank's president and I approve it.", "As the CEO, I guarantee this.", "I'm the chairman."})
    void speakingAsSomeoneElseIsRefused(String answer) {
        assertThat(check(answer)).isEqualTo(FallbackReason.IMPERSONATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"如需帮助，可联系您的客户经理。", "行长信箱的投诉渠道请见官网。", "我是示例银行智能客服助理。"})
    void mentioningRolesIsNotImpersonation(String answer) {
        assertThat(check(answer)).isNull();
    }

    @Test
    void markdownBecomesPlainText() {
        assertThat(OutputGuard.plainText("# 标题\n> 引用\n**粗体**和__强调__，`代码`\n* 一\n+ 二\n| a | b |\n|---|---|\n[官网](https://bank.example/x)"))
                .isEqualTo("标题\n引用\n粗体和强调，代码\n- 一\n- 二\n| a | b |\n官网（https://bank.example/x）");
    }

    @Test
    void placeholdersNobodyIssuedAreRemoved() {
        assertThat(OutputGuard.withoutPlaceholders("请核对[手机号2]和【银行卡 1】。")).isEqualTo("请核对和。");
        // the kinds masking gained for issue 18: a name or address the model made up is not sent either
        assertThat(OutputGuard.withoutPlaceholders("[姓名3]您好，卡寄往【地址 2】，[证件号1]已核对。")).isEqualTo("您好，卡寄往，已核对。");
    }
}
