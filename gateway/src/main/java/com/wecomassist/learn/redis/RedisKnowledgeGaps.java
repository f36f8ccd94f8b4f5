package com.wecomassist.learn.redis;

import com.wecomassist.learn.KnowledgeGap;
import com.wecomassist.learn.KnowledgeGaps;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster's gaps: a hash of id → JSON and a sorted set of the ids by when they were asked.
 * Recording also drops what is too old or beyond the capacity, in the same script, so concurrent
 * instances keep the store bounded.
 */
public class RedisKnowledgeGaps implements KnowledgeGaps {

    private static final RedisScript<Long> RECORD = RedisScript.of("""
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
            local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])
            for _, id in ipairs(old) do redis.call('HDEL', KEYS[1], id) end
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])
            local extra = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
            if extra > 0 then
              local oldest = redis.call('ZRANGE', KEYS[2], 0, extra - 1)
              for _, id in ipairs(oldest) do redis.call('HDEL', KEYS[1], id) end
              redis.call('ZREMRANGEBYRANK', KEYS[2], 0, extra - 1)
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            return 1
            """, Long.class);

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final int READ_AT_ONCE = 500;

    private final ReactiveStringRedisTemplate redis;
    private final String gaps;
    private final String byTime;
    private final int capacity;
    private final Duration retention;
    private final Clock clock;

    public RedisKnowledgeGaps(ReactiveStringRedisTemplate redis, String keyPrefix, int capacity, Duration retention,
                              Clock clock) {
        this.redis = redis;
        this.gaps = keyPrefix + "learn:gaps";
        this.byTime = keyPrefix + "learn:gaps:by-time";
        this.capacity = capacity;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Void> record(KnowledgeGap gap) {
        long oldest = clock.instant().minus(retention).toEpochMilli();
        return Mono.fromCallable(() -> JSON.writeValueAsString(gap))
                .flatMap(json -> redis.execute(RECORD, List.of(gaps, byTime), List.of(gap.id(), json,
                        Long.toString(gap.at().toEpochMilli()), Long.toString(oldest), Integer.toString(capacity),
                        Long.toString(retention.toMillis()))).then());
    }

    @Override
    public Flux<KnowledgeGap> recent() {
        long oldest = clock.instant().minus(retention).toEpochMilli();
        return redis.opsForZSet().reverseRangeByScore(byTime, Range.closed((double) oldest, Double.MAX_VALUE))
                .buffer(READ_AT_ONCE)
                .concatMap(ids -> redis.<String, String>opsForHash().multiGet(gaps, ids)
                        .flatMapIterable(jsons -> {
                            List<KnowledgeGap> read = new ArrayList<>();
                            jsons.stream().filter(Objects::nonNull)
                                    .forEach(json -> read.add(JSON.readValue(json, KnowledgeGap.class)));
                            return read;
                        }));
    }

    @Override
    public Mono<Long> dismiss(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        Object[] members = ids.toArray();
        return redis.opsForZSet().remove(byTime, members)
                .flatMap(removed -> redis.opsForHash().remove(gaps, members).thenReturn(removed));
    }
}
