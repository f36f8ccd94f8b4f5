package com.wecomassist.strategy.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.strategy.StrategyPublication;
import com.wecomassist.strategy.StrategyStore;
import com.wecomassist.strategy.StrategyVersion;
import com.wecomassist.strategy.memory.InMemoryStrategyStore;
import com.wecomassist.strategy.redis.RedisStrategyStore;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The strategy store's contract, for the in-memory and the Redis adapter. */
class StrategyStoreContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T = Instant.parse("2026-12-07T01:00:00Z");

    abstract static class Contract {

        abstract StrategyStore store();

        @Test
        void versionsAreNumberedKeptAndListed() {
            StrategyStore store = store();
            assertThat(store.draft("s-1", "{\"v\":1}", "olga", T).block(WAIT).version()).isEqualTo(1);
            assertThat(store.draft("s-1", "{\"v\":2}", "otto", T.plusSeconds(1)).block(WAIT).version()).isEqualTo(2);
            store.draft("a-0", "{}", "olga", T).block(WAIT);
            assertThat(store.ids().collectList().block(WAIT)).containsExactly("a-0", "s-1");
            assertThat(store.versions("s-1").collectList().block(WAIT)).extracting(StrategyVersion::spec)
                    .containsExactly("{\"v\":1}", "{\"v\":2}");
            assertThat(store.version("s-1", 2).block(WAIT)).isEqualTo(new StrategyVersion("s-1", 2, "{\"v\":2}", "otto",
                    T.plusSeconds(1)));
            assertThat(store.version("s-1", 3).blockOptional(WAIT)).isEmpty();
        }

        @Test
        void twoAuthorsDraftingAtOnceGetTwoVersions() {
            StrategyStore store = store();
            List<Long> versions = Flux.range(0, 20).flatMap(i -> store.draft("busy", "{}", "olga", T))
                    .map(StrategyVersion::version).collectList().block(WAIT);
            assertThat(versions).doesNotHaveDuplicates().hasSize(20);
        }

        @Test
        void aPublicationWinsOnlyOverTheOneItExpectedAndStoppingIsAPublicationToo() {
            StrategyStore store = store();
            StrategyPublication first = new StrategyPublication("p-1", 1, "{}", "olga", "otto", true, T);
            assertThat(store.publish(first, 0).block(WAIT)).isTrue();
            StrategyPublication second = new StrategyPublication("p-1", 2, "{}", "olga", "otto", true, T);
            assertThat(store.publish(second, 0).block(WAIT)).isFalse();
            assertThat(store.publish(second, 1).block(WAIT)).isTrue();
            StrategyPublication stopped = new StrategyPublication("p-1", 2, "{}", "olga", "otto", false, T);
            assertThat(store.publish(stopped, 2).block(WAIT)).isTrue();
            assertThat(store.published().collectList().block(WAIT)).containsExactly(stopped);
            assertThat(store.publications("p-1").collectList().block(WAIT)).containsExactly(first, second, stopped);
            assertThat(store.publicationCount().block(WAIT)).isEqualTo(3);
        }

        @Test
        void ofTwoReviewersPublishingAtOnceOneWins() {
            StrategyStore store = store();
            List<CompletableFuture<Boolean>> racing = IntStream.range(0, 8).mapToObj(i -> store.publish(
                    new StrategyPublication("race", 1, "{}", "olga", "r" + i, true, T), 0).toFuture()).toList();
            assertThat(racing.stream().filter(CompletableFuture::join).count()).isEqualTo(1);
        }
    }

    @Nested
    class InMemory extends Contract {
        final StrategyStore store = new InMemoryStrategyStore();

        @Override
        StrategyStore store() {
            return store;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final StrategyStore store = new RedisStrategyStore(RedisTestServer.template(), RedisTestServer.freshPrefix());

        @Override
        StrategyStore store() {
            return store;
        }
    }
}
