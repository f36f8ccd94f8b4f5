package com.wecomassist.roster.redis;

import com.wecomassist.error.AssistException;
import com.wecomassist.error.TransientException;
import com.wecomassist.roster.EmployeeRoster;
import com.wecomassist.roster.RosterEntry;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode: the roster in Redis, {@code <prefix>roster} (hash userid → JSON). A replacement is
 * written to a key of its own and renamed over the roster, so instances reading meanwhile see the old
 * roster or the new one, never a mix; two replacements at once leave one of them whole.
 */
public class RedisEmployeeRoster implements EmployeeRoster {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReactiveStringRedisTemplate redis;
    private final String key;

    public RedisEmployeeRoster(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.key = keyPrefix + "roster";
    }

    @Override
    public Mono<Integer> replaceAll(List<RosterEntry> entries) {
        if (entries.isEmpty()) {
            return redis.delete(key).thenReturn(0).onErrorMap(RedisEmployeeRoster::transientUnlessOurs);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (RosterEntry entry : entries) {
            fields.put(entry.userid(), JSON.writeValueAsString(entry));
        }
        String staging = key + ":next:" + UUID.randomUUID();
        return redis.opsForHash().putAll(staging, fields)
                .then(redis.rename(staging, key))
                .thenReturn(fields.size())
                .onErrorResume(e -> redis.delete(staging).onErrorResume(ignored -> Mono.empty()).then(Mono.error(e)))
                .onErrorMap(RedisEmployeeRoster::transientUnlessOurs);
    }

    @Override
    public Flux<RosterEntry> all() {
        return redis.<String, String>opsForHash().values(key)
                .map(json -> JSON.readValue(json, RosterEntry.class))
                .sort(Comparator.comparing(RosterEntry::userid))
                .onErrorMap(RedisEmployeeRoster::transientUnlessOurs);
    }

    private static Throwable transientUnlessOurs(Throwable e) {
        return e instanceof AssistException ? e
                : new TransientException("the employee roster is not reachable in Redis: " + e.getMessage(), e);
    }
}
