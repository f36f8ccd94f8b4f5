package com.wecomassist.events.redis;

import com.wecomassist.error.AssistException;
import com.wecomassist.error.TransientException;
import com.wecomassist.events.BankEvent;
import com.wecomassist.events.EventJson;
import com.wecomassist.events.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cluster mode: the events in Redis, shared by every instance. Keys (under the key prefix):
 * <ul>
 *   <li>{@code events:id:<event id>}: taken ({@code SET NX}, {@code 1}; {@code D} once decided), expiring when
 *       the event could no longer be kept (its time plus the window);</li>
 *   <li>{@code events:customer:<customer key>}: a sorted set of the customer's events as JSON (without the
 *       customer), scored by the time they happened; expires a window after the last append.</li>
 * </ul>
 * A batch is one Lua script: per event, the id is taken or found taken, and a taken id's event is added and
 * the customer's set trimmed to the window and to {@code max-per-customer} in the same step, so two
 * instances appending one id at once store one copy.
 */
public class RedisEventStore implements EventStore {

    /**
     * KEYS: per event its id key and its customer's key. ARGV[1..3]: now (epoch ms), window (ms), most kept
     * per customer; then per event its time (epoch ms), its JSON and until when its id is remembered.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> APPEND = RedisScript.of("""
            local now, window, most = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local out = {}
            for i = 1, #KEYS / 2 do
              local idKey, customer = KEYS[2 * i - 1], KEYS[2 * i]
              local at, event, untilMs = ARGV[3 * i + 1], ARGV[3 * i + 2], ARGV[3 * i + 3]
              if tonumber(untilMs) <= now then
                out[i] = 'STORED' -- past the window already: taken and forgotten at once, as memory does
              elseif redis.call('SET', idKey, '1', 'NX', 'PXAT', untilMs) then
                redis.call('ZADD', customer, at, event)
                redis.call('ZREMRANGEBYSCORE', customer, '-inf', '(' .. (now - window))
                redis.call('ZREMRANGEBYRANK', customer, 0, -(most + 1))
                redis.call('PEXPIRE', customer, window)
                out[i] = 'STORED'
              else
                out[i] = 'DUPLICATE'
              end
            end
            return out
            """, List.class);

    /** KEYS: the id's key. Marks it decided ({@code D}) for the rest of its time; nothing for an id not taken. */
    private static final RedisScript<Long> DECIDED = RedisScript.of("""
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl > 0 then
              redis.call('SET', KEYS[1], 'D', 'PX', ttl)
              return 1
            end
            return 0
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration window;
    private final int maxPerCustomer;
    private final Clock clock;

    public RedisEventStore(ReactiveStringRedisTemplate redis, String keyPrefix, Duration window, int maxPerCustomer,
                           Clock clock) {
        this.redis = redis;
        this.prefix = keyPrefix;
        this.window = window;
        this.maxPerCustomer = maxPerCustomer;
        this.clock = clock;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Mono<List<Appended>> appendAll(List<BankEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.defer(() -> {
            List<String> keys = new ArrayList<>(events.size() * 2);
            List<String> args = new ArrayList<>(events.size() * 3 + 3);
            args.addAll(List.of(Long.toString(clock.millis()), Long.toString(window.toMillis()),
                    Integer.toString(maxPerCustomer)));
            for (BankEvent event : events) {
                keys.add(prefix + "events:id:" + event.id());
                keys.add(customerKey(event.customerKey()));
                args.add(Long.toString(event.occurredAt().toEpochMilli()));
                args.add(EventJson.stored(event));
                args.add(Long.toString(event.occurredAt().plus(window).toEpochMilli()));
            }
            return redis.execute(APPEND, keys, args).next()
                    .map(out -> ((List<String>) out).stream().map(Appended::valueOf).toList());
        }).onErrorMap(e -> !(e instanceof AssistException),
                e -> new TransientException("events not appended in Redis: " + e.getMessage(), e));
    }

    @Override
    public Flux<BankEvent> since(String customerKey, Instant from, int limit) {
        return Flux.defer(() -> redis.opsForZSet()
                        .reverseRangeByScore(customerKey(customerKey), Range.rightUnbounded(
                                Range.Bound.inclusive((double) floor(from))), Limit.limit().count(limit))
                        .map(text -> EventJson.fromStored(customerKey, text)))
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("events not read from Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Map<String, Long>> countsByType(String customerKey, Instant from) {
        return Flux.defer(() -> redis.opsForZSet().rangeByScore(customerKey(customerKey),
                        Range.rightUnbounded(Range.Bound.inclusive((double) floor(from)))))
                .map(text -> EventJson.fromStored(customerKey, text).type())
                .collect(TreeMap<String, Long>::new, (counts, type) -> counts.merge(type, 1L, Long::sum))
                .<Map<String, Long>>map(counts -> counts)
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("events not counted in Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Long> erase(String customerKey) {
        String key = customerKey(customerKey);
        return redis.opsForZSet().size(key)
                .flatMap(count -> redis.delete(key).thenReturn(count))
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("events not erased in Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Void> decided(String eventId) {
        return redis.execute(DECIDED, List.of(prefix + "events:id:" + eventId)).then()
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("event not marked decided in Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Set<String>> undecided(List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Mono.just(Set.of());
        }
        return redis.opsForValue().multiGet(eventIds.stream().map(id -> prefix + "events:id:" + id).toList())
                .map(values -> {
                    Set<String> out = new java.util.LinkedHashSet<>();
                    for (int i = 0; i < eventIds.size(); i++) {
                        String value = values.get(i);
                        if (value != null && !value.equals("D")) {
                            out.add(eventIds.get(i));
                        }
                    }
                    return out;
                })
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("events not read from Redis: " + e.getMessage(), e));
    }

    /** The later of {@code from} and the window's start, in epoch ms: older events may linger until trimmed. */
    private long floor(Instant from) {
        return Math.max(from.toEpochMilli(), clock.millis() - window.toMillis());
    }

    private String customerKey(String customerKey) {
        return prefix + "events:customer:" + customerKey;
    }
}
