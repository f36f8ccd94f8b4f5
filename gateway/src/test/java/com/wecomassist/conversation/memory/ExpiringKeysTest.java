package com.wecomassist.conversation.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExpiringKeysTest {

    private final AtomicLong nanos = new AtomicLong(1_000);

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void aKeyIsAddedOnceUntilItExpires() {
        ExpiringKeys keys = new ExpiringKeys("keys", "nothing", 10, nanos::get);
        assertThat(keys.add("msg-1", Duration.ofSeconds(5))).isTrue();
        assertThat(keys.add("msg-1", Duration.ofSeconds(5))).isFalse();
        assertThat(keys.contains("msg-1")).isTrue();

        advance(Duration.ofMillis(4_999));
        assertThat(keys.contains("msg-1")).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(keys.contains("msg-1")).isFalse();
        assertThat(keys.add("msg-1", Duration.ofSeconds(5))).isTrue();
        assertThat(keys.contains("msg-1")).isTrue();
    }

    @Test
    void aRemovedKeyCanBeAddedAgain() {
        ExpiringKeys keys = new ExpiringKeys("keys", "nothing", 10, nanos::get);
        keys.add("nonce", Duration.ofMinutes(5));
        keys.remove("nonce");
        assertThat(keys.contains("nonce")).isFalse();
        assertThat(keys.add("nonce", Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void whenFullTheKeyAddedLongestAgoGoesFirstAndIsCounted() {
        ExpiringKeys keys = new ExpiringKeys("keys", "nothing", 1_000, nanos::get);
        keys.add("first", Duration.ofHours(72));
        for (int i = 1; i < 1_000; i++) {
            assertThat(keys.add("k" + i, Duration.ofHours(72))).isTrue();
        }
        // full: every key, the first included, still held
        assertThat(keys.contains("first")).isTrue();
        assertThat(keys.droppedEarly()).isZero();

        assertThat(keys.add("newest", Duration.ofHours(72))).isTrue();
        assertThat(keys.contains("first")).isFalse();
        assertThat(keys.contains("k1")).isTrue();
        assertThat(keys.contains("newest")).isTrue();
        assertThat(keys.size()).isEqualTo(1_000);
        assertThat(keys.droppedEarly()).isEqualTo(1);
    }

    @Test
    void aKeyJustAddedSurvivesAsManyNewerKeysAsTheBoundHolds() {
        ExpiringKeys keys = new ExpiringKeys("keys", "nothing", 100, nanos::get);
        for (int i = 0; i < 500; i++) {
            keys.add("old" + i, Duration.ofHours(72));
        }
        keys.add("mark", Duration.ofHours(72));
        for (int i = 0; i < 99; i++) {
            keys.add("new" + i, Duration.ofHours(72));
            assertThat(keys.contains("mark")).as("after %d newer keys", i + 1).isTrue();
        }
    }

    @Test
    void expiredKeysAreForgottenRatherThanCountedAsDroppedEarly() {
        ExpiringKeys keys = new ExpiringKeys("keys", "nothing", 3, nanos::get);
        keys.add("a", Duration.ofSeconds(1));
        keys.add("b", Duration.ofSeconds(1));
        keys.add("c", Duration.ofSeconds(1));
        advance(Duration.ofSeconds(2));
        keys.add("d", Duration.ofSeconds(1));
        keys.add("e", Duration.ofSeconds(1));
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.droppedEarly()).isZero();
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatThrownBy(() -> new ExpiringKeys("keys", "nothing", 0, nanos::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
