package com.wecomassist.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.eval.SyntheticEntries;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.QueryAdapter;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.search.lucene.LuceneEntryIndex;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assist.kb.query-adapter}: auto fits in the background above the floor, off and a file are used as said. */
class QueryAdapterRefitsTest {

    private static final EmbeddingModel BGE = EmbeddingModels.bgeSmallZh();
    /** The shipped floor (600) with a short fit, so the test measures the mechanics, not the optimiser. */
    private static final QueryAdapter.Fitting QUICK = new QueryAdapter.Fitting(10, 1e-3, 1e-2, 0.05, 64, 600, 20_000);
    /** The shared map's fitting with fewer steps: the mechanics, not the optimiser. */
    private static final QueryAdapter.Fitting SHARED_QUICK = new QueryAdapter.Fitting(5, 1e-3, 1e-2, 0.05, 64, 0, 20_000);
    private static final Duration HOURLY = Duration.ofHours(1);
    private static final String QUESTION = "请问北京的信用卡怎么还款";

    private static KnowledgeBase kb(List<Entry> entries) {
        KnowledgeBase kb = KnowledgeBase.inMemory(BGE, SearchSettings.defaults(), Clock.systemUTC());
        kb.loadPublished(entries, "test");
        kb.rememberRecentResults(100);
        return kb;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited two minutes").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void autoFitsANonIdentityMapInTheBackgroundAndForgetsTheRememberedResults() throws Exception {
        // 350 entries with a variant each: 700 phrasings whose answer has another, above the floor of 600
        try (KnowledgeBase kb = kb(SyntheticEntries.generate(350, 3))) {
            String before = kb.search(QUESTION, 3).ranked().toString();
            kb.search(QUESTION, 3);
            assertThat(kb.rememberedResults()).isEqualTo(1);

            try (QueryAdapterRefits refits = QueryAdapterRefits.start("auto", kb, BGE, EmbeddingModels.BGE_SMALL_ZH,
                    HOURLY, QUICK, null)) {
                await(() -> refits.fits() == 1);

                QueryAdapter fitted = kb.queryAdapter();
                assertThat(fitted.isIdentity()).isFalse();
                assertThat(fitted.modelName()).isEqualTo(EmbeddingModels.BGE_SMALL_ZH);
                // the question is searched again with the new map, not answered from memory
                long searched = kb.searchedResults();
                String after = kb.search(QUESTION, 3).ranked().toString();
                assertThat(kb.searchedResults()).isEqualTo(searched + 1);
                assertThat(kb.rememberedResults()).isEqualTo(1);
                assertThat(after).isNotEqualTo(before); // scores moved: the map is used

                // nothing changed: no refit, the map and the remembered results stay
                refits.refitIfChanged();
                assertThat(refits.fits()).isEqualTo(1);
                assertThat(kb.queryAdapter()).isSameAs(fitted);

                // a new variant changes the phrasings: the next check fits again
                Entry first = kb.review().served().get(0);
                List<String> variants = new ArrayList<>(first.variants());
                variants.add("想问一下这个怎么弄");
                Entry draft = kb.update(first.id(), first.version(), e -> e.withVariants(variants), "writer");
                Entry inReview = kb.submitForReview(draft.id(), draft.version(), "writer");
                kb.publish(inReview.id(), inReview.version(), "reviewer");
                refits.refitIfChanged();
                assertThat(refits.fits()).isEqualTo(2);
                assertThat(kb.queryAdapter()).isNotSameAs(fitted);
            }
        }
    }

    /**
     * Under the floor, auto fits the shared map, swaps in an index of mapped vectors, and after an edit
     * fits again and re-maps: only the new entry's texts are embedded, the rest come from the vectors it
     * remembered.
     */
    @Test
    void underTheFloorAutoSwapsInAMappedIndexAndRemapsAfterEditsWithoutEmbeddingAgain() throws Exception {
        // 40 entries with a variant each: 80 phrasings whose answer has another, under the floor of 600
        try (KnowledgeBase kb = kb(SyntheticEntries.generate(40, 3))) {
            int texts = new HashSet<>(QueryAdapter.sharedTexts(kb.review().served(), LuceneEntryIndex.ANSWER_EMBED_CHARS))
                    .size();
            String before = kb.search(QUESTION, 3).ranked().toString();
            try (QueryAdapterRefits refits = QueryAdapterRefits.start("auto", kb, BGE, EmbeddingModels.BGE_SMALL_ZH,
                    HOURLY, QUICK, SHARED_QUICK)) {
                await(() -> refits.sharedFits() == 1 && refits.checks() == 1);

                QueryAdapter first = kb.sharedMap();
                assertThat(first.isShared()).isTrue();
                assertThat(kb.queryAdapter().isIdentity()).isTrue();
                assertThat(refits.fits()).isZero();
                assertThat(refits.rawVectors().embedded()).as("each text embedded once, for the fit and the index")
                        .isEqualTo(texts);
                assertThat(kb.search(QUESTION, 3).ranked().toString()).isNotEqualTo(before); // mapped vectors

                Entry created = kb.create(Entry.draft("fx-1", "外币现钞取款要提前预约吗", "大额外币现钞请提前一个工作日预约。"),
                        "writer");
                Entry inReview = kb.submitForReview(created.id(), created.version(), "writer");
                kb.publish(inReview.id(), inReview.version(), "reviewer");
                refits.refitIfChanged();

                assertThat(refits.sharedFits()).isEqualTo(2);
                assertThat(kb.sharedMap().fingerprint()).isNotEqualTo(first.fingerprint());
                assertThat(refits.rawVectors().embedded()).as("the new phrasing and answer only").isEqualTo(texts + 2);
                assertThat(kb.search("外币现钞取款要提前预约吗", 1).top().orElseThrow().entry().id()).isEqualTo("fx-1");

                refits.refitIfChanged(); // nothing changed: nothing fitted
                assertThat(refits.sharedFits()).isEqualTo(2);
            }
        }
    }

    @Test
    void autoWithTheSharedMapOffKeepsTheIdentityWithFewPhrasings() throws Exception {
        List<Entry> few = List.of(
                Entry.draft("loss", "银行卡丢了怎么挂失？", "请立即在手机银行办理临时挂失。").withVariants(List.of("卡不见了怎么办")),
                Entry.draft("repay", "信用卡怎么还款？", "可在手机银行信用卡页面还款。"));
        try (KnowledgeBase kb = kb(few)) {
            kb.search(QUESTION, 3);
            try (QueryAdapterRefits refits = QueryAdapterRefits.start("auto", kb, BGE, EmbeddingModels.BGE_SMALL_ZH,
                    HOURLY, QUICK, null)) {
                await(() -> refits.checks() >= 1);

                assertThat(refits.fits()).isZero();
                assertThat(kb.queryAdapter().isIdentity()).isTrue();
                // nothing was swapped, so the remembered result still answers
                kb.search(QUESTION, 3);
                assertThat(kb.rememberedResults()).isEqualTo(1);
            }
        }
    }

    @Test
    void offUsesNoMapAndAFileIsReadAndUsed(@TempDir Path dir) {
        float[][] swapFirstTwo = new float[512][512];
        for (int i = 0; i < 512; i++) {
            swapFirstTwo[i][i < 2 ? 1 - i : i] = 1;
        }
        QueryAdapter written = QueryAdapter.of(swapFirstTwo, EmbeddingModels.BGE_SMALL_ZH);
        Path file = dir.resolve("query-adapter.bin");
        written.write(file);
        try (KnowledgeBase kb = kb(List.of(Entry.draft("repay", "信用卡怎么还款？", "可在手机银行信用卡页面还款。")))) {
            try (QueryAdapterRefits refits = QueryAdapterRefits.start(file.toString(), kb, BGE,
                    EmbeddingModels.BGE_SMALL_ZH, HOURLY, QUICK, null)) {
                float[] q = new float[512];
                q[0] = 1;
                assertThat(kb.queryAdapter().isIdentity()).isFalse();
                assertThat(kb.queryAdapter().apply(q)[1]).isEqualTo(1f);
                assertThat(refits.checks()).isZero(); // a file is not refitted
            }
            try (QueryAdapterRefits refits = QueryAdapterRefits.start("off", kb, BGE, EmbeddingModels.BGE_SMALL_ZH,
                    HOURLY, QUICK, null)) {
                assertThat(kb.queryAdapter().isIdentity()).isTrue();
            }
        }
    }

    @Test
    void aBadFileIsAClearErrorNamingTheSetting(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("adapter.json");
        Files.writeString(text, "{\"weights\": [1, 2]}");
        Path otherModel = dir.resolve("other.bin");
        QueryAdapter.of(new float[][] {{1, 0}, {0, 1}}, "some-other-model").write(otherModel);
        try (KnowledgeBase kb = kb(List.of(Entry.draft("repay", "信用卡怎么还款？", "可在手机银行信用卡页面还款。")))) {
            assertThatThrownBy(() -> QueryAdapterRefits.start(text.toString(), kb, BGE, EmbeddingModels.BGE_SMALL_ZH,
                    HOURLY, QUICK, null)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("assist.kb.query-adapter=" + text)
                    .hasMessageContaining("is not a query adapter")
                    .hasMessageContaining("auto, off, or a file");
            assertThatThrownBy(() -> QueryAdapterRefits.start(dir.resolve("missing.bin").toString(), kb, BGE,
                    EmbeddingModels.BGE_SMALL_ZH, HOURLY, QUICK, null)).hasMessageContaining("missing.bin: no such file");
            assertThatThrownBy(() -> QueryAdapterRefits.start(otherModel.toString(), kb, BGE,
                    EmbeddingModels.BGE_SMALL_ZH, HOURLY, QUICK, null)).hasMessageContaining("fitted on vectors of 'some-other-model'");
        }
    }
}
