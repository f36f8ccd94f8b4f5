package com.wecomassist.conversation.redis;

import com.wecomassist.conversation.OnceMarks;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/** Cluster-mode marks: SET NX with a time to live is atomic across instances. */
public class RedisOnceMarks implements OnceMarks {

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisOnceMarks(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        // the key space of the inbound dedupe these marks grew out of: marks set before the rename still count
        this.prefix = keyPrefix + "inbound:seen:";
    }

    @Override
    public Mono<Boolean> mark(String key, Duration ttl) {
        return redis.opsForValue().setIfAbsent(prefix + key, "1", ttl);
    }

    @Override
    public Mono<Boolean> marked(String key) {
        return redis.hasKey(prefix + key);
    }

    /** One MGET for all of them. */
    @Override
    public Mono<Set<String>> markedAmong(Collection<String> keys) {
        List<String> asked = List.copyOf(new LinkedHashSet<>(keys));
        if (asked.isEmpty()) {
            return Mono.just(Set.of());
        }
        return redis.opsForValue().multiGet(asked.stream().map(key -> prefix + key).toList())
                .map(values -> {
                    Set<String> set = new HashSet<>();
                    for (int i = 0; i < asked.size(); i++) {
                        if (values.get(i) != null) {
                            set.add(asked.get(i));
                        }
                    }
                    return set;
                });
    }

    @Override
    public Mono<Void> unmark(String key) {
        return redis.delete(prefix + key).then();
    }
}
