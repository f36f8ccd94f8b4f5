package com.wecomassist.kpi.redis;

import com.wecomassist.error.AssistException;
import com.wecomassist.error.TransientException;
import com.wecomassist.kpi.TaskDay;
import com.wecomassist.kpi.TaskTally;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cluster mode: per bank day of creation, {@code outreach:task-tally:<day>} (hash {@code <figure>:<employee>}
 * → count, kept for the KPIs' retention) and {@code outreach:task-tally-counted:<day>} (hash of what was
 * counted of which task, {@code created:<msgid>} and {@code end:<msgid>}, kept {@link TaskTally#REMEMBERED}).
 * One script notes and counts, so a task is counted once even when two instances tell it at once.
 */
public class RedisTaskTally implements TaskTally {

    /** KEYS: counted, counts. ARGV: counted's ttl, counts' ttl (s), then pairs (what of which task, count field). */
    private static final RedisScript<Long> COUNT = RedisScript.of("""
            local n = 0
            for i = 3, #ARGV, 2 do
              if redis.call('HSETNX', KEYS[1], ARGV[i], '1') == 1 then
                redis.call('HINCRBY', KEYS[2], ARGV[i + 1], 1)
                n = n + 1
              end
            end
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            redis.call('EXPIRE', KEYS[2], ARGV[2])
            return n
            """, Long.class);

    private static final String CREATED = "created";
    private static final String CONFIRMED = "confirmed";
    private static final String EXPIRED = "expired";
    private static final String NOT_FRIEND = "notFriend";

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final ZoneId zone;
    private final Duration retention;

    public RedisTaskTally(ReactiveStringRedisTemplate redis, String keyPrefix, ZoneId zone, Duration retention) {
        this.redis = redis;
        this.prefix = keyPrefix + "outreach:task-tally";
        this.zone = zone;
        this.retention = retention;
    }

    @Override
    public Mono<Void> created(String msgid, String employee, Instant createdAt) {
        return count(createdAt, List.of("created:" + msgid, CREATED + ":" + employee));
    }

    @Override
    public Mono<Void> ended(String msgid, String employee, Instant createdAt, End end) {
        String figure = switch (end) {
            case CONFIRMED -> CONFIRMED;
            case EXPIRED -> EXPIRED;
            case NOT_FRIEND -> NOT_FRIEND;
        };
        return count(createdAt, List.of("created:" + msgid, CREATED + ":" + employee,
                "end:" + msgid, figure + ":" + employee));
    }

    private Mono<Void> count(Instant createdAt, List<String> pairs) {
        LocalDate day = createdAt.atZone(zone).toLocalDate();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(REMEMBERED.toSeconds()));
        args.add(Long.toString(retention.toSeconds()));
        args.addAll(pairs);
        return redis.execute(COUNT, List.of(prefix + "-counted:" + day, prefix + ":" + day), args)
                .then()
                .onErrorMap(RedisTaskTally::transientUnlessOurs);
    }

    @Override
    public Flux<TaskDay> between(LocalDate from, LocalDate to) {
        return Flux.fromStream(from.datesUntil(to.plusDays(1)))
                // a few days read at once, in order: a year's report is 366 small reads
                .flatMapSequential(day -> redis.<String, String>opsForHash().entries(prefix + ":" + day).collectList()
                        .flatMapIterable(entries -> days(day, entries)), 8)
                .onErrorMap(RedisTaskTally::transientUnlessOurs);
    }

    /** The day's fields {@code <figure>:<employee>} (an employee's id may hold a colon: the figure's name does not). */
    private static List<TaskDay> days(LocalDate day, List<Map.Entry<String, String>> entries) {
        Map<String, long[]> perEmployee = new TreeMap<>();
        for (Map.Entry<String, String> e : entries) {
            int colon = e.getKey().indexOf(':');
            long[] n = perEmployee.computeIfAbsent(e.getKey().substring(colon + 1), k -> new long[4]);
            long value = Long.parseLong(e.getValue());
            switch (e.getKey().substring(0, colon)) {
                case CREATED -> n[0] = value;
                case CONFIRMED -> n[1] = value;
                case EXPIRED -> n[2] = value;
                case NOT_FRIEND -> n[3] = value;
                default -> { } // a figure a later version counts: not this one's to read
            }
        }
        List<TaskDay> out = new ArrayList<>();
        perEmployee.forEach((employee, n) -> out.add(new TaskDay(day, employee, n[0], n[1], n[2], n[3])));
        return out;
    }

    private static Throwable transientUnlessOurs(Throwable e) {
        return e instanceof AssistException ? e
                : new TransientException("the outreach task tally is not reachable in Redis: " + e.getMessage(), e);
    }
}
