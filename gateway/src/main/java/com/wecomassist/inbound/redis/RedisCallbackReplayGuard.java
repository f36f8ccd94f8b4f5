package com.wecomassist.inbound.redis;

import com.wecomassist.inbound.CallbackReplayGuard;
import java.time.Duration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/** Cluster-mode replay guard: a replay may reach any instance, so the record lives in Redis. */
public class RedisCallbackReplayGuard implements CallbackReplayGuard {

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisCallbackReplayGuard(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix + "inbound:callback:";
    }

    @Override
    public Mono<Boolean> firstUse(String timestamp, String nonce, String signature, Duration window) {
        return redis.opsForValue().setIfAbsent(key(timestamp, nonce, signature), "1", window);
    }

    @Override
    public Mono<Void> release(String timestamp, String nonce, String signature) {
        return redis.delete(key(timestamp, nonce, signature)).then();
    }

    private String key(String timestamp, String nonce, String signature) {
        return prefix + timestamp + ':' + nonce + ':' + signature;
    }
}
