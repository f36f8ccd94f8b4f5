package com.wecomassist.learn.redis;

import com.wecomassist.learn.PhrasingSuggestion;
import com.wecomassist.learn.PhrasingSuggestions;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster's review list: a hash per suggestion ({@code <prefix>learn:suggestion:<id>}: the
 * suggestion as first made, as JSON, plus its count and decision), a sorted set of every id by when
 * it was suggested, and one of the open ids only ({@code learn:suggestions:open}), so that the
 * content team's list of what awaits them never reads the months of decided ones kept for the
 * record. Adding, counting a duplicate and deciding are each one script, so instances never lose a
 * count nor decide one suggestion twice. A decided suggestion expires after the retention; its id
 * leaves the index when a listing finds it gone.
 */
public class RedisPhrasingSuggestions implements PhrasingSuggestions {

    private static final RedisScript<Long> ADD = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('HINCRBY', KEYS[1], 'times', 1)
              return 0
            end
            redis.call('HSET', KEYS[1], 'json', ARGV[1], 'times', 1, 'status', 'OPEN')
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
            redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
            return 1
            """, Long.class);

    private static final RedisScript<Long> DECIDE = RedisScript.of("""
            if redis.call('HGET', KEYS[1], 'status') ~= 'OPEN' then
              return 0
            end
            redis.call('HSET', KEYS[1], 'status', ARGV[1], 'decidedBy', ARGV[2], 'decidedAt', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('ZREM', KEYS[2], ARGV[5])
            return 1
            """, Long.class);

    /** The suggestion and its place in both indexes in one step. */
    private static final RedisScript<Long> DISCARD = RedisScript.of("""
            local gone = redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            return gone
            """, Long.class);

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final int READ_AT_ONCE = 16;

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final String index;
    private final String openIndex;
    /** Set once the open ids of suggestions made before the open index existed have been added to it. */
    private final String openIndexed;
    private volatile boolean openIndexChecked;
    private final Duration retention;

    public RedisPhrasingSuggestions(ReactiveStringRedisTemplate redis, String keyPrefix, Duration retention) {
        this.redis = redis;
        this.prefix = keyPrefix + "learn:suggestion:";
        this.index = keyPrefix + "learn:suggestions";
        this.openIndex = keyPrefix + "learn:suggestions:open";
        this.openIndexed = keyPrefix + "learn:suggestions:open-indexed";
        this.retention = retention;
    }

    @Override
    public Mono<Added> add(PhrasingSuggestion suggestion) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(suggestion))
                .flatMap(json -> redis.execute(ADD, List.of(key(suggestion.id()), index, openIndex),
                        List.of(json, Long.toString(suggestion.suggestedAt().toEpochMilli()), suggestion.id())).next())
                .flatMap(created -> find(suggestion.id()).map(stored -> new Added(stored, created == 1)));
    }

    @Override
    public Mono<PhrasingSuggestion> find(String id) {
        return redis.<String, String>opsForHash().entries(key(id)).collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(fields -> fields.containsKey("json") ? Mono.just(read(fields)) : Mono.empty());
    }

    @Override
    public Flux<PhrasingSuggestion> list(PhrasingSuggestion.Status status) {
        if (status == PhrasingSuggestion.Status.OPEN) {
            return openIndexBackfilled().thenMany(read(openIndex, status));
        }
        return read(index, status);
    }

    @Override
    public Mono<Boolean> decide(String id, PhrasingSuggestion.Status status, String editor, Instant at) {
        return redis.execute(DECIDE, List.of(key(id), openIndex), List.of(status.name(), editor,
                        Long.toString(at.toEpochMilli()), Long.toString(retention.toMillis()), id))
                .next().map(n -> n == 1);
    }

    @Override
    public Mono<Long> discard(Collection<String> ids) {
        return Flux.fromIterable(ids)
                .concatMap(id -> redis.execute(DISCARD, List.of(key(id), index, openIndex), List.of(id)).next())
                .reduce(0L, Long::sum);
    }

    /** The suggestions an index names, latest first; ids found gone or no longer of the status leave it. */
    private Flux<PhrasingSuggestion> read(String from, PhrasingSuggestion.Status status) {
        return redis.opsForZSet().reverseRange(from, org.springframework.data.domain.Range.unbounded())
                .flatMapSequential(id -> find(id).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(found -> {
                    // gone: decided and expired; not open in the open index: decided while a backfill ran
                    boolean stale = found.isEmpty() || (from.equals(openIndex)
                            && found.get().status() != PhrasingSuggestion.Status.OPEN);
                    return stale ? redis.opsForZSet().remove(from, id).then(Mono.<PhrasingSuggestion>empty())
                            : Mono.just(found.get());
                }), READ_AT_ONCE)
                .filter(s -> status == null || s.status() == status);
    }

    /**
     * Suggestions made before the open index existed are open in the index of all only: the first
     * listing of open ones (on any instance) adds them, once. Adding twice is harmless, and an id
     * decided meanwhile is dropped by {@link #read} on sight.
     */
    private Mono<Void> openIndexBackfilled() {
        if (openIndexChecked) {
            return Mono.empty();
        }
        return redis.hasKey(openIndexed).flatMap(done -> done ? Mono.<Void>empty()
                        : read(index, PhrasingSuggestion.Status.OPEN)
                        .concatMap(open -> redis.opsForZSet().add(openIndex, open.id(),
                                open.suggestedAt().toEpochMilli()))
                        .then(redis.opsForValue().set(openIndexed, Instant.now().toString()))
                        .then())
                .doOnSuccess(done -> openIndexChecked = true);
    }

    private static PhrasingSuggestion read(Map<String, String> fields) {
        PhrasingSuggestion first = JSON.readValue(fields.get("json"), PhrasingSuggestion.class);
        int times = Integer.parseInt(fields.getOrDefault("times", "1"));
        PhrasingSuggestion counted = first.suggestedAgain(times - first.times());
        PhrasingSuggestion.Status status = PhrasingSuggestion.Status.valueOf(fields.getOrDefault("status", "OPEN"));
        return status == PhrasingSuggestion.Status.OPEN ? counted : counted.decided(status, fields.get("decidedBy"),
                Instant.ofEpochMilli(Long.parseLong(fields.get("decidedAt"))));
    }

    private String key(String id) {
        return prefix + id;
    }
}
