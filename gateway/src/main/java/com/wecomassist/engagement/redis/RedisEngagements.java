package com.wecomassist.engagement.redis;

import com.wecomassist.engagement.Engagement;
import com.wecomassist.engagement.Engagements;
import com.wecomassist.error.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cluster mode: engagements in Redis, one hash per customer ({@code engagement:<customer>} under the prefix):
 * field {@code <employee>|<source>|<epoch day>} → the first epoch ms of that day, expiring
 * {@link Engagements#KEPT_DAYS} days after the last write. A write is one script (the earlier time wins,
 * whichever instance writes).
 */
public class RedisEngagements implements Engagements {

    /** KEYS: the customer's hash. ARGV: field, epoch ms, ms to keep. */
    private static final RedisScript<Long> RECORD = RedisScript.of("""
            local kept = redis.call('HGET', KEYS[1], ARGV[1])
            if (not kept) or tonumber(kept) > tonumber(ARGV[2]) then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """, Long.class);

    /** KEYS: the customer's hash. Answers how many engagements it held. */
    private static final RedisScript<Long> ERASE = RedisScript.of("""
            local n = redis.call('HLEN', KEYS[1])
            redis.call('DEL', KEYS[1])
            return n
            """, Long.class);

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisEngagements(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix;
    }

    @Override
    public Mono<Void> record(Engagement e) {
        long at = e.at().toEpochMilli();
        String field = e.employee() + "|" + e.source().name() + "|" + Math.floorDiv(at, DAY_MS);
        return redis.execute(RECORD, List.of(key(e.customer())),
                        List.of(field, Long.toString(at), Long.toString(Duration.ofDays(KEPT_DAYS).toMillis())))
                .then()
                .onErrorMap(x -> new TransientException("engagement not written to Redis: " + x.getMessage(), x));
    }

    @Override
    public Flux<Engagement> of(String customer) {
        return redis.<String, String>opsForHash().entries(key(customer))
                .map(field -> read(customer, field))
                .sort(Comparator.comparing(Engagement::at))
                .onErrorMap(x -> new TransientException("engagements not read from Redis: " + x.getMessage(), x));
    }

    @Override
    public Mono<Long> erase(String customer) {
        return redis.execute(ERASE, List.of(key(customer)), List.of()).next()
                .onErrorMap(x -> new TransientException("engagements not erased in Redis: " + x.getMessage(), x));
    }

    private static Engagement read(String customer, Map.Entry<String, String> field) {
        String[] parts = field.getKey().split("\\|", 3);
        return new Engagement(parts[0], customer, Instant.ofEpochMilli(Long.parseLong(field.getValue())),
                Engagement.Source.valueOf(parts[1]));
    }

    private String key(String customer) {
        return prefix + "engagement:" + customer;
    }
}
