package com.wecomassist.comply.redis;

import com.wecomassist.comply.FlaggedDraft;
import com.wecomassist.comply.FlaggedDrafts;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.error.AssistException;
import com.wecomassist.error.PermanentException;
import com.wecomassist.error.TransientException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster's list: one Redis list ({@code <prefix>compliance:flagged}, or {@code compliance:passed}
 * for the passed texts; JSON, newest first) that every instance pushes to; push and trim run in one
 * script, so concurrent pushes stay within the cap.
 */
public class RedisFlaggedDrafts implements FlaggedDrafts {

    private static final RedisScript<Long> PUSH = RedisScript.of("""
            redis.call('LPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            return 1
            """, Long.class);

    /** ARGV: the stored JSON of each text to forget; every copy of each goes. */
    private static final RedisScript<Long> FORGET = RedisScript.of("""
            local gone = 0
            for i = 1, #ARGV do gone = gone + redis.call('LREM', KEYS[1], 0, ARGV[i]) end
            return gone
            """, Long.class);

    /** The list of blocked and reviewed texts. */
    public static final String FLAGGED = "flagged";
    /** The list of passed texts. */
    public static final String PASSED = "passed";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Items read per LRANGE while looking for a page of the wanted actions. */
    private static final int READ_AT_ONCE = 200;

    private final ReactiveStringRedisTemplate redis;
    private final String key;
    private final int capacity;
    private final int readAtOnce;

    public RedisFlaggedDrafts(ReactiveStringRedisTemplate redis, String keyPrefix, int capacity) {
        this(redis, keyPrefix, FLAGGED, capacity, READ_AT_ONCE);
    }

    /** The list named {@code list} ({@link #FLAGGED} or {@link #PASSED}). */
    public RedisFlaggedDrafts(ReactiveStringRedisTemplate redis, String keyPrefix, String list, int capacity) {
        this(redis, keyPrefix, list, capacity, READ_AT_ONCE);
    }

    /** @param readAtOnce items read per LRANGE while looking for a page (tests use a few to cross slices) */
    public RedisFlaggedDrafts(ReactiveStringRedisTemplate redis, String keyPrefix, int capacity, int readAtOnce) {
        this(redis, keyPrefix, FLAGGED, capacity, readAtOnce);
    }

    private RedisFlaggedDrafts(ReactiveStringRedisTemplate redis, String keyPrefix, String list, int capacity,
                               int readAtOnce) {
        this.redis = redis;
        this.key = keyPrefix + "compliance:" + list;
        this.capacity = capacity;
        this.readAtOnce = readAtOnce;
    }

    @Override
    public Mono<Void> record(FlaggedDraft draft) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(draft))
                .onErrorMap(e -> new PermanentException("flagged draft cannot be written as JSON: " + e.getMessage(), e))
                .flatMap(json -> redis.execute(PUSH, List.of(key), List.of(json, Integer.toString(capacity))).then())
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("flagged draft not kept in Redis: " + e.getMessage(), e));
    }

    @Override
    public Flux<FlaggedDraft> forCustomer(String externalUserId) {
        return all().map(Map.Entry::getValue).filter(d -> ConversationKey.idWithCustomer(d.conversation(), externalUserId));
    }

    /**
     * The texts {@code which} selects are removed by their stored JSON (LREM), so texts pushed
     * meanwhile, which move every index, are no matter.
     */
    @Override
    public Mono<Long> discard(Predicate<FlaggedDraft> which) {
        return all().filter(stored -> which.test(stored.getValue())).map(Map.Entry::getKey).distinct().collectList()
                .flatMap(jsons -> jsons.isEmpty() ? Mono.just(0L) : redis.execute(FORGET, List.of(key), jsons).next())
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("checked texts not forgotten in Redis: " + e.getMessage(), e));
    }

    /** The whole list, newest first, each text with its stored JSON (the list is capped: a few hundred). */
    private Flux<Map.Entry<String, FlaggedDraft>> all() {
        return redis.opsForList().range(key, 0, -1)
                .map(json -> Map.entry(json, JSON.readValue(json, FlaggedDraft.class)));
    }

    /**
     * Reads the list newest first, a slice at a time, until {@code limit} drafts of the wanted actions
     * are found: a page of 50 never reads a list of thousands whole. A draft pushed meanwhile shifts
     * the slices by one, so a draft may be read twice: duplicates are dropped.
     */
    @Override
    public Flux<FlaggedDraft> recent(Set<String> actions, int limit) {
        int slices = (capacity + readAtOnce - 1) / readAtOnce;
        return Flux.range(0, slices)
                .concatMap(i -> redis.opsForList().range(key, (long) i * readAtOnce,
                        Math.min(capacity, (long) (i + 1) * readAtOnce) - 1).collectList(), 1)
                .takeWhile(slice -> !slice.isEmpty())
                .concatMapIterable(slice -> slice)
                .distinct()
                .map(json -> JSON.readValue(json, FlaggedDraft.class))
                .filter(d -> actions.contains(d.action()))
                .take(limit);
    }
}
