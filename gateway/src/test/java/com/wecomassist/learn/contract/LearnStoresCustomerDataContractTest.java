package com.wecomassist.learn.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.learn.DecidedDraft;
import com.wecomassist.learn.DecidedDrafts;
import com.wecomassist.learn.KnowledgeGap;
import com.wecomassist.learn.KnowledgeGaps;
import com.wecomassist.learn.PhrasingSuggestion;
import com.wecomassist.learn.PhrasingSuggestion.Status;
import com.wecomassist.learn.PhrasingSuggestions;
import com.wecomassist.learn.memory.InMemoryDecidedDrafts;
import com.wecomassist.learn.memory.InMemoryKnowledgeGaps;
import com.wecomassist.learn.memory.InMemoryPhrasingSuggestions;
import com.wecomassist.learn.redis.RedisDecidedDrafts;
import com.wecomassist.learn.redis.RedisKnowledgeGaps;
import com.wecomassist.learn.redis.RedisPhrasingSuggestions;
import com.wecomassist.testing.RedisTestServer;
import com.wecomassist.wecom.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The learning stores' part of a customer's personal data: gaps asked, phrasings suggested and
 * decided drafts of their conversations, found and erased without touching anyone else's; and the
 * retention of suggestions nobody decided.
 */
class LearnStoresCustomerDataContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-11-24T10:20:00Z");
    private static final String A = "kf:wkA:wmErase";
    private static final String B = "kf:wkB:wmErase";
    private static final String OTHER = "kf:wkA:wmKeep";

    abstract static class Contract {

        final MutableClock clock = new MutableClock(NOW);

        abstract PhrasingSuggestions suggestions();

        abstract DecidedDrafts decisions();

        abstract KnowledgeGaps gaps();

        static KnowledgeGap gap(String id, String question, String conversation) {
            return new KnowledgeGap(id, question, "low-confidence", "借记卡", 0.3, List.of(), NOW, conversation);
        }

        static PhrasingSuggestion suggestion(String phrasing, String conversation, Instant at) {
            return PhrasingSuggestion.open(phrasing, "demo-001", 3, "如何申请办理借记卡？", "alice", "d-1", conversation, at);
        }

        static DecidedDraft decided(String draftId, String conversation) {
            return new DecidedDraft(draftId, conversation, "张三的卡怎么销户", List.of("demo-006@3"), "demo-006@3", 0.42,
                    List.of("low-confidence"), "alice", false, NOW);
        }

        @Test
        void aCustomersGapsAreFoundAndErased() {
            KnowledgeGaps gaps = gaps();
            gaps.record(gap("g-1", "张三的卡怎么销户", A)).block(WAIT);
            gaps.record(gap("g-2", "查余额", B)).block(WAIT);
            gaps.record(gap("g-3", "别人的问题", OTHER)).block(WAIT);
            gaps.record(gap("g-4", "记录会话之前的缺口", null)).block(WAIT);

            assertThat(gaps.forCustomer("wmErase").map(KnowledgeGap::id).collectList().block(WAIT))
                    .containsExactlyInAnyOrder("g-1", "g-2");
            assertThat(gaps.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);
            assertThat(gaps.recent().map(KnowledgeGap::id).collectList().block(WAIT))
                    .containsExactlyInAnyOrder("g-3", "g-4");
            assertThat(gaps.eraseCustomer("wmErase").block(WAIT)).isZero();
        }

        @Test
        void aCustomersSuggestionsAreFoundAndDiscardedWhateverTheirStatus() {
            PhrasingSuggestions list = suggestions();
            String open = list.add(suggestion("张三想办卡", A, NOW)).block(WAIT).suggestion().id();
            String accepted = list.add(suggestion("卡丢了咋整", B, NOW)).block(WAIT).suggestion().id();
            list.decide(accepted, Status.ACCEPTED, "ed", NOW.plusSeconds(1)).block(WAIT);
            String others = list.add(suggestion("别人的问法", OTHER, NOW)).block(WAIT).suggestion().id();

            assertThat(list.forCustomer("wmErase").map(PhrasingSuggestion::id).collectList().block(WAIT))
                    .containsExactlyInAnyOrder(open, accepted);
            assertThat(list.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);
            assertThat(list.list(null).map(PhrasingSuggestion::id).collectList().block(WAIT)).containsExactly(others);
            assertThat(list.list(Status.OPEN).map(PhrasingSuggestion::id).collectList().block(WAIT)).containsExactly(others);
            assertThat(list.find(open).block(WAIT)).isNull();
            assertThat(list.eraseCustomer("wmErase").block(WAIT)).isZero();
        }

        @Test
        void openSuggestionsPastTheirRetentionAreDiscardedDecidedOnesAreLeftToTheirOwn() {
            PhrasingSuggestions list = suggestions();
            String old = list.add(suggestion("很久以前的问法", OTHER, NOW.minus(Duration.ofDays(100)))).block(WAIT)
                    .suggestion().id();
            String decided = list.add(suggestion("很久以前已采纳", OTHER, NOW.minus(Duration.ofDays(100)))).block(WAIT)
                    .suggestion().id();
            list.decide(decided, Status.ACCEPTED, "ed", NOW).block(WAIT);
            String recent = list.add(suggestion("最近的问法", OTHER, NOW.minus(Duration.ofDays(1)))).block(WAIT)
                    .suggestion().id();

            assertThat(list.forgetOpenBefore(NOW.minus(Duration.ofDays(90))).block(WAIT)).isEqualTo(1);
            assertThat(list.list(null).map(PhrasingSuggestion::id).collectList().block(WAIT))
                    .containsExactlyInAnyOrder(decided, recent);
            assertThat(list.find(old).block(WAIT)).isNull();
        }

        @Test
        void aCustomersDecidedDraftsAreFoundAndForgotten() {
            DecidedDrafts drafts = decisions();
            drafts.remember(decided("d-a", A)).block(WAIT);
            drafts.remember(decided("d-b", B)).block(WAIT);
            drafts.remember(decided("d-o", OTHER)).block(WAIT);

            assertThat(drafts.forCustomer("wmErase").collectList().block(WAIT))
                    .containsExactly(decided("d-a", A), decided("d-b", B));
            assertThat(drafts.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);
            assertThat(drafts.find("d-a").block(WAIT)).isNull();
            assertThat(drafts.find("d-o").block(WAIT)).isEqualTo(decided("d-o", OTHER));
            assertThat(drafts.forCustomer("wmErase").collectList().block(WAIT)).isEmpty();
            assertThat(drafts.eraseCustomer("wmErase").block(WAIT)).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final PhrasingSuggestions suggestions = new InMemoryPhrasingSuggestions(Duration.ofDays(90), clock);
        final DecidedDrafts decisions = new InMemoryDecidedDrafts(Duration.ofDays(7), clock);
        final KnowledgeGaps gaps = new InMemoryKnowledgeGaps(100, Duration.ofDays(1), clock);

        PhrasingSuggestions suggestions() { return suggestions; }
        DecidedDrafts decisions() { return decisions; }
        KnowledgeGaps gaps() { return gaps; }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final PhrasingSuggestions suggestions = new RedisPhrasingSuggestions(RedisTestServer.template(), prefix,
                Duration.ofDays(90));
        final DecidedDrafts decisions = new RedisDecidedDrafts(RedisTestServer.template(), prefix, Duration.ofDays(7));
        final KnowledgeGaps gaps = new RedisKnowledgeGaps(RedisTestServer.template(), prefix, 100, Duration.ofDays(1),
                clock);

        PhrasingSuggestions suggestions() { return suggestions; }
        DecidedDrafts decisions() { return decisions; }
        KnowledgeGaps gaps() { return gaps; }
    }
}
