package com.wecomassist.compliance.pii;

import org.junit.jupiter.api.Test;

import static com.wecomassist.compliance.pii.PiiDetectorTest.CARD;
import static com.wecomassist.compliance.pii.PiiDetectorTest.ID;
import static org.assertj.core.api.Assertions.assertThat;

class PiiMaskerTest {

    private final PiiMasker masker = PiiMasker.standard();

    @Test
    void masksKeepingTheLastFour() {
        assertThat(masker.mask("卡号" + CARD + "，手机13812345678"))
                .isEqualTo("卡号***************" + CARD.substring(15) + "，手机*******5678");
        assertThat(masker.mask("身份证" + ID)).isEqualTo("身份证**************" + ID.substring(14));
        assertThat(masker.mask("手机 138 1234 5678")).isEqualTo("手机 *** **** 5678");
        assertThat(masker.mask("邮箱 zhangsan@example.com")).isEqualTo("邮箱 z*******@example.com");
        assertThat(masker.mask("没有个人信息")).isEqualTo("没有个人信息");
    }

    @Test
    void pseudonymisesWithNumberedPlaceholdersAndRestores() {
        String text = "我的身份证" + ID + "，卡" + CARD + "，另一张卡" + PiiDetectorTest.CARD16 + "，再说一遍卡" + CARD;
        PseudonymisedText p = masker.pseudonymise(text);
        assertThat(p.text()).isEqualTo("我的身份证[身份证1]，卡[银行卡1]，另一张卡[银行卡2]，再说一遍卡[银行卡1]");
        assertThat(p.text()).doesNotContain(CARD).doesNotContain(ID);
        assertThat(p.mapping()).containsEntry("[银行卡1]", CARD).containsEntry("[身份证1]", ID).hasSize(3);
        String reply = "已为[身份证1]的客户冻结【银行卡1】，[银行卡 2]正常";
        assertThat(p.restore(reply)).isEqualTo("已为" + ID + "的客户冻结" + CARD + "，" + PiiDetectorTest.CARD16 + "正常");
    }

    @Test
    void restoreLeavesPlaceholdersItDidNotIssue() {
        PseudonymisedText p = masker.pseudonymise("卡号" + CARD);
        assertThat(p.restore("[银行卡2] 和 [手机号1]")).isEqualTo("[银行卡2] 和 [手机号1]");
    }

    @Test
    void numberingSkipsPlaceholdersAlreadyInTheText() {
        PseudonymisedText p = masker.pseudonymise("我打了[银行卡1]，真实卡号" + CARD);
        assertThat(p.text()).isEqualTo("我打了[银行卡1]，真实卡号[银行卡2]");
        assertThat(p.restore(p.text())).isEqualTo("我打了[银行卡1]，真实卡号" + CARD);
    }

    @Test
    void nothingToHide() {
        PseudonymisedText p = masker.pseudonymise("你好");
        assertThat(p.text()).isEqualTo("你好");
        assertThat(p.mapping()).isEmpty();
        assertThat(p.restore("[银行卡1]")).isEqualTo("[银行卡1]");
    }
}
