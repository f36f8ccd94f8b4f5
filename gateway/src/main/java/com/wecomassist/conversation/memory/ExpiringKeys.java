package com.wecomassist.conversation.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;

/**
 * A set of keys that each expire after their own time to live, for the in-memory once-marks and replay
 * guard. Caffeine does the expiry and the bookkeeping; the atomic add is {@code asMap().putIfAbsent}.
 */
public final class ExpiringKeys {

    private final Cache<String, Duration> keys = Caffeine.newBuilder()
            .expireAfter(Expiry.<String, Duration>creating((key, ttl) -> ttl))
            .build();

    /** Adds the key; true when it was absent (or had expired). */
    public boolean add(String key, Duration ttl) {
        return keys.asMap().putIfAbsent(key, ttl) == null;
    }

    /** True when the key was added and has not expired or been removed since. */
    public boolean contains(String key) {
        return keys.getIfPresent(key) != null;
    }

    public void remove(String key) {
        keys.invalidate(key);
    }
}
