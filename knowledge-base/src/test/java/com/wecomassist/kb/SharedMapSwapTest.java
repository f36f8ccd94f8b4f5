package com.wecomassist.kb;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.QueryAdapter;
import com.wecomassist.kb.search.RememberedVectors;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.kb.search.SearchSettings;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KnowledgeBase#useSharedMap}: an index of mapped vectors is built beside the one searched and
 * swapped in at one instant, edits made meanwhile included; a durable knowledge base keeps the map and
 * its index, and one whose stored map cannot be read searches with the identity and says why.
 *
 * <p>Five-dimensional vectors: the customer's words {@code 顾客的话} lie nearer entry a's question by
 * their wording (last dimension) and nearer b's by their meaning (first); the map shrinks the wording
 * dimension, so the top answer shows which vectors a search compared.
 */
class SharedMapSwapTest {

    private static final String CUSTOMER = "顾客的话";
    private static final QueryAdapter SHRINK_WORDING = QueryAdapter.of(new float[][] {
            {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 0.1f}}, "lookup")
            .forBothSides();

    private static List<Entry> entries(int fillers) {
        List<Entry> out = new ArrayList<>();
        out.add(Entry.draft("a", "甲问题", "甲答案"));
        out.add(Entry.draft("b", "乙问题", "乙答案"));
        for (int i = 0; i < fillers; i++) {
            out.add(Entry.draft("f" + i, "其他问题" + i, "其他答案" + i)); // near the second dimension: never near
        }
        return out;
    }

    private static String top(KnowledgeBase kb) {
        return kb.search(CUSTOMER, 2).top().orElseThrow().entry().id();
    }

    @Test
    void searchesGoOnDuringASwapAndUseTheNewVectorsAfterIt() throws Exception {
        LookupModel model = new LookupModel();
        try (KnowledgeBase kb = KnowledgeBase.inMemory(model, SearchSettings.defaults(), Clock.systemUTC())) {
            kb.loadPublished(entries(60), "test");
            kb.rememberRecentResults(10);
            assertThat(top(kb)).isEqualTo("a");

            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger empty = new AtomicInteger();
            List<Thread> searchers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread s = new Thread(() -> {
                    while (!done.get()) {
                        try {
                            SearchResult r = kb.search(CUSTOMER, 2);
                            if (r.top().isEmpty() || !java.util.Set.of("a", "b").contains(r.top().get().entry().id())) {
                                empty.incrementAndGet();
                            }
                            answered.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                });
                s.start();
                searchers.add(s);
            }
            // the first build waits, inside its embedding, until the searchers have answered 50 more questions
            AtomicInteger duringFirst = new AtomicInteger(-1);
            RememberedVectors raw = new RememberedVectors(new LookupModel() {
                @Override
                public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                    if (duringFirst.get() < 0) {
                        int start = answered.get();
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (answered.get() < start + 50 && System.nanoTime() < deadline) {
                            Thread.onSpinWait();
                        }
                        duringFirst.set(answered.get() - start);
                    }
                    return super.embedAll(segments);
                }
            });
            assertThat(kb.useSharedMap(SHRINK_WORDING, raw)).isTrue();
            assertThat(top(kb)).isEqualTo("b");
            assertThat(kb.useSharedMap(SHRINK_WORDING, raw)).isFalse(); // in use already: nothing rebuilt
            long embeddedOnce = raw.embedded();
            assertThat(kb.useSharedMap(QueryAdapter.identity(), raw)).isTrue();
            assertThat(top(kb)).isEqualTo("a");
            assertThat(kb.useSharedMap(SHRINK_WORDING, raw)).isTrue();
            assertThat(raw.embedded()).as("re-mapping embeds nothing again").isEqualTo(embeddedOnce);
            done.set(true);
            for (Thread s : searchers) {
                s.join(10_000);
            }

            assertThat(failures).isEmpty();
            assertThat(empty.get()).as("searches without the expected answers").isZero();
            assertThat(duringFirst.get()).as("searches answered while the first index was built").isGreaterThanOrEqualTo(50);
            assertThat(top(kb)).isEqualTo("b");
            assertThat(kb.sharedMap().fingerprint()).isEqualTo(SHRINK_WORDING.fingerprint());
            // remembering results carried over the swaps, and so did the counts
            long searched = kb.searchedResults();
            kb.search("再问一次", 2);
            kb.search("再问一次", 2);
            assertThat(kb.searchedResults()).isEqualTo(searched + 1);
        }
    }

    @Test
    void editsMadeWhileTheNewIndexIsBuiltAreInIt() throws Exception {
        LookupModel model = new LookupModel();
        try (KnowledgeBase kb = KnowledgeBase.inMemory(model, SearchSettings.defaults(), Clock.systemUTC())) {
            kb.loadPublished(entries(5), "test");
            CountDownLatch building = new CountDownLatch(1);
            CountDownLatch edited = new CountDownLatch(1);
            EmbeddingModel pausing = new LookupModel() {
                @Override
                public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                    building.countDown();
                    try {
                        edited.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return super.embedAll(segments);
                }
            };
            Thread swap = new Thread(() -> kb.useSharedMap(SHRINK_WORDING, pausing));
            swap.start();
            assertThat(building.await(10, TimeUnit.SECONDS)).isTrue();
            // while the new index is being built: a new entry goes on air, another goes off
            Entry c = kb.create(Entry.draft("c", "丙问题", "丙答案"), "writer");
            c = kb.submitForReview("c", c.version(), "writer");
            kb.publish("c", c.version(), "reviewer");
            Entry f0 = kb.latest("f0").orElseThrow();
            kb.archive("f0", f0.version(), "reviewer");
            edited.countDown();
            swap.join(10_000);

            assertThat(kb.sharedMap().isIdentity()).isFalse();
            assertThat(kb.search("丙问题", 3).top().orElseThrow().entry().id()).isEqualTo("c");
            assertThat(kb.served("f0")).isEmpty();
            assertThat(kb.search("其他问题0", 10).ranked()).noneMatch(s -> s.entry().id().equals("f0"));
            // the deletion's version came along: a stale replicated upsert of f0 is still ignored
            assertThat(kb.apply(com.wecomassist.kb.entry.EntryChange.upsert(f0))).isFalse();
        }
    }

    @Test
    void aDurableKnowledgeBaseKeepsItsMapAndAnUnreadableOneFallsBackToTheIdentity(@TempDir Path dir) {
        LookupModel model = new LookupModel();
        try (KnowledgeBase kb = KnowledgeBase.open(dir, model, SearchSettings.defaults(), Clock.systemUTC())) {
            kb.loadPublished(entries(3), "test");
            assertThat(kb.useSharedMap(SHRINK_WORDING, new RememberedVectors(model))).isTrue();
        }
        assertThat(Files.isDirectory(dir.resolve("index-" + SHRINK_WORDING.fingerprint()))).isTrue();
        assertThat(Files.exists(dir.resolve("index"))).as("the old index is removed").isFalse();

        int embeddedBefore = model.calls.get();
        try (KnowledgeBase kb = KnowledgeBase.open(dir, model, SearchSettings.defaults(), Clock.systemUTC())) {
            assertThat(kb.sharedMap().fingerprint()).isEqualTo(SHRINK_WORDING.fingerprint());
            assertThat(kb.sharedMapNotice()).isEmpty();
            assertThat(kb.reindexedForOtherVectors()).isFalse();
            assertThat(model.calls.get()).as("opened without embedding the entries again").isEqualTo(embeddedBefore);
            assertThat(top(kb)).isEqualTo("b");
        }

        try {
            Files.writeString(dir.resolve("shared-map.bin"), "not a map");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (KnowledgeBase kb = KnowledgeBase.open(dir, model, SearchSettings.defaults(), Clock.systemUTC())) {
            assertThat(kb.sharedMap().isIdentity()).isTrue();
            assertThat(kb.sharedMapNotice()).hasValueSatisfying(n -> assertThat(n)
                    .contains("cannot read the shared map").contains("searching with the identity"));
            assertThat(top(kb)).isEqualTo("a"); // plain vectors, rebuilt from the journal
            assertThat(kb.entries()).hasSize(5);
        }
    }

    /** Embeds known texts as given vectors, fillers along the second dimension; counts the texts embedded. */
    private static class LookupModel implements EmbeddingModel {

        private static final Map<String, float[]> VECTORS = Map.of(
                "甲问题", new float[] {0, 0, 0, 0, 1},
                "乙问题", new float[] {1, 0, 0, 0, 0},
                "丙问题", new float[] {0, 0.6f, 0.8f, 0, 0},
                "甲答案", new float[] {0, 0, 1, 0, 0},
                "乙答案", new float[] {0, 0, 0, 1, 0},
                CUSTOMER, new float[] {0.6f, 0, 0, 0, 0.8f});
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Response<Embedding> embed(String text) {
            calls.incrementAndGet();
            float[] known = VECTORS.get(text);
            if (known != null) {
                return Response.from(Embedding.from(known.clone()));
            }
            // fillers: near the second dimension, each a little apart (identical vectors would make a poor graph)
            int h = text.hashCode();
            return Response.from(Embedding.from(new float[] {0, 1, ((h & 0xff) - 128) / 512f, (((h >> 8) & 0xff) - 128) / 512f, 0}));
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
}
