package com.wecomassist.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.kb.entry.CurationException;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryChange;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.ScoredEntry;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.store.EntryFileException;
import com.wecomassist.kb.store.EntryFiles;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The knowledge base end to end with the real embedding model, on a handful of entries. */
class KnowledgeBaseTest {

    private static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);

    private KnowledgeBase memoryKb() {
        return KnowledgeBase.inMemory(EmbeddingModels.bgeSmallZh(), SearchSettings.defaults(), clock);
    }

    private static Entry lossEntry() {
        return Entry.draft("loss", "银行卡丢了怎么挂失？", "请立即在手机银行办理临时挂失。")
                .withVariants(List.of("卡不见了怎么办"));
    }

    private static Entry limitEntry() {
        return Entry.draft("limit", "手机银行转账限额是多少？", "默认单日20万元。");
    }

    /** create → review → publish, returning the published version. */
    private static Entry publish(KnowledgeBase kb, Entry draft) {
        Entry v1 = kb.create(draft, "writer");
        Entry v2 = kb.submitForReview(v1.id(), v1.version(), "writer");
        return kb.publish(v2.id(), v2.version(), "reviewer");
    }

    private static String topId(SearchResult r) {
        return r.top().map(s -> s.entry().id()).orElse("none");
    }

    @Test
    void onlyPublishedEntriesAreServedAndEachResultCarriesIdAndVersion() {
        try (KnowledgeBase kb = memoryKb()) {
            Entry draft = kb.create(lossEntry(), "writer");
            assertThat(draft.version()).isEqualTo(1);
            assertThat(draft.status()).isEqualTo(EntryStatus.DRAFT);
            assertThat(kb.search("我的卡丢了", 3).ranked()).isEmpty();

            Entry review = kb.submitForReview("loss", 1, "writer");
            assertThat(kb.search("我的卡丢了", 3).ranked()).isEmpty();
            assertThatThrownBy(() -> kb.publish("loss", 1, "reviewer")).isInstanceOf(CurationException.class)
                    .hasMessageContaining("version 2");

            Entry live = kb.publish("loss", review.version(), "reviewer");
            SearchResult r = kb.search("我的卡丢了", 3);
            assertThat(topId(r)).isEqualTo("loss");
            ScoredEntry top = r.top().orElseThrow();
            assertThat(top.entry().version()).isEqualTo(3);
            assertThat(top.entry().updatedBy()).isEqualTo("reviewer");
            assertThat(top.entry().updatedAt()).isEqualTo(T0);
            assertThat(r.confidence()).isBetween(0.0, 1.0);
            assertThat(kb.history("loss")).extracting(Entry::status)
                    .containsExactly(EntryStatus.DRAFT, EntryStatus.IN_REVIEW, EntryStatus.PUBLISHED);
            assertThat(live.version()).isEqualTo(3);
        }
    }

    @Test
    void aChangeSetIsPublishedWholeOnlyWhileTheKnowledgeBaseIsAsItWasEvaluated() {
        try (KnowledgeBase kb = memoryKb()) {
            Entry loss = kb.create(lossEntry(), "writer");
            kb.submitForReview("loss", loss.version(), "writer");
            Entry limit = kb.create(limitEntry(), "writer");
            kb.submitForReview("limit", limit.version(), "writer");
            KnowledgeBase.Review evaluated = kb.review();
            assertThat(evaluated.inReviewKeys()).containsExactly("limit@2", "loss@2");
            assertThat(evaluated.servedKeys()).isEmpty();

            // another entry submitted since: the change set is not the one evaluated
            kb.submitForReview("other", kb.create(Entry.draft("other", "网点几点开门？", "九点。"), "w").version(), "w");
            assertThatThrownBy(() -> kb.publishChangeSet(evaluated, "reviewer"))
                    .isInstanceOfSatisfying(ChangeSetMovedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(CurationException.Reason.STALE_CHANGE_SET);
                        assertThat(e.servedMoved()).isFalse();
                        assertThat(e.inReviewNow()).containsExactly("limit@2", "loss@2", "other@2");
                    });
            assertThat(kb.search("卡丢了", 1).ranked()).isEmpty();

            // what is served moved since (an entry published on its own): the figures no longer hold
            kb.publish("other", 2, "reviewer");
            KnowledgeBase.Review before = new KnowledgeBase.Review(List.of(), evaluated.inReview());
            assertThatThrownBy(() -> kb.publishChangeSet(before, "reviewer"))
                    .isInstanceOfSatisfying(ChangeSetMovedException.class, e -> assertThat(e.servedMoved()).isTrue());

            List<EntryChange> served = new ArrayList<>();
            kb.onServedChange(served::add);
            List<Entry> published = kb.publishChangeSet(kb.review(), "reviewer");
            assertThat(published).extracting(e -> e.id() + "@" + e.version()).containsExactly("limit@3", "loss@3");
            assertThat(published).allSatisfy(e -> assertThat(e.status()).isEqualTo(EntryStatus.PUBLISHED));
            assertThat(served).extracting(EntryChange::entryId).containsExactlyInAnyOrder("limit", "loss");
            assertThat(topId(kb.search("我的卡丢了", 1))).isEqualTo("loss");
            assertThat(kb.review().inReview()).isEmpty();
        }
    }

    @Test
    void refusalsSayWhyWithAReason() {
        try (KnowledgeBase kb = memoryKb()) {
            kb.create(lossEntry(), "writer");
            assertThatThrownBy(() -> kb.create(lossEntry(), "writer")).isInstanceOfSatisfying(CurationException.class,
                    e -> assertThat(e.reason()).isEqualTo(CurationException.Reason.ALREADY_EXISTS));
            assertThatThrownBy(() -> kb.submitForReview("nope", 1, "writer")).isInstanceOfSatisfying(
                    CurationException.class, e -> assertThat(e.reason()).isEqualTo(CurationException.Reason.UNKNOWN_ENTRY));
            assertThatThrownBy(() -> kb.submitForReview("loss", 2, "writer")).isInstanceOfSatisfying(
                    CurationException.class, e -> assertThat(e.reason()).isEqualTo(CurationException.Reason.STALE_VERSION));
            assertThatThrownBy(() -> kb.publish("loss", 1, "writer")).isInstanceOfSatisfying(
                    CurationException.class, e -> assertThat(e.reason()).isEqualTo(CurationException.Reason.NOT_ALLOWED));
        }
    }

    @Test
    void aDraftEditKeepsThePublishedAnswerUntilTheNewVersionIsPublished() {
        try (KnowledgeBase kb = memoryKb()) {
            Entry live = publish(kb, lossEntry());
            Entry edit = kb.update("loss", live.version(), e -> e.withAnswer("新答案：请拨打客服热线挂失。"), "writer");
            assertThat(edit.status()).isEqualTo(EntryStatus.DRAFT);
            assertThat(kb.search("卡丢了", 1).top().orElseThrow().entry().answer()).startsWith("请立即");

            assertThatThrownBy(() -> kb.update("loss", live.version(), e -> e, "other"))
                    .isInstanceOf(CurationException.class).hasMessageContaining("reload");

            Entry review = kb.submitForReview("loss", edit.version(), "writer");
            kb.publish("loss", review.version(), "reviewer");
            ScoredEntry top = kb.search("卡丢了", 1).top().orElseThrow();
            assertThat(top.entry().answer()).startsWith("新答案");
            assertThat(top.entry().version()).isEqualTo(6);

            kb.archive("loss", 6, "reviewer");
            assertThat(kb.search("卡丢了", 3).ranked()).isEmpty();
            assertThat(kb.served("loss")).isEmpty();
        }
    }

    @Test
    void entriesOutsideTheirValidityWindowAreNotServed() {
        try (KnowledgeBase kb = memoryKb()) {
            publish(kb, limitEntry().withValidity(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2))));
            assertThat(kb.search("转账限额", 3).ranked()).isEmpty();
            clock.advance(Duration.ofDays(1));
            assertThat(topId(kb.search("转账限额", 3))).isEqualTo("limit");
            clock.advance(Duration.ofDays(1));
            assertThat(kb.search("转账限额", 3).ranked()).isEmpty();
        }
    }

    @Test
    void aPublishedEditIsSearchableWithinASecond() {
        try (KnowledgeBase kb = memoryKb()) {
            publish(kb, limitEntry());
            Entry live = publish(kb, lossEntry());
            long start = System.nanoTime();
            Entry d = kb.update("loss", live.version(), e -> e.withVariants(List.of("储蓄卡被偷了怎么办")), "writer");
            Entry r = kb.submitForReview("loss", d.version(), "writer");
            kb.publish("loss", r.version(), "reviewer");
            SearchResult result = kb.search("储蓄卡被偷了怎么办", 1);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(result.top().orElseThrow().matchedPhrasing()).isEqualTo("储蓄卡被偷了怎么办");
            assertThat(elapsedMs).isLessThan(1000);
        }
    }

    @Test
    void externalChangesApplyIdempotentlyByVersion() {
        List<EntryChange> published = new ArrayList<>();
        try (KnowledgeBase source = memoryKb(); KnowledgeBase replica = memoryKb()) {
            source.onServedChange(published::add);
            Entry v3 = publish(source, lossEntry());
            Entry d = source.update("loss", v3.version(), e -> e.withAnswer("第二版答案"), "w");
            Entry r = source.submitForReview("loss", d.version(), "w");
            Entry v6 = source.publish("loss", r.version(), "rev");
            assertThat(published).extracting(EntryChange::version).containsExactly(3L, 6L);

            // Delivered out of order and twice: the older version must not overwrite the newer one.
            assertThat(replica.apply(published.get(1))).isTrue();
            assertThat(replica.apply(published.get(0))).isFalse();
            assertThat(replica.apply(published.get(1))).isFalse();
            assertThat(replica.served("loss").orElseThrow().answer()).isEqualTo("第二版答案");

            source.archive("loss", v6.version(), "rev");
            EntryChange delete = published.get(2);
            assertThat(delete.isDelete()).isTrue();
            assertThat(replica.apply(delete)).isTrue();
            assertThat(replica.apply(published.get(1))).isFalse();
            assertThat(replica.search("卡丢了", 3).ranked()).isEmpty();
        }
    }

    @Test
    void aDurableReplicaKeepsWhatItReceivedAcrossRestarts() {
        List<EntryChange> published = new ArrayList<>();
        Path replicaDir = dir.resolve("replica");
        try (KnowledgeBase source = memoryKb()) {
            source.onServedChange(published::add);
            publish(source, lossEntry());
            Entry limit = publish(source, limitEntry());
            source.archive("limit", limit.version(), "rev");
        }
        try (KnowledgeBase replica = KnowledgeBase.open(replicaDir, EmbeddingModels.bgeSmallZh(),
                SearchSettings.defaults(), clock)) {
            published.forEach(replica::apply);
        }
        try (KnowledgeBase replica = KnowledgeBase.open(replicaDir, EmbeddingModels.bgeSmallZh(),
                SearchSettings.defaults(), clock)) {
            assertThat(replica.served("loss").orElseThrow().version()).isEqualTo(3);
            assertThat(replica.served("limit")).isEmpty();
            assertThat(topId(replica.search("卡不见了", 3))).isEqualTo("loss");
            assertThat(replica.apply(published.get(0))).isFalse();
        }
    }

    @Test
    void durableKnowledgeBaseSurvivesRestartAndRebuildsADeletedIndex() throws Exception {
        Path kbDir = dir.resolve("kb");
        try (KnowledgeBase kb = KnowledgeBase.open(kbDir, EmbeddingModels.bgeSmallZh(), SearchSettings.defaults(), clock)) {
            publish(kb, lossEntry());
            publish(kb, limitEntry());
            kb.create(Entry.draft("draft", "未发布的问题", "未发布"), "w");
        }
        try (KnowledgeBase kb = KnowledgeBase.open(kbDir, EmbeddingModels.bgeSmallZh(), SearchSettings.defaults(), clock)) {
            assertThat(topId(kb.search("卡丢了怎么办", 3))).isEqualTo("loss");
            assertThat(kb.entries()).hasSize(3);
            kb.archive("limit", 3, "rev");
        }
        deleteRecursively(kbDir.resolve("index"));
        try (KnowledgeBase kb = KnowledgeBase.open(kbDir, EmbeddingModels.bgeSmallZh(), SearchSettings.defaults(), clock)) {
            assertThat(topId(kb.search("卡丢了怎么办", 3))).isEqualTo("loss");
            assertThat(kb.search("转账限额", 3).ranked()).extracting(s -> s.entry().id()).doesNotContain("limit");
            assertThat(kb.served("draft")).isEmpty();
        }
    }

    /** The real model under another name, counting the texts it embeds in batches (documents). */
    private static final class NamedModel implements EmbeddingModel {
        private final String name;
        private final AtomicInteger documentsEmbedded = new AtomicInteger();

        NamedModel(String name) {
            this.name = name;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            documentsEmbedded.addAndGet(segments.size());
            return EmbeddingModels.bgeSmallZh().embedAll(segments);
        }

        @Override
        public Response<Embedding> embed(String text) {
            return EmbeddingModels.bgeSmallZh().embed(text);
        }

        @Override
        public String modelName() {
            return name;
        }
    }

    @Test
    void anIndexOfAnotherModelsVectorsIsRebuiltOnOpen() {
        Path kbDir = dir.resolve("kb");
        try (KnowledgeBase kb = KnowledgeBase.open(kbDir, new NamedModel("model-a"), SearchSettings.defaults(), clock)) {
            publish(kb, lossEntry());
            publish(kb, limitEntry());
            assertThat(kb.reindexedForOtherVectors()).isFalse();
        }
        NamedModel same = new NamedModel("model-a");
        try (KnowledgeBase kb = KnowledgeBase.open(kbDir, same, SearchSettings.defaults(), clock)) {
            assertThat(kb.reindexedForOtherVectors()).isFalse();
            assertThat(same.documentsEmbedded).hasValue(0);
        }
        NamedModel other = new NamedModel("model-b");
        try (KnowledgeBase kb = KnowledgeBase.open(kbDir, other, SearchSettings.defaults(), clock)) {
            assertThat(kb.reindexedForOtherVectors()).isTrue();
            // both phrasings of the loss entry, the limit question, and the two answers
            assertThat(other.documentsEmbedded).hasValue(5);
            assertThat(topId(kb.search("卡不见了", 3))).isEqualTo("loss");
            assertThat(kb.search("转账限额", 3).ranked()).hasSize(2);
        }
        NamedModel again = new NamedModel("model-b");
        try (KnowledgeBase kb = KnowledgeBase.open(kbDir, again, SearchSettings.defaults(), clock)) {
            assertThat(kb.reindexedForOtherVectors()).isFalse();
            assertThat(again.documentsEmbedded).hasValue(0);
            assertThat(topId(kb.search("卡不见了", 3))).isEqualTo("loss");
        }
    }

    @Test
    void importIsAllOrNothingAndExportRoundTrips() throws Exception {
        try (KnowledgeBase kb = memoryKb()) {
            Path bad = dir.resolve("bad.jsonl");
            Files.writeString(bad, "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"x\",\"status\":\"published\"}\n"
                    + "{\"id\":\"b\",\"question\":\"q\"}\n");
            assertThatThrownBy(() -> kb.importFile(bad, "importer")).isInstanceOf(EntryFileException.class)
                    .hasMessageContaining("line 2 (b): missing field 'answer'");
            assertThat(kb.entries()).isEmpty();

            Path good = dir.resolve("good.csv");
            EntryFiles.write(good, List.of(lossEntry().withStatus(EntryStatus.PUBLISHED), limitEntry()));
            List<Entry> goodRows = EntryFiles.read(good, EntryStatus.DRAFT);
            assertThat(kb.wouldPublish(goodRows)).containsExactly("loss");
            assertThat(kb.importFile(good, "importer")).isEqualTo(new KnowledgeBase.ImportReport(2, 0, 0));
            assertThat(kb.wouldPublish(goodRows)).as("the same rows again change nothing").isEmpty();
            assertThat(topId(kb.search("卡不见了", 3))).isEqualTo("loss");
            assertThat(kb.served("limit")).isEmpty(); // imported as draft: not on air
            assertThat(kb.importFile(good, "importer")).isEqualTo(new KnowledgeBase.ImportReport(0, 0, 2));

            Path out = dir.resolve("export.jsonl");
            kb.exportFile(out);
            assertThat(EntryFiles.read(out, EntryStatus.DRAFT)).isEqualTo(kb.entries());
        }
    }

    @Test
    void searchesRunConcurrentlyWithEdits() throws Exception {
        try (KnowledgeBase kb = memoryKb()) {
            publish(kb, limitEntry());
            Entry live = publish(kb, lossEntry());
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<String>> searches = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    searches.add(pool.submit(() -> topId(kb.search("手机银行一天能转多少钱", 3))));
                }
                long v = live.version();
                for (int i = 0; i < 3; i++) {
                    Entry d = kb.update("loss", v, e -> e.withAnswer(e.answer() + "。"), "w");
                    Entry r = kb.submitForReview("loss", d.version(), "w");
                    v = kb.publish("loss", r.version(), "rev").version();
                }
                for (Future<String> f : searches) {
                    assertThat(f.get()).isEqualTo("limit");
                }
                assertThat(kb.served("loss").orElseThrow().version()).isEqualTo(v);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void deleteRecursively(Path p) throws Exception {
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
        assertThat(p).doesNotExist();
    }
}
