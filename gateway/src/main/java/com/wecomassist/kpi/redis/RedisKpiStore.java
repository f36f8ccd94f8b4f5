package com.wecomassist.kpi.redis;

import com.wecomassist.error.AssistException;
import com.wecomassist.error.TransientException;
import com.wecomassist.kpi.EmployeeDay;
import com.wecomassist.kpi.KpiProgress;
import com.wecomassist.kpi.KpiStore;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode: the figures in Redis, shared by every instance. Keys (under the key prefix):
 * {@code kpi:day:<yyyy-MM-dd>} (hash employee → figures JSON, expiring after the retention),
 * {@code kpi:computed} (sorted set of computed days, scored by epoch day), {@code kpi:progress} (the
 * latest run's progress JSON) and {@code kpi:lease} (who may run, with a time to live).
 */
public class RedisKpiStore implements KpiStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Employees per HSET: a branch network's roster in a few round trips, never one huge command. */
    private static final int BATCH = 500;

    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration retention;
    private final Clock clock;

    public RedisKpiStore(ReactiveStringRedisTemplate redis, String keyPrefix, Duration retention, Clock clock) {
        this.redis = redis;
        this.prefix = keyPrefix + "kpi:";
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Void> putAll(List<EmployeeDay> figures) {
        Map<LocalDate, Map<String, String>> byDay = new TreeMap<>();
        for (EmployeeDay figure : figures) {
            byDay.computeIfAbsent(figure.day(), d -> new LinkedHashMap<>())
                    .put(figure.employee(), JSON.writeValueAsString(figure));
        }
        return Flux.fromIterable(byDay.entrySet())
                .concatMap(day -> Flux.fromIterable(chunks(day.getValue()))
                        .concatMap(chunk -> redis.opsForHash().putAll(dayKey(day.getKey()), chunk))
                        .then(redis.expire(dayKey(day.getKey()), retention)))
                .then()
                .onErrorMap(RedisKpiStore::transientUnlessOurs);
    }

    @Override
    public Mono<Void> markComputed(List<LocalDate> days) {
        return Flux.fromIterable(days)
                .concatMap(day -> redis.opsForZSet().add(prefix + "computed", day.toString(), day.toEpochDay()))
                .then(Mono.defer(() -> redis.opsForZSet().removeRangeByScore(prefix + "computed",
                        Range.closed(Double.NEGATIVE_INFINITY, (double) (LocalDate.now(clock).toEpochDay() - retention.toDays())))))
                .then()
                .onErrorMap(RedisKpiStore::transientUnlessOurs);
    }

    @Override
    public Mono<Set<LocalDate>> computed(LocalDate from, LocalDate to) {
        return redis.opsForZSet().rangeByScore(prefix + "computed", Range.closed((double) from.toEpochDay(),
                        (double) to.toEpochDay()))
                .map(LocalDate::parse)
                .collect(HashSet<LocalDate>::new, Set::add)
                .map(Set::copyOf)
                .onErrorMap(RedisKpiStore::transientUnlessOurs);
    }

    @Override
    public Flux<EmployeeDay> between(LocalDate from, LocalDate to) {
        return Flux.fromStream(from.datesUntil(to.plusDays(1)))
                .concatMap(day -> redis.<String, String>opsForHash().values(dayKey(day))
                        .map(json -> JSON.readValue(json, EmployeeDay.class)))
                .onErrorMap(RedisKpiStore::transientUnlessOurs);
    }

    @Override
    public Mono<Void> saveProgress(KpiProgress progress) {
        return redis.opsForValue().set(prefix + "progress", JSON.writeValueAsString(progress)).then()
                .onErrorMap(RedisKpiStore::transientUnlessOurs);
    }

    @Override
    public Mono<KpiProgress> progress() {
        return redis.opsForValue().get(prefix + "progress").map(json -> JSON.readValue(json, KpiProgress.class))
                .onErrorMap(RedisKpiStore::transientUnlessOurs);
    }

    @Override
    public Mono<Boolean> claim(String holder, Duration lease) {
        String key = prefix + "lease";
        return redis.opsForValue().setIfAbsent(key, holder, lease)
                .flatMap(took -> took ? Mono.just(true)
                        // the holder itself renews its lease
                        : redis.opsForValue().get(key).flatMap(current -> holder.equals(current)
                                ? redis.expire(key, lease) : Mono.just(false)).defaultIfEmpty(false))
                .onErrorMap(RedisKpiStore::transientUnlessOurs);
    }

    @Override
    public Mono<Void> release(String holder) {
        return redis.execute(RELEASE, List.of(prefix + "lease"), List.of(holder)).then()
                .onErrorMap(RedisKpiStore::transientUnlessOurs);
    }

    private String dayKey(LocalDate day) {
        return prefix + "day:" + day;
    }

    private static List<Map<String, String>> chunks(Map<String, String> fields) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> chunk = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            chunk.put(field.getKey(), field.getValue());
            if (chunk.size() == BATCH) {
                out.add(chunk);
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            out.add(chunk);
        }
        return out;
    }

    private static Throwable transientUnlessOurs(Throwable e) {
        return e instanceof AssistException ? e
                : new TransientException("the KPI figures are not reachable in Redis: " + e.getMessage(), e);
    }
}
