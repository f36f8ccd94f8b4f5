package com.wecomassist.conversation.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** When a pushed list's expiry is (re)set, against a real Redis. */
class ListExpiryTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ReactiveStringRedisTemplate redis = RedisTestServer.template();
    private final String key = RedisTestServer.freshPrefix() + "list";

    private void push(ListExpiry expiry, String value) {
        long length = redis.opsForList().rightPush(key, value).block(WAIT);
        expiry.pushed(key, length, 1).block(WAIT);
    }

    private Duration ttl() {
        return redis.getExpire(key).block(WAIT);
    }

    @Test
    void theFirstPushSetsTheExpiryAndTheNextOnesWithinTheIntervalDoNot() {
        ListExpiry expiry = new ListExpiry(redis, Duration.ofHours(1));
        push(expiry, "a");
        assertThat(ttl()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));

        redis.persist(key).block(WAIT); // stands for "not renewed": a renewal would set it again
        push(expiry, "b");
        assertThat(ttl()).as("no expiry (persisted, not renewed)").isLessThanOrEqualTo(Duration.ZERO);
    }

    @Test
    void aPushThatCreatesTheListAgainSetsItsExpiryWhateverWasRemembered() {
        ListExpiry expiry = new ListExpiry(redis, Duration.ofHours(1));
        push(expiry, "a");
        redis.delete(key).block(WAIT); // expired or erased
        push(expiry, "b");
        assertThat(ttl()).isPositive();
    }

    @Test
    void severalValuesPushedAtOnceIntoANewListCountAsCreatingIt() {
        ListExpiry expiry = new ListExpiry(redis, Duration.ofHours(1));
        push(expiry, "a");
        redis.delete(key).block(WAIT);
        long length = redis.opsForList().rightPushAll(key, "b", "c", "d").block(WAIT);
        expiry.pushed(key, length, 3).block(WAIT);
        assertThat(ttl()).isPositive();
    }

    @Test
    void anotherInstanceWithoutARenewalOnRecordSetsIt() {
        push(new ListExpiry(redis, Duration.ofHours(1)), "a");
        redis.persist(key).block(WAIT);
        push(new ListExpiry(redis, Duration.ofHours(1)), "b");
        assertThat(ttl()).isPositive();
    }

    @Test
    void theExpiryIsRenewedOnceTheIntervalPassed() throws InterruptedException {
        ListExpiry expiry = new ListExpiry(redis, Duration.ofSeconds(2));
        assertThat(expiry.renewEvery()).isEqualTo(Duration.ofMillis(200));
        push(expiry, "a");
        redis.persist(key).block(WAIT);
        Thread.sleep(250);
        push(expiry, "b");
        assertThat(ttl()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theIntervalIsATenthOfTheTtlAndAtMostAMinute() {
        assertThat(new ListExpiry(redis, Duration.ofDays(7)).renewEvery()).isEqualTo(Duration.ofMinutes(1));
        assertThat(new ListExpiry(redis, Duration.ofMinutes(5)).renewEvery()).isEqualTo(Duration.ofSeconds(30));
    }
}
