package com.wecomassist.wecom.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.testing.RedisTestServer;
import com.wecomassist.wecom.AccessToken;
import com.wecomassist.wecom.AccessTokenStore;
import com.wecomassist.wecom.memory.InMemoryAccessTokenStore;
import com.wecomassist.wecom.redis.RedisAccessTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The token store's contract, for the in-memory and the Redis adapter. */
class AccessTokenStoreContractTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    abstract static class Contract {

        abstract AccessTokenStore store();

        @Test
        void keepsATokenAndDropsItOnlyIfItIsStillTheFailedOne() {
            AccessTokenStore store = store();
            assertThat(store.get("corp:abc").blockOptional(WAIT)).isEmpty();
            AccessToken first = new AccessToken("T1", Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS));
            store.put("corp:abc", first).block(WAIT);
            assertThat(store.get("corp:abc").block(WAIT)).isEqualTo(first);
            AccessToken second = new AccessToken("T2", first.expiresAt());
            store.put("corp:abc", second).block(WAIT);
            store.invalidate("corp:abc", "T1").block(WAIT); // someone else already refreshed: keep T2
            assertThat(store.get("corp:abc").block(WAIT)).isEqualTo(second);
            store.invalidate("corp:abc", "T2").block(WAIT);
            assertThat(store.get("corp:abc").blockOptional(WAIT)).isEmpty();
        }

        @Test
        void keepsAccountsApart() {
            AccessTokenStore store = store();
            AccessToken a = new AccessToken("A", Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS));
            store.put("corp:a", a).block(WAIT);
            assertThat(store.get("corp:b").blockOptional(WAIT)).isEmpty();
            assertThat(store.get("corp:a").block(WAIT)).isEqualTo(a);
        }
    }

    @Nested
    class InMemory extends Contract {
        final AccessTokenStore store = new InMemoryAccessTokenStore();

        AccessTokenStore store() { return store; }
    }

    @Nested
    class OnRedis extends Contract {
        final AccessTokenStore store = new RedisAccessTokenStore(RedisTestServer.template(),
                RedisTestServer.freshPrefix(), Clock.systemUTC());

        AccessTokenStore store() { return store; }
    }
}
