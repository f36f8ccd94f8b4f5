package com.wecomassist.learn.redis;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.redis.CustomerKeys;
import com.wecomassist.learn.DecidedDraft;
import com.wecomassist.learn.DecidedDrafts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The cluster's decided drafts: one JSON string per draft, expiring after the retention. */
public class RedisDecidedDrafts implements DecidedDrafts {

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final int READ_AT_ONCE = 200;

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

    /**
     * Decided drafts are keyed by draft id, which names no customer: every one kept is read (SCAN, then
     * a batch at a time) and the customer's picked by their conversation. They last days
     * ({@code assist.learn.decision-retention}), so that is at most a few days of approved drafts.
     */
    @Override
    public Flux<DecidedDraft> forCustomer(String externalUserId) {
        return customers(externalUserId).map(Map.Entry::getValue).sort(Comparator.comparing(DecidedDraft::draftId));
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return customers(externalUserId).map(Map.Entry::getKey).buffer(READ_AT_ONCE)
                .concatMap(keys -> redis.delete(keys.toArray(String[]::new)))
                .reduce(0L, Long::sum);
    }

    /** The customer's decided drafts with their keys. */
    private Flux<Map.Entry<String, DecidedDraft>> customers(String externalUserId) {
        return redis.scan(ScanOptions.scanOptions().match(CustomerKeys.glob(prefix) + "*").count(1000).build())
                .distinct()
                .buffer(READ_AT_ONCE)
                .concatMap(keys -> redis.opsForValue().multiGet(keys).flatMapIterable(values -> {
                    List<Map.Entry<String, DecidedDraft>> found = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        String json = values.get(i);
                        DecidedDraft draft = json == null ? null : JSON.readValue(json, DecidedDraft.class);
                        if (draft != null && ConversationKey.idWithCustomer(draft.conversation(), externalUserId)) {
                            found.add(Map.entry(keys.get(i), draft));
                        }
                    }
                    return found;
                }));
    }

    @Override
    public Mono<DecidedDraft> find(String draftId) {
        return redis.opsForValue().get(prefix + draftId).map(json -> JSON.readValue(json, DecidedDraft.class));
    }
}
