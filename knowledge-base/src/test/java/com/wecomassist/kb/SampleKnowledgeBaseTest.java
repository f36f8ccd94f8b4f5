package com.wecomassist.kb;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.store.EntryFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo knowledge base the project ships, searched with the default settings. */
class SampleKnowledgeBaseTest {

    static final Path SAMPLE_KB = Path.of("src/main/resources/com/wecomassist/kb/sample/sample-kb.jsonl");

    private static KnowledgeBase kb;
    private static List<Entry> entries;

    @BeforeAll
    static void load() {
        entries = EntryFiles.read(SAMPLE_KB, EntryStatus.DRAFT);
        kb = KnowledgeBase.inMemory(EmbeddingModels.bgeSmallZh(), SearchSettings.defaults(),
                new TestClock(Instant.parse("2026-11-24T02:00:00Z")));
        kb.importFile(SAMPLE_KB, "content-team");
    }

    @AfterAll
    static void close() {
        kb.close();
    }

    @Test
    void coversWhatARetailBanksCustomersAsk() {
        assertThat(entries).hasSizeGreaterThanOrEqualTo(80);
        Set<String> categories = entries.stream().map(Entry::category).collect(Collectors.toSet());
        assertThat(categories).contains("借记卡", "挂失", "转账与限额", "手机银行", "存款", "理财", "贷款", "信用卡",
                "企业微信身份验证");
        assertThat(entries).allSatisfy(e -> assertThat(e.status()).isEqualTo(EntryStatus.PUBLISHED));
        // Wealth answers must carry risk wording.
        assertThat(entries.stream().filter(e -> e.category().equals("理财")))
                .allSatisfy(e -> assertThat(e.answer()).containsAnyOf("有风险", "不保本"));
    }

    @Test
    void answersPlainQuestionsWithTheRightEntry() {
        assertThat(top("我的银行卡丢了怎么办")).isEqualTo("银行卡丢了怎么挂失？");
        assertThat(top("信用卡不见了")).isEqualTo("信用卡丢了怎么挂失？");
        assertThat(top("APP一天最多转多少钱")).isEqualTo("手机银行转账限额是多少？");
        assertThat(top("买理财会亏吗")).isEqualTo("理财产品保本吗？");
    }

    @Test
    void expiredRateEntriesAreNotServed() {
        Entry expired = entries.stream().filter(e -> e.effectiveTo() != null
                && e.effectiveTo().isBefore(Instant.parse("2026-11-24T00:00:00Z"))).findFirst().orElseThrow();
        assertThat(kb.served(expired.id())).isPresent(); // published and indexed...
        SearchResult r = kb.search(expired.question(), 5);
        assertThat(r.ranked()).extracting(s -> s.entry().id()).doesNotContain(expired.id()); // ...but not valid now
    }

    @Test
    void confidenceSeparatesOnTopicFromOffTopicQuestions() {
        SearchResult onTopic = kb.search("银行卡丢了怎么挂失", 3);
        SearchResult offTopic = kb.search("今天北京天气怎么样", 3);
        assertThat(onTopic.confidence()).isGreaterThan(0.8);
        assertThat(offTopic.confidence()).isLessThan(onTopic.confidence() - 0.3);
    }

    @Test
    void theMenuConfidenceIsNeverBelowTheConfidence() {
        for (String q : new String[] {"银行卡丢了怎么挂失", "今天北京天气怎么样", "信用卡额度怎么提高", "转账限额是多少", "卡"}) {
            SearchResult r = kb.search(q, 3);
            assertThat(r.menuConfidence()).as(q).isBetween(r.confidence(), 1.0);
        }
        // the first three hold an on-topic question's answer more surely than the first alone does
        SearchResult vague = kb.search("卡的问题", 3);
        assertThat(vague.menuConfidence()).isGreaterThan(vague.confidence());
    }

    private static String top(String q) {
        return kb.search(q, 3).top().orElseThrow().entry().question();
    }
}
