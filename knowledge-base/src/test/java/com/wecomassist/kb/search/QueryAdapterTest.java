package com.wecomassist.kb.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryAdapterTest {

    private static final QueryAdapter.Fitting FAST = new QueryAdapter.Fitting(150, 1e-2, 1e-3, 0.1, 64, 10, 10_000);

    /**
     * Phrasings whose meaning (the answer) sits in the first four dimensions and whose wording
     * ("style", shared by unrelated answers) sits, larger, in the last four: by raw cosine the
     * nearest phrasing is mostly another answer's of the same style. A map fitted on labelled
     * phrasings learns to look past the style, and so answers unseen phrasings.
     */
    @Test
    void theFittedMapFindsTheAnswerWhereRawCosineFindsTheWording() {
        Random rnd = new Random(7);
        float[][] meanings = new float[6][];
        for (int c = 0; c < meanings.length; c++) {
            meanings[c] = gaussian(rnd, 4, 1);
        }
        float[][] styles = new float[16][];
        for (int s = 0; s < styles.length; s++) {
            styles[s] = gaussian(rnd, 4, 4);
        }
        List<float[]> known = new ArrayList<>();
        List<Integer> knownLabels = new ArrayList<>();
        List<float[]> unseen = new ArrayList<>();
        List<Integer> unseenLabels = new ArrayList<>();
        for (int c = 0; c < meanings.length; c++) {
            for (int i = 0; i < 12; i++) {
                float[] v = phrasing(meanings[c], styles[rnd.nextInt(styles.length)], rnd);
                (i < 8 ? known : unseen).add(v);
                (i < 8 ? knownLabels : unseenLabels).add(c);
            }
        }
        int[] labels = knownLabels.stream().mapToInt(Integer::intValue).toArray();

        QueryAdapter adapter = QueryAdapter.fit(known, labels, FAST);

        assertThat(adapter.isIdentity()).isFalse();
        double before = nearestAccuracy(QueryAdapter.identity(), known, labels, unseen, unseenLabels);
        double after = nearestAccuracy(adapter, known, labels, unseen, unseenLabels);
        assertThat(before).isLessThan(0.6);
        assertThat(after).isGreaterThan(before + 0.25);
    }

    /**
     * A KB without variants: one question and one answer opening per entry. Meaning sits in the first
     * four dimensions; wording ("style") sits, larger, in the last four, and questions and answers are
     * written in styles of their own. By raw cosine a customer's phrasing (meaning plus a style of its
     * own) finds the question of its style, mostly another entry's. A shared map fitted on the
     * question/answer pairs learns that style does not decide the answer; applied to both sides it finds
     * the right question far more often. A query-side map fitted on the same pairs does not.
     */
    @Test
    void aSharedMapFittedOnQuestionsAndAnswersFindsTheRightQuestionForUnseenPhrasings() {
        Random rnd = new Random(11);
        int entries = 24;
        float[][] styles = new float[12][];
        for (int s = 0; s < styles.length; s++) {
            styles[s] = gaussian(rnd, 4, 3);
        }
        List<float[]> questions = new ArrayList<>();
        List<float[]> pool = new ArrayList<>();
        List<float[]> asked = new ArrayList<>();
        List<Integer> askedLabels = new ArrayList<>();
        int[] labels = new int[2 * entries];
        int[] questionLabels = new int[entries];
        for (int c = 0; c < entries; c++) {
            float[] meaning = gaussian(rnd, 4, 1);
            float[] q = phrasing(meaning, styles[rnd.nextInt(styles.length)], rnd);
            questions.add(q);
            questionLabels[c] = c;
            pool.add(q);
            pool.add(phrasing(meaning, styles[rnd.nextInt(styles.length)], rnd)); // the answer's opening
            labels[2 * c] = c;
            labels[2 * c + 1] = c;
            for (int i = 0; i < 3; i++) {
                asked.add(phrasing(meaning, styles[rnd.nextInt(styles.length)], rnd));
                askedLabels.add(c);
            }
        }
        QueryAdapter.Fitting fitting = new QueryAdapter.Fitting(100, 3e-2, 1e-3, 0.1, 48, 0, 10_000);

        QueryAdapter shared = QueryAdapter.fit(pool, labels, fitting, true);
        QueryAdapter querySide = QueryAdapter.fit(pool, labels, fitting, false);

        assertThat(shared.isShared()).isTrue();
        assertThat(querySide.isShared()).isFalse();
        double before = nearestAccuracy(QueryAdapter.identity(), questions, questionLabels, asked, askedLabels);
        List<float[]> mappedQuestions = questions.stream().map(shared::apply).toList();
        double after = nearestAccuracy(shared, mappedQuestions, questionLabels, asked, askedLabels);
        double queryOnly = nearestAccuracy(querySide, questions, questionLabels, asked, askedLabels);
        assertThat(before).isLessThan(0.3);
        assertThat(after).isGreaterThan(before + 0.3);
        assertThat(after).isGreaterThan(queryOnly + 0.1);
    }

    /**
     * What a shared fit learns from: every phrasing and each distinct answer's opening, cut where the
     * index cuts it, entries sharing an answer as one class; a KB with one answer has nothing to contrast.
     */
    @Test
    void aSharedFitEmbedsThePhrasingsAndEachAnswerOpeningOnce() {
        List<String> embedded = new ArrayList<>();
        Random rnd = new Random(3);
        EmbeddingModel recording = new EmbeddingModel() {
            @Override
            public Response<Embedding> embed(String text) {
                throw new AssertionError("a fit embeds in batches");
            }

            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                segments.forEach(s -> embedded.add(s.text()));
                return Response.from(segments.stream().map(s -> Embedding.from(gaussian(rnd, 6, 1))).toList());
            }
        };
        List<Entry> entries = List.of(
                sharingAnswer(Entry.draft("loss", "卡丢了怎么办", "请立即挂失，挂失后补办新卡。")
                        .withVariants(List.of("卡不见了")), "lost"),
                sharingAnswer(Entry.draft("loss2", "卡被偷了怎么办", "请立即挂失，挂失后补办新卡。"), "lost"),
                Entry.draft("limit", "转账限额多少", "单日20万元。"));

        QueryAdapter map = QueryAdapter.fitShared(entries, recording, "recording",
                new QueryAdapter.Fitting(3, 1e-2, 1e-3, 0.1, 8, 0, 100), 4);

        assertThat(map.isShared()).isTrue();
        assertThat(map.isIdentity()).isFalse();
        assertThat(map.modelName()).isEqualTo("recording");
        // the two loss entries share one answer text: its opening is embedded once
        assertThat(embedded).containsExactlyInAnyOrder("卡丢了怎么办", "卡不见了", "卡被偷了怎么办", "转账限额多少",
                "请立即挂", "单日20");
        embedded.clear();
        assertThat(QueryAdapter.fitShared(entries.subList(0, 2), recording, "recording",
                QueryAdapter.Fitting.shared(), 4).isIdentity()).isTrue();
        assertThat(embedded).isEmpty();
    }

    /**
     * A knowledge base opened with the mapped model compares mapped queries with mapped phrasings: a
     * map that shrinks the wording dimension makes the meaning decide. The same map is refused as a
     * query-side adapter (mapped queries against unmapped phrasings), and a query-side map is refused
     * on the index's vectors. The mapped model's name carries the map, so an index of other vectors is
     * rebuilt.
     */
    @Test
    void aSharedMapAppliesToTheIndexAndTheQueryAndNowhereElse() {
        EmbeddingModel lookup = new LookupModel(Map.of(
                "甲问题", new float[] {0, 0, 0, 0, 1},
                "乙问题", new float[] {1, 0, 0, 0, 0},
                "甲答案", new float[] {0, 0, 1, 0, 0},
                "乙答案", new float[] {0, 0, 0, 1, 0},
                "顾客的话", new float[] {0.6f, 0, 0, 0, 0.8f}));
        List<Entry> entries = List.of(Entry.draft("a", "甲问题", "甲答案"), Entry.draft("b", "乙问题", "乙答案"));
        QueryAdapter shrink = QueryAdapter.of(new float[][] {
                {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 0.1f}}, "lookup");
        QueryAdapter shared = shrink.forBothSides();
        MappedEmbeddingModel mapped = new MappedEmbeddingModel(lookup, shared);

        assertThat(topId(lookup, SearchSettings.defaults(), entries)).isEqualTo("a");
        assertThat(topId(mapped, SearchSettings.defaults(), entries)).isEqualTo("b");
        assertThat(mapped.embed("顾客的话").content().vector())
                .containsExactly(shared.apply(UnitVectors.of(new float[] {0.6f, 0, 0, 0, 0.8f})),
                        org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(mapped.modelName()).startsWith("lookup+map:").isNotEqualTo(
                new MappedEmbeddingModel(lookup, QueryAdapter.of(new float[][] {
                        {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 0.2f}},
                        "lookup").forBothSides()).modelName());
        assertThat(new MappedEmbeddingModel(lookup, QueryAdapter.identity()).modelName()).isEqualTo("lookup");
        assertThatThrownBy(() -> new MappedEmbeddingModel(lookup, shrink)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SearchSettings.defaults().withQueryAdapter(shared))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MappedEmbeddingModel");
        try (KnowledgeBase kb = KnowledgeBase.inMemory(lookup, SearchSettings.defaults(), Clock.systemUTC())) {
            assertThatThrownBy(() -> kb.useQueryAdapter(shared)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * The gradient a fit follows is the loss's: checked against central differences of the loss on a
     * small problem, with the map on the query side and (shared) on both sides, where the contrasted
     * phrasings' images contribute their own part.
     */
    @Test
    void theFittedGradientIsTheLossGradientOnOneSideAndOnBoth() {
        Random rnd = new Random(5);
        int d = 4;
        List<float[]> vectors = new ArrayList<>();
        int[] labels = new int[10];
        for (int i = 0; i < labels.length; i++) {
            vectors.add(UnitVectors.of(gaussian(rnd, d, 1)));
            labels[i] = i / 2;
        }
        float[] w = new float[d * d];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i / d == i % d ? 1f : 0f) + (float) (0.3 * rnd.nextGaussian());
        }
        for (boolean shared : new boolean[] {false, true}) {
            float[] grad = new float[d * d];
            QueryAdapter.lossAndGradient(vectors, labels, w, 0.5, shared, grad);
            float eps = 1e-2f;
            for (int i = 0; i < w.length; i++) {
                float[] up = w.clone();
                float[] down = w.clone();
                up[i] += eps;
                down[i] -= eps;
                double numeric = (QueryAdapter.lossAndGradient(vectors, labels, up, 0.5, shared, new float[d * d])
                        - QueryAdapter.lossAndGradient(vectors, labels, down, 0.5, shared, new float[d * d])) / (2 * eps);
                assertThat((double) grad[i]).as("shared=%s, W column %d row %d", shared, i / d, i % d)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-3 + 0.02 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void withoutEnoughVariantsTheMapIsTheIdentity() {
        Random rnd = new Random(1);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            vectors.add(UnitVectors.of(gaussian(rnd, 8, 1)));
        }
        int[] oneEach = new int[40];
        for (int i = 0; i < oneEach.length; i++) {
            oneEach[i] = i; // standard questions only: no answer has a second phrasing to learn from
        }

        QueryAdapter adapter = QueryAdapter.fit(vectors, oneEach, FAST);

        assertThat(adapter.isIdentity()).isTrue();
        float[] q = vectors.get(0);
        assertThat(adapter.apply(q)).isSameAs(q);
    }

    @Test
    void aWrittenMapReadsBackTheSameAndOtherFilesAreRefused(@TempDir Path dir) throws Exception {
        QueryAdapter swap = QueryAdapter.of(new float[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 2}}, "test-model");
        Path file = dir.resolve("query-adapter.bin");

        swap.write(file);
        QueryAdapter read = QueryAdapter.read(file);
        Path sharedFile = dir.resolve("shared-map.bin");
        swap.forBothSides().write(sharedFile);

        assertThat(read.isShared()).isFalse();
        assertThat(QueryAdapter.read(sharedFile).isShared()).isTrue();
        assertThat(QueryAdapter.read(sharedFile).fingerprint()).isEqualTo(swap.fingerprint());
        assertThat(read.modelName()).isEqualTo("test-model");
        float[] q = UnitVectors.of(new float[] {0.8f, 0.6f, 0});
        assertThat(read.apply(q)).containsExactly(swap.apply(q), org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(read.apply(q)).containsExactly(new float[] {0.6f, 0.8f, 0}, org.assertj.core.data.Offset.offset(1e-6f));
        assertThatThrownBy(() -> read.apply(new float[] {1, 0})).isInstanceOf(IllegalArgumentException.class);

        Path other = dir.resolve("other.bin");
        Files.writeString(other, "{\"weights\": [1, 2]}");
        assertThatThrownBy(() -> QueryAdapter.read(other)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("not a query adapter");
    }

    /** The retriever searches with the adapted query vector: the map decides which entry is nearest. */
    @Test
    void theKnowledgeBaseSearchesWithTheAdaptedQuery() {
        EmbeddingModel lookup = new LookupModel(Map.of(
                "甲问题", new float[] {1, 0, 0, 0, 0},
                "乙问题", new float[] {0, 1, 0, 0, 0},
                "甲答案", new float[] {0, 0, 1, 0, 0},
                "乙答案", new float[] {0, 0, 0, 1, 0},
                "顾客的话", new float[] {0.8f, 0.6f, 0, 0, 0}));
        List<Entry> entries = List.of(Entry.draft("a", "甲问题", "甲答案"), Entry.draft("b", "乙问题", "乙答案"));
        // swaps the first two dimensions: the customer's words now lie nearer 乙
        QueryAdapter swap = QueryAdapter.of(new float[][] {
                {0, 1, 0, 0, 0}, {1, 0, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}}, "lookup");

        assertThat(topId(lookup, SearchSettings.defaults(), entries)).isEqualTo("a");
        assertThat(topId(lookup, SearchSettings.defaults().withQueryAdapter(swap), entries)).isEqualTo("b");
    }

    /**
     * A map swapped in while the knowledge base serves (the gateway refits as variants change) is used
     * from the next search on, and no result remembered under the old map is reused.
     */
    @Test
    void aSwappedMapIsUsedAtOnceAndForgetsTheRememberedResults() {
        EmbeddingModel lookup = new LookupModel(Map.of(
                "甲问题", new float[] {1, 0, 0, 0, 0},
                "乙问题", new float[] {0, 1, 0, 0, 0},
                "顾客的话", new float[] {0.8f, 0.6f, 0, 0, 0}));
        QueryAdapter swap = QueryAdapter.of(new float[][] {
                {0, 1, 0, 0, 0}, {1, 0, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}}, "lookup");
        try (KnowledgeBase kb = KnowledgeBase.inMemory(lookup, SearchSettings.defaults(), Clock.systemUTC())) {
            kb.loadPublished(List.of(Entry.draft("a", "甲问题", "甲答案"), Entry.draft("b", "乙问题", "乙答案")), "test");
            kb.rememberRecentResults(10);
            assertThat(kb.search("顾客的话", 2).top().orElseThrow().entry().id()).isEqualTo("a");
            assertThat(kb.search("顾客的话", 2).top().orElseThrow().entry().id()).isEqualTo("a");
            assertThat(kb.rememberedResults()).isEqualTo(1);

            kb.useQueryAdapter(swap);

            assertThat(kb.queryAdapter()).isSameAs(swap);
            assertThat(kb.settings().queryAdapter()).isSameAs(swap);
            assertThat(kb.search("顾客的话", 2).top().orElseThrow().entry().id()).isEqualTo("b");
            // searched again, not answered from memory; the counts go on from where they were
            assertThat(kb.rememberedResults()).isEqualTo(1);
            assertThat(kb.searchedResults()).isEqualTo(2);
            assertThat(kb.search("顾客的话", 2).top().orElseThrow().entry().id()).isEqualTo("b");
            assertThat(kb.rememberedResults()).isEqualTo(2);

            kb.useQueryAdapter(QueryAdapter.identity());
            assertThat(kb.search("顾客的话", 2).top().orElseThrow().entry().id()).isEqualTo("a");
            assertThat(kb.searchedResults()).isEqualTo(3);
        }
    }

    /** Only phrasings whose answer has another count towards the floor. */
    @Test
    void trainingPhrasingsCountThoseWhoseAnswerHasAnother() {
        List<Entry> entries = List.of(
                Entry.draft("loss", "卡丢了怎么办", "请挂失。").withVariants(List.of("卡不见了", "卡被偷了")),
                Entry.draft("limit", "转账限额多少", "单日20万元。"),
                Entry.draft("repay", "信用卡怎么还款", "在手机银行还款。"));

        assertThat(QueryAdapter.trainingPhrasings(entries)).isEqualTo(3);
        assertThat(QueryAdapter.trainingPhrasings(List.of(entries.get(1)))).isZero();
        // under the floor nothing is embedded: no model is needed
        assertThat(QueryAdapter.fit(entries, null, "none", QueryAdapter.Fitting.defaults()).isIdentity()).isTrue();
    }

    private static Entry sharingAnswer(Entry e, String answerId) {
        return new Entry(e.id(), e.question(), e.variants(), e.answer(), answerId, e.category(), e.productTags(),
                e.channel(), e.effectiveFrom(), e.effectiveTo(), e.status(), e.version(), e.updatedBy(), e.updatedAt());
    }

    private static String topId(EmbeddingModel model, SearchSettings settings, List<Entry> entries) {
        try (KnowledgeBase kb = KnowledgeBase.inMemory(model, settings, Clock.systemUTC())) {
            kb.loadPublished(entries, "test");
            return kb.search("顾客的话", 2).top().orElseThrow().entry().id();
        }
    }

    /** Embeds known texts as given vectors, anything else along the last dimension. */
    private record LookupModel(Map<String, float[]> vectors) implements EmbeddingModel {

        @Override
        public Response<Embedding> embed(String text) {
            return Response.from(Embedding.from(vectors.getOrDefault(text, new float[] {0, 0, 0, 0, 1})));
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            return Response.from(segments.stream().map(s -> embed(s.text()).content()).toList());
        }

        @Override
        public String modelName() {
            return "lookup";
        }
    }

    private static double nearestAccuracy(QueryAdapter adapter, List<float[]> known, int[] labels, List<float[]> asked,
            List<Integer> expected) {
        int right = 0;
        for (int i = 0; i < asked.size(); i++) {
            float[] q = adapter.apply(asked.get(i));
            int best = -1;
            double bestCos = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < known.size(); j++) {
                double c = 0;
                for (int k = 0; k < q.length; k++) {
                    c += q[k] * known.get(j)[k];
                }
                if (c > bestCos) {
                    bestCos = c;
                    best = j;
                }
            }
            right += labels[best] == expected.get(i) ? 1 : 0;
        }
        return (double) right / asked.size();
    }

    private static float[] phrasing(float[] meaning, float[] style, Random rnd) {
        float[] v = new float[8];
        for (int k = 0; k < 4; k++) {
            v[k] = meaning[k] + (float) (0.3 * rnd.nextGaussian());
            v[4 + k] = style[k] + (float) (0.3 * rnd.nextGaussian());
        }
        return UnitVectors.of(v);
    }

    private static float[] gaussian(Random rnd, int d, double scale) {
        float[] v = new float[d];
        for (int k = 0; k < d; k++) {
            v[k] = (float) (scale * rnd.nextGaussian());
        }
        return v;
    }
}
