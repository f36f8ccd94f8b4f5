package com.wecomassist.learn.redis;

import com.wecomassist.learn.DecidedDraft;
import com.wecomassist.learn.DecidedDrafts;
import java.time.Duration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The cluster's decided drafts: one JSON string per draft, expiring after the retention. */
public class RedisDecidedDrafts implements DecidedDrafts {

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration retention;

    public RedisDecidedDrafts(ReactiveStringRedisTemplate redis, String keyPrefix, Duration retention) {
        this.redis = redis;
        this.prefix = keyPrefix + "learn:decided:";
        this.retention = retention;
    }

    @Override
    public Mono<Void> remember(DecidedDraft draft) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(draft))
                .flatMap(json -> redis.opsForValue().set(prefix + draft.draftId(), json, retention))
                .then();
    }

    @Override
    public Mono<DecidedDraft> find(String draftId) {
        return redis.opsForValue().get(prefix + draftId).map(json -> JSON.readValue(json, DecidedDraft.class));
    }
}
