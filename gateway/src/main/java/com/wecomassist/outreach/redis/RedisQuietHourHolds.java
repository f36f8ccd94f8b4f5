package com.wecomassist.outreach.redis;

import com.wecomassist.error.AssistException;
import com.wecomassist.error.TransientException;
import com.wecomassist.outreach.HeldEvent;
import com.wecomassist.outreach.QuietHourHolds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode: the held events in Redis, {@code outreach:held} (sorted set of ids by when they are due)
 * and {@code outreach:held-event} (hash id → the event as JSON). Holding and lending are one script each,
 * so an event is never due without its body, and two instances never lend the same one at once.
 */
public class RedisQuietHourHolds implements QuietHourHolds {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** KEYS: due set, bodies. ARGV: id, due (epoch ms), body. */
    private static final RedisScript<Long> HOLD = RedisScript.of("""
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            return 1
            """, Long.class);

    /**
     * KEYS: due set, bodies. ARGV: now, limit, loan end (epoch ms). The bodies of the due ones, each now due
     * again only at the loan's end; an id without a body (released meanwhile) is dropped.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> LEND = RedisScript.of("""
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
            local out = {}
            for _, id in ipairs(ids) do
              local body = redis.call('HGET', KEYS[2], id)
              if body then
                redis.call('ZADD', KEYS[1], ARGV[3], id)
                table.insert(out, body)
              else
                redis.call('ZREM', KEYS[1], id)
              end
            end
            return out
            """, List.class);

    private final ReactiveStringRedisTemplate redis;
    private final String dueKey;
    private final String bodyKey;

    public RedisQuietHourHolds(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.dueKey = keyPrefix + "outreach:held";
        this.bodyKey = keyPrefix + "outreach:held-event";
    }

    @Override
    public Mono<Void> hold(HeldEvent held) {
        return redis.execute(HOLD, List.of(dueKey, bodyKey), List.of(held.id(),
                        Long.toString(held.notBefore().toEpochMilli()), JSON.writeValueAsString(held)))
                .then()
                .onErrorMap(RedisQuietHourHolds::transientUnlessOurs);
    }

    @Override
    public Flux<HeldEvent> due(Instant now, int limit, Duration loan) {
        return redis.execute(LEND, List.of(dueKey, bodyKey), List.of(Long.toString(now.toEpochMilli()),
                        Integer.toString(limit), Long.toString(now.plus(loan).toEpochMilli())))
                .flatMapIterable(bodies -> (List<?>) bodies)
                .map(body -> JSON.readValue(String.valueOf(body), HeldEvent.class))
                .onErrorMap(RedisQuietHourHolds::transientUnlessOurs);
    }

    @Override
    public Mono<Void> release(String id) {
        // the body first: an id left without one is dropped by the next look
        return redis.opsForHash().remove(bodyKey, id)
                .then(redis.opsForZSet().remove(dueKey, id))
                .then()
                .onErrorMap(RedisQuietHourHolds::transientUnlessOurs);
    }

    @Override
    public Mono<Long> size() {
        return redis.opsForZSet().size(dueKey).onErrorMap(RedisQuietHourHolds::transientUnlessOurs);
    }

    private static Throwable transientUnlessOurs(Throwable e) {
        return e instanceof AssistException ? e
                : new TransientException("the held outreach events are not reachable in Redis: " + e.getMessage(), e);
    }
}
