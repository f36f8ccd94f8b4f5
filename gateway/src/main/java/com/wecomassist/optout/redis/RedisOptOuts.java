package com.wecomassist.optout.redis;

import com.wecomassist.error.TransientException;
import com.wecomassist.optout.OptOut;
import com.wecomassist.optout.OptOuts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cluster mode: the suppression list in Redis. Keys (under the prefix): {@code optout:<customer>} (hash:
 * {@code source}, {@code reason}, {@code by}, {@code at} in epoch ms while opted out; only {@code in}, the
 * epoch ms they opted back in, after that, for {@link #OPTED_IN_KEPT}) and {@code optouts} (sorted set of
 * the opted-out customers, all at score 0, for paging by key). Each change is one script: decided once,
 * whichever instance writes.
 */
public class RedisOptOuts implements OptOuts {

    /** How long an opt back in is remembered: the bank's late events are hours or days late, not a year. */
    static final Duration OPTED_IN_KEPT = Duration.ofDays(400);

    /** KEYS: the customer's hash, the index. ARGV: customer, source, reason, by, at. Answers the change. */
    private static final RedisScript<String> OPT_OUT = RedisScript.of("""
            if redis.call('HEXISTS', KEYS[1], 'at') == 1 then return 'UNCHANGED' end
            local optedIn = redis.call('HGET', KEYS[1], 'in')
            if optedIn and tonumber(optedIn) > tonumber(ARGV[5]) then return 'STALE' end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'source', ARGV[2], 'reason', ARGV[3], 'by', ARGV[4], 'at', ARGV[5])
            redis.call('ZADD', KEYS[2], 0, ARGV[1])
            return 'APPLIED'
            """, String.class);

    /** KEYS: the customer's hash, the index. ARGV: customer, at, ms to remember it. Answers the change. */
    private static final RedisScript<String> OPT_IN = RedisScript.of("""
            local at = redis.call('HGET', KEYS[1], 'at')
            if not at then return 'UNCHANGED' end
            if tonumber(at) > tonumber(ARGV[2]) then return 'STALE' end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'in', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 'APPLIED'
            """, String.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisOptOuts(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix;
    }

    @Override
    public Mono<OptOut.Change> optOut(OptOut optOut) {
        return redis.execute(OPT_OUT, List.of(customerKey(optOut.externalUserId()), indexKey()),
                        List.of(optOut.externalUserId(), optOut.source().name(),
                                optOut.reason() == null ? "" : optOut.reason(), optOut.by(),
                                Long.toString(optOut.at().toEpochMilli())))
                .next().map(OptOut.Change::valueOf)
                .onErrorMap(e -> new TransientException("opt-out not written to Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<OptOut.Change> optIn(String externalUserId, Instant at) {
        return redis.execute(OPT_IN, List.of(customerKey(externalUserId), indexKey()),
                        List.of(externalUserId, Long.toString(at.toEpochMilli()),
                                Long.toString(OPTED_IN_KEPT.toMillis())))
                .next().map(OptOut.Change::valueOf)
                .onErrorMap(e -> new TransientException("opt-in not written to Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<OptOut> optOutOf(String externalUserId) {
        return redis.<String, String>opsForHash().entries(customerKey(externalUserId))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(fields -> Mono.justOrEmpty(read(externalUserId, fields)))
                .onErrorMap(e -> new TransientException("opt-out not read from Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<List<OptOut>> page(String after, int limit) {
        Range<String> range = Range.of(after == null ? Range.Bound.unbounded() : Range.Bound.exclusive(after),
                Range.Bound.unbounded());
        return redis.opsForZSet().rangeByLex(indexKey(), range, Limit.limit().count(limit))
                .flatMapSequential(this::optOutOf, 16)
                .collectList()
                .onErrorMap(e -> !(e instanceof TransientException),
                        e -> new TransientException("opt-outs not read from Redis: " + e.getMessage(), e));
    }

    /** The opt-out the hash holds; null when it holds none (never, or only an opt back in). */
    private static OptOut read(String customer, Map<String, String> fields) {
        String at = fields.get("at");
        if (at == null) {
            return null;
        }
        String reason = fields.get("reason");
        return new OptOut(customer, OptOut.Source.valueOf(fields.get("source")),
                reason == null || reason.isEmpty() ? null : reason, fields.get("by"),
                Instant.ofEpochMilli(Long.parseLong(at)));
    }

    private String customerKey(String customer) {
        return prefix + "optout:" + customer;
    }

    private String indexKey() {
        return prefix + "optouts";
    }
}
