package com.wecomassist.comply.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpinionJsonTest {

    @Test
    void aViolationNamesAKnownCategoryAndAReason() {
        Opinion o = OpinionJson.read("```json\n{\"violation\": true, \"category\": \"Pressure\", \"reason\": \"催促购买\"}\n```",
                "compliance-judge@1", "m");
        assertThat(o.violation()).isTrue();
        assertThat(o.category()).isEqualTo("pressure");
        assertThat(o.reason()).isEqualTo("催促购买");
        assertThat(o.prompt()).isEqualTo("compliance-judge@1");
    }

    @Test
    void aCleanAnswerMayNameTheNearMissCategoryOrNone() {
        assertThat(OpinionJson.read("{\"violation\": false, \"category\": \"none\", \"reason\": \"\"}", "p", "m").category())
                .isEqualTo(Opinion.NONE);
        assertThat(OpinionJson.read("{\"violation\": false, \"category\": \"superlative\", \"reason\": \"法规事实\"}", "p", "m")
                .violation()).isFalse();
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"", "{}", "null", "\"violation\"", "{\"violation\": 1, \"category\": \"pressure\", \"reason\": \"x\"}",
                "{\"violation\": true, \"category\": \"none\", \"reason\": \"x\"}",
                "{\"violation\": false, \"category\": \"whatever\", \"reason\": \"x\"}",
                "{\"violation\": true, \"category\": \"pressure\", \"reason\": \"" + "长".repeat(301) + "\"}",
                "{\"violation\": true, \"category\": \"pressure\"}"}) {
            assertThatThrownBy(() -> OpinionJson.read(bad, "p", "m")).as(bad).isInstanceOf(UnusableOpinionException.class);
        }
    }
}
