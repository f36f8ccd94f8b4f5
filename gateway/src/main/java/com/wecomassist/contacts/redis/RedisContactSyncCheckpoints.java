package com.wecomassist.contacts.redis;

import com.wecomassist.contacts.ContactSyncCheckpoints;
import com.wecomassist.contacts.SyncProgress;
import com.wecomassist.error.TransientException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Cluster mode: the checkpoint as JSON in {@code contacts:sync}, so that any instance can resume the run. */
public class RedisContactSyncCheckpoints implements ContactSyncCheckpoints {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReactiveStringRedisTemplate redis;
    private final String key;

    public RedisContactSyncCheckpoints(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.key = keyPrefix + "contacts:sync";
    }

    @Override
    public Mono<SyncProgress> load() {
        return redis.opsForValue().get(key).map(json -> JSON.readValue(json, SyncProgress.class))
                .onErrorMap(e -> new TransientException("contact sync checkpoint not read from Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Void> save(SyncProgress progress) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(progress))
                .flatMap(json -> redis.opsForValue().set(key, json))
                .then()
                .onErrorMap(e -> new TransientException("contact sync checkpoint not written to Redis: " + e.getMessage(), e));
    }
}
