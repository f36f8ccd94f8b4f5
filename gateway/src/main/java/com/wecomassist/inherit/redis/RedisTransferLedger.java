package com.wecomassist.inherit.redis;

import com.wecomassist.inherit.TransferLedger;
import java.time.Duration;
import java.time.Instant;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * The cluster's ledger: one sorted set per customer, {@code <prefix>inherit:ledger:<external_userid>},
 * member the job id, score the start in epoch seconds. It expires {@code keep} after its newest entry,
 * so customers transferred long ago take no room.
 */
public class RedisTransferLedger implements TransferLedger {

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration keep;

    public RedisTransferLedger(ReactiveStringRedisTemplate redis, String keyPrefix, Duration keep) {
        this.redis = redis;
        this.prefix = keyPrefix + "inherit:ledger:";
        this.keep = keep;
    }

    @Override
    public Mono<Void> record(String externalUserId, String jobId, Instant at) {
        String key = prefix + externalUserId;
        return redis.opsForZSet().add(key, jobId, at.getEpochSecond())
                .then(redis.expire(key, keep))
                .then();
    }

    @Override
    public Mono<Long> countSince(String externalUserId, Instant since) {
        return redis.opsForZSet().count(prefix + externalUserId,
                Range.closed((double) since.getEpochSecond(), Double.POSITIVE_INFINITY));
    }
}
