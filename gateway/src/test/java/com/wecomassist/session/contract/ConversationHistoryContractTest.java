package com.wecomassist.session.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.session.ConversationHistory;
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
                history.append(key, new Turn(i % 2 == 1 ? Turn.Author.CUSTOMER : Turn.Author.BOT, "第" + i + "句",
                        Instant.ofEpochSecond(1_764_000_000L + i), "ref" + i)).block(WAIT);
            }
            List<Turn> turns = history.recent(key).block(WAIT);
            assertThat(turns).extracting(Turn::text).containsExactly("第4句", "第5句", "第6句", "第7句", "第8句");
            assertThat(turns.get(0)).isEqualTo(new Turn(Turn.Author.BOT, "第4句", Instant.ofEpochSecond(1_764_000_004L), "ref4"));
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

        private static Turn turn(String text) {
            return new Turn(Turn.Author.CUSTOMER, text, Instant.ofEpochSecond(1_764_000_000L), null);
        }
    }

    @Nested
    class InMemory extends Contract {
        final ConversationHistory history = new InMemoryConversationHistory(MAX_TURNS, Duration.ofHours(1));

        ConversationHistory history() { return history; }
    }

    @Nested
    class OnRedis extends Contract {
        final ConversationHistory history = new RedisConversationHistory(RedisTestServer.template(),
                RedisTestServer.freshPrefix(), MAX_TURNS, Duration.ofHours(1));

        ConversationHistory history() { return history; }
    }
}
