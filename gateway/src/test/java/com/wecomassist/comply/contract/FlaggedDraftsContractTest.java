package com.wecomassist.comply.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.comply.FlaggedDraft;
import com.wecomassist.comply.FlaggedDrafts;
import com.wecomassist.comply.memory.InMemoryFlaggedDrafts;
import com.wecomassist.comply.redis.RedisFlaggedDrafts;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The compliance officer's recent list, for the in-memory and the Redis adapter. */
class FlaggedDraftsContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-11-24T10:20:00Z");
    static final int CAPACITY = 5;

    static FlaggedDraft draft(int n, String action) {
        String text = "您好，这款理财稳赚不赔。" + n;
        return new FlaggedDraft("d-" + n, NOW.plusSeconds(n), "kf:wkBank:wm" + n, FlaggedDraft.AI_DRAFT, "bot",
                "理财保本吗", text, action,
                List.of(new FlaggedDraft.Finding("return-promise.guarantee", 3, "bank-default@2026.1", action,
                        text.indexOf("稳赚不赔"), text.indexOf("稳赚不赔") + 4, "稳赚不赔", "承诺收益：稳赚不赔")),
                List.of("bank-default@2026.1"), "BLOCK".equals(action) ? "BLOCK" : "APPROVAL");
    }

    abstract static class Contract {

        abstract FlaggedDrafts drafts();

        @Test
        void newestFirstFilteredByActionWithEverythingKept() {
            FlaggedDrafts drafts = drafts();
            drafts.record(draft(1, "BLOCK")).block(WAIT);
            drafts.record(draft(2, "REVIEW")).block(WAIT);
            drafts.record(draft(3, "BLOCK")).block(WAIT);

            assertThat(drafts.recent(Set.of("BLOCK", "REVIEW"), 10).collectList().block(WAIT))
                    .extracting(FlaggedDraft::id).containsExactly("d-3", "d-2", "d-1");
            assertThat(drafts.recent(Set.of("BLOCK"), 10).collectList().block(WAIT))
                    .containsExactly(draft(3, "BLOCK"), draft(1, "BLOCK"));
            assertThat(drafts.recent(Set.of("REVIEW"), 10).collectList().block(WAIT)).containsExactly(draft(2, "REVIEW"));
            assertThat(drafts.recent(Set.of("BLOCK", "REVIEW"), 2).collectList().block(WAIT))
                    .extracting(FlaggedDraft::id).containsExactly("d-3", "d-2");
        }

        @Test
        void keepsOnlyTheLatestUpToItsCapacityEvenWhenWrittenConcurrently() {
            FlaggedDrafts drafts = drafts();
            Flux.range(0, 40).flatMap(i -> drafts.record(draft(i, "BLOCK")), 8).blockLast(WAIT);
            List<FlaggedDraft> kept = drafts.recent(Set.of("BLOCK"), 100).collectList().block(WAIT);
            assertThat(kept).hasSize(CAPACITY);
            drafts.record(draft(99, "REVIEW")).block(WAIT);
            assertThat(drafts.recent(Set.of("BLOCK", "REVIEW"), 100).collectList().block(WAIT))
                    .hasSize(CAPACITY).first().isEqualTo(draft(99, "REVIEW"));
        }

        // ---------------------------------------------------------------- personal data and retention

        static FlaggedDraft checkedIn(String id, String conversation, Instant at) {
            return new FlaggedDraft(id, at, conversation, FlaggedDraft.AI_DRAFT, "bot", "张三问理财保本吗",
                    "您好张三，这款理财稳赚不赔。", "BLOCK", List.of(), List.of("bank-default@2026.1"), "BLOCK");
        }

        @Test
        void aCustomersTextsAreFoundAndForgottenOthersStayInOrder() {
            FlaggedDrafts drafts = drafts();
            drafts.record(checkedIn("d-1", "kf:wkA:wmErase", NOW)).block(WAIT);
            drafts.record(checkedIn("d-2", "kf:wkA:wmKeep", NOW.plusSeconds(1))).block(WAIT);
            drafts.record(checkedIn("d-3", "kf:wkB:wmErase", NOW.plusSeconds(2))).block(WAIT);
            drafts.record(checkedIn("d-4", "kf:wkA:x:wmErase", NOW.plusSeconds(3))).block(WAIT);

            assertThat(drafts.forCustomer("wmErase").map(FlaggedDraft::id).collectList().block(WAIT))
                    .containsExactly("d-3", "d-1");
            assertThat(drafts.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);
            assertThat(drafts.recent(Set.of("BLOCK"), 10).map(FlaggedDraft::id).collectList().block(WAIT))
                    .containsExactly("d-4", "d-2");
            assertThat(drafts.eraseCustomer("wmErase").block(WAIT)).isZero();
        }

        @Test
        void textsPastTheirRetentionAreForgotten() {
            FlaggedDrafts drafts = drafts();
            drafts.record(checkedIn("old", "kf:wkA:wm1", NOW.minus(Duration.ofDays(31)))).block(WAIT);
            drafts.record(checkedIn("new", "kf:wkA:wm2", NOW.minus(Duration.ofDays(1)))).block(WAIT);

            assertThat(drafts.forgetBefore(NOW.minus(Duration.ofDays(30))).block(WAIT)).isEqualTo(1);
            assertThat(drafts.recent(Set.of("BLOCK"), 10).map(FlaggedDraft::id).collectList().block(WAIT))
                    .containsExactly("new");
            assertThat(drafts.forgetBefore(NOW.minus(Duration.ofDays(30))).block(WAIT)).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final FlaggedDrafts drafts = new InMemoryFlaggedDrafts(CAPACITY);

        FlaggedDrafts drafts() { return drafts; }
    }

    @Nested
    class OnRedis extends Contract {
        final FlaggedDrafts drafts = new RedisFlaggedDrafts(RedisTestServer.template(), RedisTestServer.freshPrefix(),
                CAPACITY);

        FlaggedDrafts drafts() { return drafts; }

        /** A page is filled from slices of the list, read newest first until enough are found. */
        @Test
        void aPageIsFoundAcrossSlicesOfTheList() {
            FlaggedDrafts sliced = new RedisFlaggedDrafts(RedisTestServer.template(), RedisTestServer.freshPrefix(),
                    50, 4);
            sliced.record(draft(0, "REVIEW")).block(WAIT);
            for (int i = 1; i <= 20; i++) {
                sliced.record(draft(i, "BLOCK")).block(WAIT);
            }
            assertThat(sliced.recent(Set.of("REVIEW"), 5).collectList().block(WAIT))
                    .containsExactly(draft(0, "REVIEW"));
            assertThat(sliced.recent(Set.of("BLOCK"), 6).collectList().block(WAIT)).extracting(FlaggedDraft::id)
                    .containsExactly("d-20", "d-19", "d-18", "d-17", "d-16", "d-15");
            assertThat(sliced.recent(Set.of("BLOCK", "REVIEW"), 100).collectList().block(WAIT)).hasSize(21);
        }
    }
}
