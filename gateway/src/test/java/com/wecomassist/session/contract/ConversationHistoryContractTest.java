package com.wecomassist.session.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.ConversationTurns;
import com.wecomassist.session.Turn;
import com.wecomassist.session.memory.InMemoryConversationHistory;
import com.wecomassist.session.redis.RedisConversationHistory;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The history port's contract, for the in-memory and the Redis adapter. */
class ConversationHistoryContractTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int MAX_TURNS = 5;

    abstract static class Contract {

        abstract ConversationHistory history();

        @Test
        void keepsTheLastTurnsInOrder() {
            ConversationHistory history = history();
            ConversationKey key = ConversationKey.kf("wkA", "wm1");
            for (int i = 1; i <= MAX_TURNS + 3; i++) {
                history.append(key, Turn.said(i % 2 == 1 ? Turn.Author.CUSTOMER : Turn.Author.BOT, "第" + i + "句",
                        Instant.ofEpochSecond(1_764_000_000L + i), "ref" + i)).block(WAIT);
            }
            List<Turn> turns = history.recent(key).block(WAIT);
            assertThat(turns).extracting(Turn::text).containsExactly("第4句", "第5句", "第6句", "第7句", "第8句");
            assertThat(turns.get(0)).isEqualTo(Turn.said(Turn.Author.BOT, "第4句", Instant.ofEpochSecond(1_764_000_004L), "ref4"));
        }

        @Test
        void keepsConversationsApart() {
            ConversationHistory history = history();
            history.append(ConversationKey.kf("wkA", "wm2"), turn("a")).block(WAIT);
            history.append(ConversationKey.kf("wkB", "wm2"), turn("b")).block(WAIT);
            assertThat(history.recent(ConversationKey.kf("wkA", "wm2")).block(WAIT)).extracting(Turn::text).containsExactly("a");
            assertThat(history.recent(ConversationKey.kf("wkA", "nobody")).block(WAIT)).isEmpty();
        }

        @Test
        void staysBoundedUnderConcurrentAppends() {
            ConversationHistory history = history();
            ConversationKey key = ConversationKey.kf("wkA", "busy");
            Flux.range(0, 40).flatMap(i -> history.append(key, turn("t" + i))).blockLast(WAIT);
            assertThat(history.recent(key).block(WAIT)).hasSize(MAX_TURNS);
        }

        @Test
        void aTurnKeepsItsKind() {
            ConversationHistory history = history();
            ConversationKey key = ConversationKey.kf("wkA", "kinds");
            Instant at = Instant.ofEpochSecond(1_764_000_000L);
            history.append(key, Turn.withoutWords(Turn.Author.CUSTOMER, "[image]", at, "m1")).block(WAIT);
            history.append(key, Turn.said(Turn.Author.CUSTOMER, "[微笑]", at, "m2")).block(WAIT);
            history.append(key, Turn.event("客户进入会话", at, "e1")).block(WAIT);
            assertThat(history.recent(key).block(WAIT)).extracting(Turn::kind)
                    .containsExactly(Turn.Kind.NON_TEXT, Turn.Kind.TEXT, Turn.Kind.EVENT);
        }

        private static Turn turn(String text) {
            return Turn.said(Turn.Author.CUSTOMER, text, Instant.ofEpochSecond(1_764_000_000L), null);
        }

        @Test
        void aCustomersTurnsOnEveryAccountAreFoundAndErasedAndOthersStay() {
            ConversationHistory history = history();
            ConversationKey onA = ConversationKey.kf("wkA", "wmErase");
            ConversationKey onB = ConversationKey.kf("wkB", "wmErase");
            ConversationKey other = ConversationKey.kf("wkA", "wmKeep");
            ConversationKey lookalike = ConversationKey.kf("wkA", "x:wmErase");
            history.append(onA, Turn.said(Turn.Author.CUSTOMER, "我的卡丢了", Instant.ofEpochSecond(1), "m1")).block(WAIT);
            history.append(onA, Turn.said(Turn.Author.BOT, "请拨打挂失电话", Instant.ofEpochSecond(2), "r1")).block(WAIT);
            history.append(onB, turn("查余额")).block(WAIT);
            history.append(other, turn("别人的话")).block(WAIT);
            history.append(lookalike, turn("也是别人的")).block(WAIT);

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
        final ConversationHistory history = new InMemoryConversationHistory(MAX_TURNS, Duration.ofHours(1));

        ConversationHistory history() { return history; }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final ConversationHistory history = new RedisConversationHistory(RedisTestServer.template(), prefix,
                MAX_TURNS, Duration.ofHours(1));

        ConversationHistory history() { return history; }

        /**
         * A long conversation's list grows to twice the turns kept before one append trims it back (an
         * LTRIM every few turns, not with each); reads, exports and erasure see the kept turns only.
         */
        @Test
        void aLongHistoryIsTrimmedNowAndThenAndReadToItsLimit() {
            ConversationKey key = ConversationKey.kf("wkA", "wmLong");
            String list = prefix + "session:history:" + key.id();
            for (int i = 1; i <= 2 * MAX_TURNS; i++) {
                history.append(key, Turn.said(Turn.Author.CUSTOMER, "第" + i + "句", Instant.ofEpochSecond(i), "m" + i))
                        .block(WAIT);
            }
            assertThat(RedisTestServer.template().opsForList().size(list).block(WAIT)).isEqualTo(2L * MAX_TURNS);
            assertThat(history.recent(key).block(WAIT)).extracting(Turn::text)
                    .containsExactly("第6句", "第7句", "第8句", "第9句", "第10句");

            history.append(key, Turn.said(Turn.Author.CUSTOMER, "第11句", Instant.ofEpochSecond(11), "m11")).block(WAIT);
            assertThat(RedisTestServer.template().opsForList().size(list).block(WAIT)).isEqualTo((long) MAX_TURNS);
            assertThat(history.forCustomer("wmLong").blockFirst(WAIT).turns()).extracting(Turn::text)
                    .containsExactly("第7句", "第8句", "第9句", "第10句", "第11句");

            for (int i = 12; i <= 14; i++) {
                history.append(key, Turn.said(Turn.Author.CUSTOMER, "第" + i + "句", Instant.ofEpochSecond(i), "m" + i))
                        .block(WAIT);
            }
            assertThat(history.eraseCustomer("wmLong").block(WAIT)).as("the kept turns").isEqualTo((long) MAX_TURNS);
        }

        /**
         * Turns are read from their JSON when the flow looks at them: the newest can be read although an
         * older one cannot (it fails where it is asked for, not the whole read), and the list is the
         * same, unmodifiable, whichever order it is read in.
         */
        @Test
        void turnsAreReadWhenAskedFor() {
            String key = prefix + "session:history:kf:wkA:lazy";
            RedisTestServer.template().opsForList().rightPushAll(key, "{not json",
                    "{\"author\":\"BOT\",\"text\":\"您好\",\"at\":\"2026-11-24T08:00:01Z\",\"ref\":\"r1\",\"kind\":\"TEXT\"}",
                    "{\"author\":\"CUSTOMER\",\"text\":\"怎么挂失\",\"at\":\"2026-11-24T08:00:02Z\",\"ref\":\"m2\",\"kind\":\"TEXT\"}")
                    .block(WAIT);

            List<Turn> turns = history.recent(ConversationKey.kf("wkA", "lazy")).block(WAIT);

            assertThat(turns).hasSize(3);
            assertThat(turns.get(2)).isEqualTo(Turn.said(Turn.Author.CUSTOMER, "怎么挂失",
                    Instant.parse("2026-11-24T08:00:02Z"), "m2"));
            assertThat(turns.get(1).author()).isEqualTo(Turn.Author.BOT);
            assertThat(turns.get(2)).isSameAs(turns.get(2));
            assertThatThrownBy(() -> turns.get(0)).isInstanceOf(tools.jackson.core.JacksonException.class);
            assertThatThrownBy(() -> turns.add(turns.get(1))).isInstanceOf(UnsupportedOperationException.class);
        }

        /** Turns stored before turns had a kind: a placeholder reads as a message without words, events as events. */
        @Test
        void turnsWrittenWithoutAKindStillRead() {
            String key = prefix + "session:history:kf:wkA:older";
            RedisTestServer.template().opsForList().rightPushAll(key,
                    "{\"author\":\"CUSTOMER\",\"text\":\"[voice]\",\"at\":\"2026-11-24T08:00:00Z\",\"ref\":\"m1\"}",
                    "{\"author\":\"CUSTOMER\",\"text\":\"[微笑]怎么挂失\",\"at\":\"2026-11-24T08:00:01Z\",\"ref\":\"m2\"}",
                    "{\"author\":\"SYSTEM\",\"text\":\"客户进入会话\",\"at\":\"2026-11-24T08:00:02Z\",\"ref\":\"e1\"}")
                    .block(WAIT);
            assertThat(history.recent(ConversationKey.kf("wkA", "older")).block(WAIT)).extracting(Turn::kind)
                    .containsExactly(Turn.Kind.NON_TEXT, Turn.Kind.TEXT, Turn.Kind.EVENT);
        }
    }
}
