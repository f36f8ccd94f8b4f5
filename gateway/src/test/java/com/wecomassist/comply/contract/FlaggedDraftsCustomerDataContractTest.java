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

/**
 * The compliance officer's checked texts as personal data: a customer's are found and forgotten, and
 * every text is forgotten once past its retention, so a quiet list keeps no customer's text for ever.
 */
class FlaggedDraftsCustomerDataContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-11-24T10:20:00Z");
    private static final Set<String> ALL = Set.of("BLOCK", "REVIEW");

    static FlaggedDraft text(String id, String conversation, Instant at) {
        return new FlaggedDraft(id, at, conversation, FlaggedDraft.AI_DRAFT, "bot", "张三问理财保本吗",
                "您好张三，这款理财稳赚不赔。", "BLOCK", List.of(), List.of("bank-default@2026.1"), "BLOCK");
    }

    abstract static class Contract {

        abstract FlaggedDrafts drafts();

        @Test
        void aCustomersTextsAreFoundAndForgottenOthersStayInOrder() {
            FlaggedDrafts drafts = drafts();
            drafts.record(text("d-1", "kf:wkA:wmErase", NOW)).block(WAIT);
            drafts.record(text("d-2", "kf:wkA:wmKeep", NOW.plusSeconds(1))).block(WAIT);
            drafts.record(text("d-3", "kf:wkB:wmErase", NOW.plusSeconds(2))).block(WAIT);
            drafts.record(text("d-4", "kf:wkA:x:wmErase", NOW.plusSeconds(3))).block(WAIT);

            assertThat(drafts.forCustomer("wmErase").map(FlaggedDraft::id).collectList().block(WAIT))
                    .containsExactly("d-3", "d-1");
            assertThat(drafts.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);
            assertThat(drafts.recent(ALL, 10).map(FlaggedDraft::id).collectList().block(WAIT))
                    .containsExactly("d-4", "d-2");
            assertThat(drafts.eraseCustomer("wmErase").block(WAIT)).isZero();
        }

        @Test
        void textsPastTheirRetentionAreForgotten() {
            FlaggedDrafts drafts = drafts();
            drafts.record(text("old", "kf:wkA:wm1", NOW.minus(Duration.ofDays(31)))).block(WAIT);
            drafts.record(text("new", "kf:wkA:wm2", NOW.minus(Duration.ofDays(1)))).block(WAIT);

            assertThat(drafts.forgetBefore(NOW.minus(Duration.ofDays(30))).block(WAIT)).isEqualTo(1);
            assertThat(drafts.recent(ALL, 10).map(FlaggedDraft::id).collectList().block(WAIT)).containsExactly("new");
            assertThat(drafts.forgetBefore(NOW.minus(Duration.ofDays(30))).block(WAIT)).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final FlaggedDrafts drafts = new InMemoryFlaggedDrafts(10);

        FlaggedDrafts drafts() { return drafts; }
    }

    @Nested
    class OnRedis extends Contract {
        final FlaggedDrafts drafts = new RedisFlaggedDrafts(RedisTestServer.template(), RedisTestServer.freshPrefix(),
                RedisFlaggedDrafts.PASSED, 10);

        FlaggedDrafts drafts() { return drafts; }
    }
}
