package com.wecomassist.inbound.redis;

import com.wecomassist.inbound.KfSyncLock;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Cluster-mode lock: a key holding the owner, with the lease as its time to live. Taking,
 * renewing and releasing compare the owner inside one Lua script, so no instance can take or
 * drop a lock another holds.
 */
public class RedisKfSyncLock implements KfSyncLock {

    /** A free lock (the usual case) costs the one SET; a renewal reads the holder first. */
    private static final RedisScript<Long> ACQUIRE = RedisScript.of("""
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return 1
            end
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """, Long.class);

    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisKfSyncLock(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix + "inbound:lock:";
    }

    @Override
    public Mono<Boolean> tryAcquire(String openKfId, String owner, Duration lease) {
        return redis.execute(ACQUIRE, List.of(prefix + openKfId), List.of(owner, Long.toString(lease.toMillis())))
                .next()
                .map(taken -> taken == 1L);
    }

    @Override
    public Mono<Void> release(String openKfId, String owner) {
        return redis.execute(RELEASE, List.of(prefix + openKfId), List.of(owner)).then();
    }
}
