package com.wecomassist.compliance.matching;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextNormaliserTest {

    private final TextNormaliser n = TextNormaliser.instance();

    @Test
    void foldsWidthAndCase() {
        assertThat(n.normaliseTerm("ＣＶＶ２ Code")).isEqualTo("cvv2code");
        assertThat(n.normaliseTerm("１００％")).isEqualTo("100%");
    }

    @Test
    void foldsCommonTraditionalCharacters() {
        assertThat(n.normaliseTerm("穩賺不賠")).isEqualTo("稳赚不赔");
        assertThat(n.normaliseTerm("保證收益")).isEqualTo("保证收益");
    }

    @Test
    void dropsCharactersInsertedToEvadeMatching() {
        assertThat(n.normaliseTerm("保-本")).isEqualTo("保本");
        assertThat(n.normaliseTerm("保 本")).isEqualTo("保本");
        assertThat(n.normaliseTerm("保*本")).isEqualTo("保本");
        assertThat(n.normaliseTerm("保\u200B本")).isEqualTo("保本");
        assertThat(n.normaliseTerm("保　·　本")).isEqualTo("保本");
    }

    @Test
    void keepsSentenceAndClausePunctuationAndDecimalPoints() {
        assertThat(n.normaliseTerm("年化3.5%，保本。")).isEqualTo("年化3.5%,保本。");
        assertThat(TextNormaliser.isSentenceBoundary('。')).isTrue();
        assertThat(TextNormaliser.isClauseBoundary(',')).isTrue();
        assertThat(TextNormaliser.isSentenceBoundary(',')).isFalse();
    }

    @Test
    void mapsEveryNormalisedCharacterBackToTheOriginal() {
        String text = "这是 保-本 产品";
        NormalisedText nt = n.normalise(text);
        assertThat(nt.text()).isEqualTo("这是保本产品");
        int at = nt.text().indexOf("保本");
        int start = nt.originalStart(at);
        int end = nt.originalEnd(at + 2);
        assertThat(text.substring(start, end)).isEqualTo("保-本");
        assertThat(nt.normalisedIndexAtOrAfter(text.indexOf('产'))).isEqualTo(4);
    }

    @Test
    void findsTermsWithinBounds() {
        NormalisedText nt = n.normalise("不保本也不保收益");
        assertThat(nt.indexOf("保本", 0, nt.length())).isEqualTo(1);
        assertThat(nt.indexOf("保本", 2, nt.length())).isEqualTo(-1);
        assertThat(nt.startsWith("不保", 0)).isTrue();
        assertThat(nt.startsWith("不保", -1)).isFalse();
    }

    @Test
    void mapBackHoldsForEveryCharacterOfTextsWithManyDroppedCharacters() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "保本稳赚ABCabc123 -*·、“”。，！０９Ａ　";
        for (int round = 0; round < 500; round++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(40);
            for (int i = 0; i < len; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String text = b.toString();
            NormalisedText nt = n.normalise(text);
            for (int j = 0; j < nt.length(); j++) {
                int o = nt.originalIndex(j);
                assertThat(n.normaliseTerm(String.valueOf(text.charAt(o))))
                        .as("char %d of '%s'", j, text).isEqualTo(String.valueOf(nt.chars()[j]));
                assertThat(nt.normalisedIndexAtOrAfter(o)).isEqualTo(j);
                if (j > 0) assertThat(o).isGreaterThan(nt.originalIndex(j - 1));
            }
            assertThat(nt.length() + nt.dropCount()).isEqualTo(text.length());
        }
    }

    @Test
    void flagsTextsThatMayHoldPersonalData() {
        assertThat(n.normalise("电话 138 1234 5678").mayContainPersonalData()).isTrue();
        assertThat(n.normalise("写信到 a@b.cn").mayContainPersonalData()).isTrue();
        assertThat(n.normalise("金额1234567890元，共10笔").mayContainPersonalData()).as("10 digits").isFalse();
        assertThat(n.normalise("年化3.5%，2024年12月1日").mayContainPersonalData()).isFalse();
    }
}
