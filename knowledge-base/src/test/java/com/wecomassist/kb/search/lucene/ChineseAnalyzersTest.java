package com.wecomassist.kb.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.search.ChineseAnalysis;
import org.junit.jupiter.api.Test;

class ChineseAnalyzersTest {

    @Test
    void cjkBigramsPairNeighbouringCharactersAndKeepLatinWords() {
        var a = ChineseAnalyzers.create(ChineseAnalysis.CJK_BIGRAM);
        assertThat(ChineseAnalyzers.tokens(a, "ＰＯＳ机挂失")).containsExactly("pos", "机挂", "挂失");
    }

    @Test
    void bankingAnalysisRewritesSynonymsAndKeepsUnigrams() {
        var a = ChineseAnalyzers.create(ChineseAnalysis.BANKING);
        // 遗失 → 丢失, 储蓄卡 → 借记卡: different wordings meet on the same terms.
        assertThat(ChineseAnalyzers.tokens(a, "储蓄卡遗失")).containsExactly("借", "借记", "记", "记卡", "卡",
                "卡丢", "丢", "丢失", "失");
        assertThat(ChineseAnalyzers.tokens(a, "APP转帐")).containsExactly("手", "手机", "机", "机银", "银", "银行",
                "行", "行转", "转", "转账", "账");
    }

    @Test
    void smartChineseSegmentsWords() {
        var a = ChineseAnalyzers.create(ChineseAnalysis.SMARTCN);
        assertThat(ChineseAnalyzers.tokens(a, "我的银行卡丢了")).contains("银行", "卡");
    }

    @Test
    void synonymTableIsReadFromTheResource() {
        assertThat(ChineseAnalyzers.synonyms()).containsEntry("遗失", "丢失").containsEntry("网银", "网上银行");
    }
}
