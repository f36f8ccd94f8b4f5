package com.wecomassist.strategy.redis;

import com.wecomassist.error.AssistException;
import com.wecomassist.error.TransientException;
import com.wecomassist.strategy.StrategyPublication;
import com.wecomassist.strategy.StrategyStore;
import com.wecomassist.strategy.StrategyVersion;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode: the strategies in Redis. Keys (under the prefix): {@code strategy:ids} (set),
 * {@code strategy:next:<id>} (the version counter: two authors drafting at once get two versions),
 * {@code strategy:versions:<id>} (hash version → JSON), {@code strategy:published} (hash id → the latest
 * publication), {@code strategy:published-version} (hash id → its version), {@code strategy:log:<id>}
 * (list of publications) and {@code strategy:publications} (the count instances poll). A publication is
 * one script, so two reviewers publishing at once cannot both win.
 */
public class RedisStrategyStore implements StrategyStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** KEYS: published, published-version, log, count; ARGV: id, expected version, new version, publication JSON. */
    private static final RedisScript<Long> PUBLISH = RedisScript.of("""
            local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
            if current ~= tonumber(ARGV[2]) then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
            redis.call('RPUSH', KEYS[3], ARGV[4])
            redis.call('INCR', KEYS[4])
            return 1
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisStrategyStore(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix + "strategy:";
    }

    @Override
    public Mono<StrategyVersion> draft(String id, String spec, String author, Instant at) {
        return redis.opsForValue().increment(prefix + "next:" + id)
                .map(version -> new StrategyVersion(id, version, spec, author, at))
                .flatMap(draft -> redis.opsForHash().put(prefix + "versions:" + id, Long.toString(draft.version()),
                                JSON.writeValueAsString(draft))
                        .then(redis.opsForSet().add(prefix + "ids", id))
                        .thenReturn(draft))
                .onErrorMap(RedisStrategyStore::transientUnlessOurs);
    }

    @Override
    public Mono<StrategyVersion> version(String id, long version) {
        return redis.<String, String>opsForHash().get(prefix + "versions:" + id, Long.toString(version))
                .map(json -> JSON.readValue(json, StrategyVersion.class))
                .onErrorMap(RedisStrategyStore::transientUnlessOurs);
    }

    @Override
    public Flux<StrategyVersion> versions(String id) {
        return redis.<String, String>opsForHash().values(prefix + "versions:" + id)
                .map(json -> JSON.readValue(json, StrategyVersion.class))
                .sort(Comparator.comparingLong(StrategyVersion::version))
                .onErrorMap(RedisStrategyStore::transientUnlessOurs);
    }

    @Override
    public Flux<String> ids() {
        return redis.opsForSet().members(prefix + "ids").sort().onErrorMap(RedisStrategyStore::transientUnlessOurs);
    }

    @Override
    public Mono<Boolean> publish(StrategyPublication next, long expectedVersion) {
        return redis.execute(PUBLISH, List.of(prefix + "published", prefix + "published-version", prefix + "log:" + next.id(),
                        prefix + "publications"),
                        List.of(next.id(), Long.toString(expectedVersion), Long.toString(next.version()),
                                JSON.writeValueAsString(next))).next()
                .map(done -> done == 1L)
                .onErrorMap(RedisStrategyStore::transientUnlessOurs);
    }

    @Override
    public Flux<StrategyPublication> published() {
        return redis.<String, String>opsForHash().values(prefix + "published")
                .map(json -> JSON.readValue(json, StrategyPublication.class))
                .sort(Comparator.comparing(StrategyPublication::id))
                .onErrorMap(RedisStrategyStore::transientUnlessOurs);
    }

    @Override
    public Flux<StrategyPublication> publications(String id) {
        return redis.opsForList().range(prefix + "log:" + id, 0, -1)
                .map(json -> JSON.readValue(json, StrategyPublication.class))
                .onErrorMap(RedisStrategyStore::transientUnlessOurs);
    }

    @Override
    public Mono<Long> publicationCount() {
        return redis.opsForValue().get(prefix + "publications").map(Long::parseLong).defaultIfEmpty(0L)
                .onErrorMap(RedisStrategyStore::transientUnlessOurs);
    }

    private static Throwable transientUnlessOurs(Throwable e) {
        return e instanceof AssistException ? e
                : new TransientException("strategies not reachable in Redis: " + e.getMessage(), e);
    }
}
