package com.wecomassist.session.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.ConversationTurns;
import com.wecomassist.session.Turn;
import com.wecomassist.session.memory.InMemoryConversationHistory;
import com.wecomassist.session.redis.RedisConversationHistory;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One customer's history on every account they wrote to: exported whole, erased without touching anyone else's. */
class ConversationHistoryCustomerDataContractTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant AT = Instant.parse("2026-11-24T08:00:00Z");

    abstract static class Contract {

        abstract ConversationHistory history();

        @Test
        void everyTurnOfTheCustomerIsFoundAndErasedAndOthersStay() {
            ConversationHistory history = history();
            ConversationKey onA = ConversationKey.kf("wkA", "wmErase");
            ConversationKey onB = ConversationKey.kf("wkB", "wmErase");
            ConversationKey other = ConversationKey.kf("wkA", "wmKeep");
            ConversationKey lookalike = ConversationKey.kf("wkA", "x:wmErase");
            history.append(onA, Turn.said(Turn.Author.CUSTOMER, "我的卡丢了", AT, "m1")).block(WAIT);
            history.append(onA, Turn.said(Turn.Author.BOT, "请拨打挂失电话", AT, "r1")).block(WAIT);
            history.append(onB, Turn.said(Turn.Author.CUSTOMER, "查余额", AT, "m2")).block(WAIT);
            history.append(other, Turn.said(Turn.Author.CUSTOMER, "别人的话", AT, "m3")).block(WAIT);
            history.append(lookalike, Turn.said(Turn.Author.CUSTOMER, "也是别人的", AT, "m4")).block(WAIT);

            assertThat(history.forCustomer("wmErase").collectList().block(WAIT)).containsExactly(
                    new ConversationTurns(onA, history.recent(onA).block(WAIT)),
                    new ConversationTurns(onB, history.recent(onB).block(WAIT)));
            assertThat(history.eraseCustomer("wmErase").block(WAIT)).isEqualTo(3);

            assertThat(history.forCustomer("wmErase").collectList().block(WAIT)).isEmpty();
            assertThat(history.recent(onA).block(WAIT)).isEmpty();
            assertThat(history.recent(other).block(WAIT)).extracting(Turn::text).containsExactly("别人的话");
            assertThat(history.recent(lookalike).block(WAIT)).extracting(Turn::text).containsExactly("也是别人的");
            assertThat(history.eraseCustomer("wmErase").block(WAIT)).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final ConversationHistory history = new InMemoryConversationHistory(5, Duration.ofHours(1));

        ConversationHistory history() { return history; }
    }

    @Nested
    class OnRedis extends Contract {
        final ConversationHistory history = new RedisConversationHistory(RedisTestServer.template(),
                RedisTestServer.freshPrefix(), 5, Duration.ofHours(1));

        ConversationHistory history() { return history; }
    }
}
