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
import reactor.core.publisher.Flux;

/** The review list, the decided drafts and the gaps: one contract for the in-memory and the Redis adapters. */
class LearnStoresContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-11-24T10:20:00Z");
    private static final int CAPACITY = 10;

    abstract static class Contract {

        final MutableClock clock = new MutableClock(NOW);

        abstract PhrasingSuggestions suggestions();

        abstract DecidedDrafts decisions();

        abstract KnowledgeGaps gaps();

        static PhrasingSuggestion suggestion(String phrasing, String entry, String agent, Instant at) {
            return PhrasingSuggestion.open(phrasing, entry, 3, "如何申请办理借记卡？", agent, "d-1", "kf:wk:wm1", at);
        }

        @Test
        void theSamePhrasingForTheSameEntryCollapsesIntoOneSuggestionCountedTwice() {
            PhrasingSuggestions list = suggestions();
            PhrasingSuggestions.Added first = list.add(suggestion("我想办张卡", "demo-001", "alice", NOW)).block(WAIT);
            PhrasingSuggestions.Added again = list.add(suggestion(" 我想办张卡！", "demo-001", "bob",
                    NOW.plusSeconds(5))).block(WAIT);
            PhrasingSuggestions.Added other = list.add(suggestion("我想办张卡", "demo-002", "bob",
                    NOW.plusSeconds(9))).block(WAIT);

            assertThat(first.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.suggestion().id()).isEqualTo(first.suggestion().id());
            assertThat(again.suggestion().times()).isEqualTo(2);
            assertThat(again.suggestion().suggestedBy()).isEqualTo("alice");
            assertThat(other.created()).isTrue();
            assertThat(list.list(Status.OPEN).collectList().block(WAIT))
                    .extracting(PhrasingSuggestion::entryId, PhrasingSuggestion::times)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("demo-002", 1),
                            org.assertj.core.groups.Tuple.tuple("demo-001", 2));
        }

        @Test
        void aSuggestionIsDecidedOnceByTheFirstEditor() {
            PhrasingSuggestions list = suggestions();
            String id = list.add(suggestion("卡丢了咋整", "demo-010", "alice", NOW)).block(WAIT).suggestion().id();

            List<Boolean> decided = Flux.just("ed", "bob", "alice")
                    .flatMap(editor -> list.decide(id, Status.ACCEPTED, editor, NOW.plusSeconds(60)))
                    .collectList().block(WAIT);
            assertThat(decided).containsExactlyInAnyOrder(true, false, false);
            assertThat(list.decide(id, Status.DISMISSED, "ed", NOW).block(WAIT)).isFalse();
            assertThat(list.decide("s-unknown", Status.DISMISSED, "ed", NOW).block(WAIT)).isFalse();

            PhrasingSuggestion stored = list.find(id).block(WAIT);
            assertThat(stored.status()).isEqualTo(Status.ACCEPTED);
            assertThat(stored.decidedBy()).isIn("ed", "bob", "alice");
            assertThat(stored.decidedAt()).isEqualTo(NOW.plusSeconds(60));
            assertThat(list.list(Status.OPEN).collectList().block(WAIT)).isEmpty();
            assertThat(list.list(Status.ACCEPTED).collectList().block(WAIT)).extracting(PhrasingSuggestion::id)
                    .containsExactly(id);
            assertThat(list.list(null).collectList().block(WAIT)).hasSize(1);
            assertThat(list.find("s-unknown").block(WAIT)).isNull();
        }

        @Test
        void decidedDraftsAreKeptByDraftId() {
            DecidedDrafts drafts = decisions();
            DecidedDraft draft = new DecidedDraft("d-" + NOW.toEpochMilli(), "kf:wk:wm1", "借记卡怎么销户",
                    List.of("demo-006@3", "demo-002@1"), "demo-006@3", 0.42, List.of("low-confidence: 0.42 < 0.90"),
                    "alice", true, NOW);
            DecidedDraft rewritten = new DecidedDraft("d-rewritten-" + NOW.toEpochMilli(), "kf:wk:wm1", "那个卡怎么弄",
                    List.of("demo-001@3"), null, 0.42, List.of("low-confidence: 0.42 < 0.90"), "alice", true, NOW);
            drafts.remember(draft).block(WAIT);
            drafts.remember(rewritten).block(WAIT);

            assertThat(drafts.find(draft.draftId()).block(WAIT)).isEqualTo(draft);
            assertThat(drafts.find(rewritten.draftId()).block(WAIT)).isEqualTo(rewritten);
            assertThat(drafts.find("d-unknown").block(WAIT)).isNull();
            assertThat(draft.entryIds()).containsExactly("demo-006", "demo-002");
            assertThat(draft.versionOf("demo-006")).isEqualTo(3);
            assertThat(draft.answeredEntryId()).contains("demo-006");
            assertThat(rewritten.answeredEntryId()).isEmpty();
        }

        private static KnowledgeGap gap(String id, String question, Instant at) {
            return new KnowledgeGap(id, question, "low-confidence", "借记卡", 0.4,
                    List.of(new KnowledgeGap.Candidate("demo-001", 1, "如何申请办理借记卡？", 0.031)), at, "kf:wkA:wm-" + id);
        }

        @Test
        void gapsAreKeptLatestFirstAndBoundedByCapacity() {
            KnowledgeGaps gaps = gaps();
            for (int i = 0; i < CAPACITY + 3; i++) {
                gaps.record(gap("g-" + i, "问题" + i, NOW.plusSeconds(i))).block(WAIT);
            }
            List<KnowledgeGap> kept = gaps.recent().collectList().block(WAIT);
            assertThat(kept).hasSize(CAPACITY);
            assertThat(kept.get(0).id()).isEqualTo("g-" + (CAPACITY + 2));
            assertThat(kept.get(CAPACITY - 1).id()).isEqualTo("g-3");
            assertThat(kept.get(0).candidates()).containsExactly(
                    new KnowledgeGap.Candidate("demo-001", 1, "如何申请办理借记卡？", 0.031));

            assertThat(gaps.dismiss(List.of("g-12", "g-11", "g-unknown")).block(WAIT)).isEqualTo(2);
            assertThat(gaps.recent().map(KnowledgeGap::id).collectList().block(WAIT))
                    .hasSize(CAPACITY - 2).doesNotContain("g-12", "g-11");
        }

        @Test
        void gapsOlderThanTheRetentionAreGone() {
            KnowledgeGaps gaps = gaps();
            gaps.record(gap("g-old", "很久以前的问题", NOW)).block(WAIT);
            clock.advance(Duration.ofDays(2));
            gaps.record(gap("g-new", "新的问题", clock.instant())).block(WAIT);
            assertThat(gaps.recent().map(KnowledgeGap::id).collectList().block(WAIT)).containsExactly("g-new");
        }

        // ---------------------------------------------------------------- a customer's personal data

        static final String ERASE_A = "kf:wkA:wmErase";
        static final String ERASE_B = "kf:wkB:wmErase";
        static final String KEEP = "kf:wkA:wmKeep";

        static KnowledgeGap gapIn(String id, String question, String conversation) {
            return new KnowledgeGap(id, question, "low-confidence", "借记卡", 0.3, List.of(), NOW, conversation);
        }

        static PhrasingSuggestion suggestionIn(String phrasing, String conversation, Instant at) {
            return PhrasingSuggestion.open(phrasing, "demo-001", 3, "如何申请办理借记卡？", "alice", "d-1", conversation, at);
        }

        static DecidedDraft decidedIn(String draftId, String conversation) {
            return new DecidedDraft(draftId, conversation, "张三的卡怎么销户", List.of("demo-006@3"), "demo-006@3", 0.42,
                    List.of("low-confidence"), "alice", false, NOW);
        }

        @Test
        void aCustomersGapsAreFoundAndErased() {
            KnowledgeGaps gaps = gaps();
            gaps.record(gapIn("g-1", "张三的卡怎么销户", ERASE_A)).block(WAIT);
            gaps.record(gapIn("g-2", "查余额", ERASE_B)).block(WAIT);
            gaps.record(gapIn("g-3", "别人的问题", KEEP)).block(WAIT);
            gaps.record(gapIn("g-4", "记录会话之前的缺口", null)).block(WAIT);

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
            String open = list.add(suggestionIn("张三想办卡", ERASE_A, NOW)).block(WAIT).suggestion().id();
            String accepted = list.add(suggestionIn("卡丢了咋整", ERASE_B, NOW)).block(WAIT).suggestion().id();
            list.decide(accepted, Status.ACCEPTED, "ed", NOW.plusSeconds(1)).block(WAIT);
            String others = list.add(suggestionIn("别人的问法", KEEP, NOW)).block(WAIT).suggestion().id();

            assertThat(list.forCustomer("wmErase").map(PhrasingSuggestion::id).collectList().block(WAIT))
                    .containsExactlyInAnyOrder(open, accepted);
            assertThat(list.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);
            assertThat(list.list(null).map(PhrasingSuggestion::id).collectList().block(WAIT)).containsExactly(others);
            assertThat(list.list(Status.OPEN).map(PhrasingSuggestion::id).collectList().block(WAIT))
                    .containsExactly(others);
            assertThat(list.find(open).block(WAIT)).isNull();
            assertThat(list.eraseCustomer("wmErase").block(WAIT)).isZero();
        }

        @Test
        void openSuggestionsPastTheirRetentionAreDiscardedDecidedOnesAreLeftToTheirOwn() {
            PhrasingSuggestions list = suggestions();
            String old = list.add(suggestionIn("很久以前的问法", KEEP, NOW.minus(Duration.ofDays(100)))).block(WAIT)
                    .suggestion().id();
            String decided = list.add(suggestionIn("很久以前已采纳", KEEP, NOW.minus(Duration.ofDays(100)))).block(WAIT)
                    .suggestion().id();
            list.decide(decided, Status.ACCEPTED, "ed", NOW).block(WAIT);
            String recent = list.add(suggestionIn("最近的问法", KEEP, NOW.minus(Duration.ofDays(1)))).block(WAIT)
                    .suggestion().id();

            assertThat(list.forgetOpenBefore(NOW.minus(Duration.ofDays(90))).block(WAIT)).isEqualTo(1);
            assertThat(list.list(null).map(PhrasingSuggestion::id).collectList().block(WAIT))
                    .containsExactlyInAnyOrder(decided, recent);
            assertThat(list.find(old).block(WAIT)).isNull();
        }

        @Test
        void aCustomersDecidedDraftsAreFoundAndForgotten() {
            DecidedDrafts drafts = decisions();
            drafts.remember(decidedIn("d-a", ERASE_A)).block(WAIT);
            drafts.remember(decidedIn("d-b", ERASE_B)).block(WAIT);
            drafts.remember(decidedIn("d-o", KEEP)).block(WAIT);

            assertThat(drafts.forCustomer("wmErase").collectList().block(WAIT))
                    .containsExactly(decidedIn("d-a", ERASE_A), decidedIn("d-b", ERASE_B));
            assertThat(drafts.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);
            assertThat(drafts.find("d-a").block(WAIT)).isNull();
            assertThat(drafts.find("d-o").block(WAIT)).isEqualTo(decidedIn("d-o", KEEP));
            assertThat(drafts.forCustomer("wmErase").collectList().block(WAIT)).isEmpty();
            assertThat(drafts.eraseCustomer("wmErase").block(WAIT)).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final PhrasingSuggestions suggestions = new InMemoryPhrasingSuggestions(Duration.ofDays(90), clock);
        final DecidedDrafts decisions = new InMemoryDecidedDrafts(Duration.ofDays(7), clock);
        final KnowledgeGaps gaps = new InMemoryKnowledgeGaps(CAPACITY, Duration.ofDays(1), clock);

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
        final KnowledgeGaps gaps = new RedisKnowledgeGaps(RedisTestServer.template(), prefix, CAPACITY,
                Duration.ofDays(1), clock);

        PhrasingSuggestions suggestions() { return suggestions; }
        DecidedDrafts decisions() { return decisions; }
        KnowledgeGaps gaps() { return gaps; }

        /** What keeps the open list cheap: decided suggestions (kept for months) are not in the open index. */
        @Test
        void theOpenIndexHoldsOnlyTheOpenSuggestions() {
            String first = suggestions.add(suggestion("卡丢了咋整", "demo-010", "alice", NOW)).block(WAIT).suggestion().id();
            String second = suggestions.add(suggestion("年费咋收", "demo-020", "alice", NOW.plusSeconds(1))).block(WAIT)
                    .suggestion().id();
            suggestions.decide(first, Status.DISMISSED, "ed", NOW.plusSeconds(2)).block(WAIT);

            assertThat(RedisTestServer.template().opsForZSet()
                    .range(prefix + "learn:suggestions:open", org.springframework.data.domain.Range.unbounded())
                    .collectList().block(WAIT)).containsExactly(second);
            assertThat(suggestions.list(Status.OPEN).map(PhrasingSuggestion::id).collectList().block(WAIT))
                    .containsExactly(second);
            assertThat(suggestions.list(null).map(PhrasingSuggestion::id).collectList().block(WAIT))
                    .containsExactly(second, first);
        }

        /** A deployment that kept suggestions before the open index existed still lists its open ones. */
        @Test
        void openSuggestionsMadeBeforeTheOpenIndexAreListed() {
            String open = suggestions.add(suggestion("卡丢了咋整", "demo-010", "alice", NOW)).block(WAIT).suggestion().id();
            String decided = suggestions.add(suggestion("年费咋收", "demo-020", "alice", NOW.plusSeconds(1))).block(WAIT)
                    .suggestion().id();
            suggestions.decide(decided, Status.ACCEPTED, "ed", NOW.plusSeconds(2)).block(WAIT);
            RedisTestServer.template().delete(prefix + "learn:suggestions:open").block(WAIT);

            PhrasingSuggestions restarted = new RedisPhrasingSuggestions(RedisTestServer.template(), prefix,
                    Duration.ofDays(90));
            assertThat(restarted.list(Status.OPEN).map(PhrasingSuggestion::id).collectList().block(WAIT))
                    .containsExactly(open);
            assertThat(RedisTestServer.template().hasKey(prefix + "learn:suggestions:open-indexed").block(WAIT)).isTrue();
            assertThat(RedisTestServer.template().opsForZSet()
                    .range(prefix + "learn:suggestions:open", org.springframework.data.domain.Range.unbounded())
                    .collectList().block(WAIT)).containsExactly(open);
        }

        @org.junit.jupiter.api.AfterEach
        void removeKeys() {
            var redis = RedisTestServer.template();
            redis.scan(org.springframework.data.redis.core.ScanOptions.scanOptions().match(prefix + "*").build())
                    .flatMap(redis::delete).blockLast(WAIT);
        }
    }
}
