package com.wecomassist.wecom.redis;

import com.wecomassist.wecom.AccessToken;
import com.wecomassist.wecom.AccessTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Cluster-mode token cache: all instances share one access token per account, stored as
 * {@code expiresAtMillis|token} and expiring with it. Invalidation compares the value in a script,
 * so an instance never drops a token another instance has just refreshed.
 */
public class RedisAccessTokenStore implements AccessTokenStore {

    private static final RedisScript<Long> DELETE_IF_SAME = RedisScript.of("""
            local value = redis.call('GET', KEYS[1])
            if value ~= false and string.sub(value, string.find(value, '|', 1, true) + 1) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Clock clock;

    public RedisAccessTokenStore(ReactiveStringRedisTemplate redis, String keyPrefix, Clock clock) {
        this.redis = redis;
        this.prefix = keyPrefix + "wecom:token:";
        this.clock = clock;
    }

    @Override
    public Mono<AccessToken> get(String key) {
        return redis.opsForValue().get(prefix + key).mapNotNull(value -> {
            int bar = value.indexOf('|');
            if (bar < 0) {
                return null; // not ours: treat as absent, a refresh overwrites it
            }
            return new AccessToken(value.substring(bar + 1), Instant.ofEpochMilli(Long.parseLong(value.substring(0, bar))));
        });
    }

    @Override
    public Mono<Void> put(String key, AccessToken token) {
        Duration ttl = Duration.between(clock.instant(), token.expiresAt());
        if (ttl.isNegative() || ttl.isZero()) {
            return Mono.empty();
        }
        return redis.opsForValue().set(prefix + key, token.expiresAt().toEpochMilli() + "|" + token.value(), ttl).then();
    }

    @Override
    public Mono<Void> invalidate(String key, String failedValue) {
        return redis.execute(DELETE_IF_SAME, List.of(prefix + key), List.of(failedValue)).then();
    }
}
