package com.wecomassist.kb;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.ScoredEntry;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.kb.search.SearchSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Remembered search results are exactly what a search would find, and only while they are. */
class RememberedResultsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");

    private final TestClock clock = new TestClock(T0);

    private KnowledgeBase kb(int remembered) {
        KnowledgeBase kb = KnowledgeBase.inMemory(EmbeddingModels.bgeSmallZh(), SearchSettings.defaults(), clock);
        kb.rememberRecentResults(remembered);
        return kb;
    }

    private static Entry publish(KnowledgeBase kb, Entry draft) {
        Entry v1 = kb.create(draft, "writer");
        Entry v2 = kb.submitForReview(v1.id(), v1.version(), "writer");
        return kb.publish(v2.id(), v2.version(), "reviewer");
    }

    private static void publishSample(KnowledgeBase kb) {
        publish(kb, Entry.draft("loss", "银行卡丢了怎么挂失？", "请立即在手机银行办理临时挂失。")
                .withVariants(List.of("卡不见了怎么办")));
        publish(kb, Entry.draft("limit", "手机银行转账限额是多少？", "默认单日20万元。"));
        publish(kb, Entry.draft("repay", "信用卡怎么还款？", "可在手机银行信用卡页面还款。"));
    }

    /** What a customer sees of a result: answers, versions, scores and the confidences. */
    private static List<Object> seen(SearchResult r) {
        return List.of(r.query(), r.ranked().stream().map(s -> s.entry().id() + "@" + s.entry().version() + " "
                        + s.score() + " " + s.matchedPhrasing()).toList(), r.confidence(), r.menuConfidence(),
                r.features());
    }

    private static String topId(SearchResult r) {
        return r.top().map(ScoredEntry::entry).map(Entry::id).orElse("none");
    }

    @Test
    void aQuestionAskedAgainIsAnsweredFromMemoryWithWhatASearchFinds() {
        List<String> questions = List.of("我的卡丢了", "转账限额多少", "信用卡还款", "我的卡丢了", " 我的卡丢了 ",
                "转账限额多少");
        try (KnowledgeBase searching = kb(0); KnowledgeBase remembering = kb(100)) {
            publishSample(searching);
            publishSample(remembering);
            for (String q : questions) {
                SearchResult searched = searching.search(q, 3);
                SearchResult remembered = remembering.search(q, 3);
                assertThat(seen(remembered)).isEqualTo(seen(searched));
            }
            // the stripped question is the same question; k is part of it
            assertThat(remembering.rememberedResults()).isEqualTo(3);
            assertThat(remembering.searchedResults()).isEqualTo(3);
            remembering.search("我的卡丢了", 1);
            assertThat(remembering.searchedResults()).isEqualTo(4);
            assertThat(searching.rememberedResults()).isZero();
        }
    }

    @Test
    void aPublishedChangeIsFoundAtOnce() {
        try (KnowledgeBase kb = kb(100)) {
            publishSample(kb);
            assertThat(kb.search("储蓄卡被偷了怎么办", 1).top().orElseThrow().matchedPhrasing())
                    .isNotEqualTo("储蓄卡被偷了怎么办");
            Entry live = kb.served("loss").orElseThrow();
            Entry d = kb.update("loss", live.version(), e -> e.withVariants(List.of("储蓄卡被偷了怎么办")), "writer");
            Entry r = kb.submitForReview("loss", d.version(), "writer");
            Entry edited = kb.publish("loss", r.version(), "reviewer");

            ScoredEntry top = kb.search("储蓄卡被偷了怎么办", 1).top().orElseThrow();
            assertThat(top.matchedPhrasing()).isEqualTo("储蓄卡被偷了怎么办");
            assertThat(top.entry().version()).isEqualTo(edited.version());
            assertThat(kb.rememberedResults()).isZero();

            kb.archive("loss", top.entry().version(), "reviewer");
            assertThat(kb.search("储蓄卡被偷了怎么办", 3).ranked()).extracting(s -> s.entry().id())
                    .doesNotContain("loss");
            assertThat(kb.rememberedResults()).isZero();
        }
    }

    @Test
    void anEntryStartingOrStoppingToBeValidIsNotAnsweredFromMemory() {
        try (KnowledgeBase kb = kb(100)) {
            publish(kb, Entry.draft("limit", "手机银行转账限额是多少？", "默认单日20万元。")
                    .withValidity(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2))));
            assertThat(kb.search("转账限额", 3).ranked()).isEmpty();
            clock.advance(Duration.ofHours(23));
            assertThat(kb.search("转账限额", 3).ranked()).isEmpty();
            assertThat(kb.rememberedResults()).isEqualTo(1);

            clock.set(T0.plus(Duration.ofDays(1)));
            assertThat(topId(kb.search("转账限额", 3))).isEqualTo("limit");
            clock.set(T0.plus(Duration.ofDays(2)).minusMillis(1));
            assertThat(topId(kb.search("转账限额", 3))).isEqualTo("limit");
            assertThat(kb.rememberedResults()).isEqualTo(2);

            clock.set(T0.plus(Duration.ofDays(2)));
            assertThat(kb.search("转账限额", 3).ranked()).isEmpty();
            // a clock set back is a window of its own too
            clock.set(T0.plus(Duration.ofHours(36)));
            assertThat(topId(kb.search("转账限额", 3))).isEqualTo("limit");
            assertThat(kb.rememberedResults()).isEqualTo(2);
            assertThat(kb.searchedResults()).isEqualTo(4);
        }
    }

    @Test
    void onlyTheMostRecentQuestionsAreRemembered() {
        try (KnowledgeBase kb = kb(2)) {
            publishSample(kb);
            kb.search("我的卡丢了", 3);
            kb.search("转账限额多少", 3);
            kb.search("我的卡丢了", 3);
            kb.search("信用卡还款", 3); // the least recently asked, 转账限额多少, goes
            assertThat(kb.rememberedResults()).isEqualTo(1);
            kb.search("我的卡丢了", 3);
            kb.search("信用卡还款", 3);
            assertThat(kb.rememberedResults()).isEqualTo(3);
            kb.search("转账限额多少", 3);
            assertThat(kb.rememberedResults()).isEqualTo(3);
            assertThat(kb.searchedResults()).isEqualTo(4);

            kb.rememberRecentResults(0);
            kb.search("转账限额多少", 3);
            assertThat(kb.rememberedResults()).isZero();
        }
    }
}
