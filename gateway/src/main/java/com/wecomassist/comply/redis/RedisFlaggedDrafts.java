package com.wecomassist.comply.redis;

import com.wecomassist.comply.FlaggedDraft;
import com.wecomassist.comply.FlaggedDrafts;
import com.wecomassist.error.AssistException;
import com.wecomassist.error.PermanentException;
import com.wecomassist.error.TransientException;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster's list: one Redis list ({@code <prefix>compliance:flagged}, JSON, newest first) that
 * every instance pushes to; push and trim run in one script, so concurrent pushes stay within the cap.
 */
public class RedisFlaggedDrafts implements FlaggedDrafts {

    private static final RedisScript<Long> PUSH = RedisScript.of("""
            redis.call('LPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            return 1
            """, Long.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReactiveStringRedisTemplate redis;
    private final String key;
    private final int capacity;

    public RedisFlaggedDrafts(ReactiveStringRedisTemplate redis, String keyPrefix, int capacity) {
        this.redis = redis;
        this.key = keyPrefix + "compliance:flagged";
        this.capacity = capacity;
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
    public Flux<FlaggedDraft> recent(Set<String> actions, int limit) {
        // The whole capped list is read: filtering by action happens here, the cap keeps it small.
        return redis.opsForList().range(key, 0, capacity - 1)
                .map(json -> JSON.readValue(json, FlaggedDraft.class))
                .filter(d -> actions.contains(d.action()))
                .take(limit);
    }
}
