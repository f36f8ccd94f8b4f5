package com.wecomassist.learn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Questions too vague to be any entry's variant, and questions that name their business. */
class VagueQuestionsTest {

    @Test
    void aQuestionOfPointersStandInsAndDoItWordsIsTooVague() {
        assertThat(VagueQuestions.tooVague("那个东西怎么弄")).isTrue();
        assertThat(VagueQuestions.tooVague("那个东西到底怎么弄啊？")).isTrue();
        assertThat(VagueQuestions.tooVague("您好，请问这个怎么办呢")).isTrue();
        assertThat(VagueQuestions.tooVague("咋弄")).isTrue();
        assertThat(VagueQuestions.tooVague("  ")).isTrue();
        // one character of subject is not enough to say which entry
        assertThat(VagueQuestions.tooVague("卡怎么弄")).isTrue();
    }

    @Test
    void aQuestionThatNamesItsBusinessIsNot() {
        assertThat(VagueQuestions.tooVague("如何注销借记卡？")).isFalse();
        assertThat(VagueQuestions.tooVague("数币钱包在哪开呀")).isFalse();
        assertThat(VagueQuestions.tooVague("挂失怎么弄")).isFalse();
        // 办 names the business in 办卡: verbs like it are never taken out
        assertThat(VagueQuestions.tooVague("办卡")).isFalse();
        assertThat(VagueQuestions.content("那个转账怎么弄啊")).isEqualTo("转账");
    }
}
