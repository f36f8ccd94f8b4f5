package com.wecomassist.inbound.redis;

import com.wecomassist.inbound.SyncCursorStore;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cluster-mode cursors: whichever instance syncs next continues where the last one stopped. The
 * accounts are one set ({@code <key-prefix>inbound:accounts}) every instance adds to and sweeps.
 */
public class RedisSyncCursorStore implements SyncCursorStore {

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final String accountsKey;

    public RedisSyncCursorStore(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix + "inbound:cursor:";
        this.accountsKey = keyPrefix + "inbound:accounts";
    }

    @Override
    public Mono<String> cursor(String openKfId) {
        return redis.opsForValue().get(prefix + openKfId);
    }

    @Override
    public Mono<Void> save(String openKfId, String cursor) {
        return redis.opsForValue().set(prefix + openKfId, cursor).then();
    }

    @Override
    public Mono<Void> remember(String openKfId) {
        return redis.opsForSet().add(accountsKey, openKfId).then();
    }

    @Override
    public Flux<String> accounts() {
        return redis.opsForSet().members(accountsKey);
    }
}
