package com.wecomassist.inbound.redis;

import com.wecomassist.inbound.MessageDedupe;
import java.time.Duration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/** Cluster-mode dedupe: SET NX with a time to live is atomic across instances. */
public class RedisMessageDedupe implements MessageDedupe {

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisMessageDedupe(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix + "inbound:seen:";
    }

    @Override
    public Mono<Boolean> firstSeen(String messageId, Duration ttl) {
        return redis.opsForValue().setIfAbsent(prefix + messageId, "1", ttl);
    }

    @Override
    public Mono<Void> forget(String messageId) {
        return redis.delete(prefix + messageId).then();
    }
}
