package com.wecomassist.kb.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseFoldingEmbeddingModelTest {

    @Test
    void theModelSeesLowerCaseHalfWidthText() {
        RecentQueryEmbeddingsTest.CountingModel bare = new RecentQueryEmbeddingsTest.CountingModel();
        CaseFoldingEmbeddingModel folding = new CaseFoldingEmbeddingModel(bare, "counting+casefold");

        folding.embed("ＡＴＭ取款 SAMSUNG Pay");
        folding.embedAll(List.of(TextSegment.from("POS机刷卡"), TextSegment.from("开通Apple Pay")));

        assertThat(bare.asked).containsExactly("atm取款 samsung pay", "pos机刷卡", "开通apple pay");
        assertThat(folding.modelName()).isEqualTo("counting+casefold");
    }

    /**
     * Why the folding exists: the tokenizer shipped with the model keeps upper case while its
     * vocabulary has only lower-case Latin words, so "ATM" and "atm" were different texts to it.
     */
    @Test
    void upperCaseLatinWordsMeanTheSameAsLowerCaseOnlyWhenFolded() {
        EmbeddingModel bare = EmbeddingModels.bgeSmallZhAsShipped();
        EmbeddingModel folded = EmbeddingModels.bgeSmallZh();
        String upper = "ATM取款和POS机刷卡的限额";
        String lower = "atm取款和pos机刷卡的限额";

        assertThat(cosine(bare, upper, lower)).isLessThan(0.95);
        assertThat(cosine(folded, upper, lower)).isGreaterThan(0.9999);
    }

    private static double cosine(EmbeddingModel m, String a, String b) {
        float[] x = m.embed(a).content().vector();
        float[] y = m.embed(b).content().vector();
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return dot / Math.sqrt(nx * ny);
    }
}
