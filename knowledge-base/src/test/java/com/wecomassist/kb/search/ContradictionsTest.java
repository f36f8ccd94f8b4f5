package com.wecomassist.kb.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.search.lucene.ChineseAnalyzers;
import org.junit.jupiter.api.Test;

class ContradictionsTest {

    private final Contradictions c = new Contradictions(ChineseAnalyzers.synonyms());

    @Test
    void oppositeOperationsContradict() {
        assertThat(c.contradict("怎么开通小额免密", "如何关闭小额免密？")).isTrue();
        assertThat(c.contradict("怎么开通小额免密", "如何开通小额免密？")).isFalse();
    }

    @Test
    void cardTypesContradictAfterSynonymRewriting() {
        assertThat(c.contradict("储蓄卡年费多少", "信用卡年费怎么收？")).isTrue();
        assertThat(c.contradict("借记卡年费多少", "借记卡有年费吗？")).isFalse();
    }

    @Test
    void differentErrorCodesContradictButAMissingCodeDoesNot() {
        assertThat(c.contradict("支付报错8800051", "为什么支付报错8800057")).isTrue();
        assertThat(c.contradict("支付报错8800051", "为什么支付报错8800051")).isFalse();
        assertThat(c.contradict("支付报错8800051", "支付失败怎么办")).isFalse();
    }
}
