package com.wecomassist.inbound.redis;

import com.wecomassist.inbound.SyncCursorStore;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/** Cluster-mode cursors: whichever instance syncs next continues where the last one stopped. */
public class RedisSyncCursorStore implements SyncCursorStore {

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisSyncCursorStore(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix + "inbound:cursor:";
    }

    @Override
    public Mono<String> cursor(String openKfId) {
        return redis.opsForValue().get(prefix + openKfId);
    }

    @Override
    public Mono<Void> save(String openKfId, String cursor) {
        return redis.opsForValue().set(prefix + openKfId, cursor).then();
    }
}
