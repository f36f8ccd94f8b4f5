package com.wecomassist.outreach.redis;

import com.wecomassist.error.AssistException;
import com.wecomassist.error.TransientException;
import com.wecomassist.outreach.OpenTask;
import com.wecomassist.outreach.Outcome;
import com.wecomassist.outreach.OutreachLedger;
import com.wecomassist.outreach.OutreachPlanner;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode: the ledger in Redis. Keys (under the prefix): {@code outreach:arm:<test>} (hash customer
 * → arm), {@code outreach:marks:<test>:<customer>} (hash outcome → epoch ms), {@code outreach:counts:<test>}
 * (hash {@code <arm>|<OUTCOME>} → customers), {@code outreach:daily:<test>:<yyyy-MM-dd>} (the same per
 * day of the bank's zone, kept {@value OutreachLedger#DAYS_KEPT} days) and {@code outreach:sent:<customer>}
 * (sorted set of {@code <strategy>|<E or K>|<uuid>} by epoch ms, the last 35 days). An assignment and a
 * mark are one script each: the first wins and is counted once, in all and under its day, whichever
 * instance writes; so the days always add up to the totals.
 */
public class RedisOutreachLedger implements OutreachLedger {

    /** How long a customer's marks are kept: longer than any test runs. */
    static final Duration MARKS_KEPT = Duration.ofDays(400);
    static final Duration SENT_KEPT = Duration.ofDays(35);
    static final Duration DAYS_TTL = Duration.ofDays(OutreachLedger.DAYS_KEPT);

    /** KEYS: arm hash, marks, counts, the day's counts. ARGV: customer, arm, at, marks' and day's TTL. The arm kept. */
    private static final RedisScript<String> ASSIGN = RedisScript.of("""
            local kept = redis.call('HGET', KEYS[1], ARGV[1])
            if kept then return kept end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('HSET', KEYS[2], 'ASSIGNED', ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('HINCRBY', KEYS[3], ARGV[2] .. '|ASSIGNED', 1)
            redis.call('HINCRBY', KEYS[4], ARGV[2] .. '|ASSIGNED', 1)
            redis.call('PEXPIRE', KEYS[4], ARGV[5])
            return ARGV[2]
            """, String.class);

    /** KEYS: arm hash, marks, counts, the day's counts. ARGV: customer, outcome, at, day's TTL. 1 when marked now. */
    private static final RedisScript<Long> MARK = RedisScript.of("""
            local arm = redis.call('HGET', KEYS[1], ARGV[1])
            if not arm then return 0 end
            if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3]) == 0 then return 0 end
            redis.call('HINCRBY', KEYS[3], arm .. '|' .. ARGV[2], 1)
            redis.call('HINCRBY', KEYS[4], arm .. '|' .. ARGV[2], 1)
            redis.call('PEXPIRE', KEYS[4], ARGV[4])
            return 1
            """, Long.class);

    /**
     * KEYS: counts, then each day's counts. ARGV: a label per key ({@code total}, then the days). Every
     * field of every hash as {@code <label>|<arm>|<OUTCOME>} followed by its count, in one atomic read.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> READ_DAILY = RedisScript.of("""
            local out = {}
            for i, key in ipairs(KEYS) do
              local fields = redis.call('HGETALL', key)
              for j = 1, #fields, 2 do
                out[#out + 1] = ARGV[i] .. '|' .. fields[j]
                out[#out + 1] = fields[j + 1]
              end
            end
            return out
            """, List.class);
    private static final String TOTAL = "total";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * KEYS: the customer's sent set. ARGV: week start, month start (epoch ms), strategy, per week, month
     * limit, the new member, its score, the oldest score kept, the key's time to live (ms). The member if
     * added, else false.
     */
    private static final RedisScript<String> RESERVE = RedisScript.of("""
            local from = math.min(tonumber(ARGV[1]), tonumber(ARGV[2]))
            local week, month = 0, 0
            local all = redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf', 'WITHSCORES')
            for i = 1, #all, 2 do
              local member, score = all[i], tonumber(all[i + 1])
              local bar = string.find(member, '|', 1, true)
              local strategy = string.sub(member, 1, bar - 1)
              local kind = string.sub(member, bar + 1, bar + 1)
              if strategy == ARGV[3] and score >= tonumber(ARGV[1]) then week = week + 1 end
              if kind == 'E' and score >= tonumber(ARGV[2]) then month = month + 1 end
            end
            if week >= tonumber(ARGV[4]) or month >= tonumber(ARGV[5]) then return false end
            redis.call('ZADD', KEYS[1], ARGV[7], ARGV[6])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, ARGV[8])
            redis.call('PEXPIRE', KEYS[1], ARGV[9])
            return ARGV[6]
            """, String.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final ZoneId zone;

    /** @param zone the bank's zone: where the days of the per-day counts begin and end */
    public RedisOutreachLedger(ReactiveStringRedisTemplate redis, String keyPrefix, ZoneId zone) {
        this.redis = redis;
        this.prefix = keyPrefix + "outreach:";
        this.zone = zone;
    }

    private List<String> keys(String testId, String customer, Instant at) {
        return List.of(prefix + "arm:" + testId, prefix + "marks:" + testId + ":" + customer, prefix + "counts:" + testId,
                dayKey(testId, LocalDate.ofInstant(at, zone)));
    }

    private String dayKey(String testId, LocalDate day) {
        return prefix + "daily:" + testId + ":" + day;
    }

    @Override
    public Mono<String> assign(String testId, String customer, String arm, Instant at) {
        return redis.execute(ASSIGN, keys(testId, customer, at), List.of(customer, arm, Long.toString(at.toEpochMilli()),
                        Long.toString(MARKS_KEPT.toMillis()), Long.toString(DAYS_TTL.toMillis()))).next()
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<String> armOf(String testId, String customer) {
        return redis.<String, String>opsForHash().get(prefix + "arm:" + testId, customer)
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<Void> sent(String customer, String strategyId, boolean enterprise, Instant at) {
        String key = prefix + "sent:" + customer;
        String member = strategyId + "|" + (enterprise ? "E" : "K") + "|" + UUID.randomUUID();
        return redis.opsForZSet().add(key, member, at.toEpochMilli())
                .then(redis.opsForZSet().removeRangeByScore(key, Range.closed(0d,
                        (double) at.minus(SENT_KEPT).toEpochMilli())))
                .then(redis.expire(key, SENT_KEPT))
                .then()
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<String> reserve(String customer, String strategyId, boolean enterprise, int perWeek, int monthLimit,
                                Instant now, ZoneId zone) {
        long weekStart = now.minus(Duration.ofDays(7)).toEpochMilli() + 1;
        long monthStart = YearMonth.from(now.atZone(zone)).atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
        String member = strategyId + (enterprise ? "|E|" : "|K|") + UUID.randomUUID();
        return redis.execute(RESERVE, List.of(prefix + "sent:" + customer), List.of(Long.toString(weekStart),
                        Long.toString(monthStart), strategyId, Integer.toString(perWeek), Integer.toString(monthLimit),
                        member, Long.toString(now.toEpochMilli()), Long.toString(now.minus(SENT_KEPT).toEpochMilli()),
                        Long.toString(SENT_KEPT.toMillis())))
                .next()
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<Void> unsend(String customer, String reservation) {
        return redis.opsForZSet().remove(prefix + "sent:" + customer, reservation).then()
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<OutreachPlanner.History> history(String customer, String strategyId,
                                                 Instant now, ZoneId zone) {
        YearMonth thisMonth = YearMonth.from(now.atZone(zone));
        Instant weekAgo = now.minus(Duration.ofDays(7));
        return redis.opsForZSet().rangeByScoreWithScores(prefix + "sent:" + customer,
                        Range.closed((double) now.minus(SENT_KEPT).toEpochMilli(), Double.MAX_VALUE))
                .collectList()
                .map(all -> {
                    Instant last = null;
                    int week = 0;
                    int month = 0;
                    for (var s : all) {
                        Instant at = Instant.ofEpochMilli(s.getScore().longValue());
                        String[] parts = s.getValue().split("\\|", 3);
                        last = last == null || at.isAfter(last) ? at : last;
                        if (parts[0].equals(strategyId) && at.isAfter(weekAgo)) {
                            week++;
                        }
                        if (parts[1].equals("E") && YearMonth.from(at.atZone(zone)).equals(thisMonth)) {
                            month++;
                        }
                    }
                    return new OutreachPlanner.History(last, week, month);
                })
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<Boolean> mark(String testId, String customer, Outcome outcome, Instant at) {
        return redis.execute(MARK, keys(testId, customer, at), List.of(customer, outcome.name(),
                        Long.toString(at.toEpochMilli()), Long.toString(DAYS_TTL.toMillis()))).next()
                .map(done -> done == 1L)
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<Instant> markedAt(String testId, String customer, Outcome outcome) {
        return redis.<String, String>opsForHash().get(prefix + "marks:" + testId + ":" + customer, outcome.name())
                .map(ms -> Instant.ofEpochMilli(Long.parseLong(ms)))
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<Map<String, Map<Outcome, Long>>> counts(String testId) {
        return redis.<String, String>opsForHash().entries(prefix + "counts:" + testId)
                .collectList()
                .map(entries -> {
                    Map<String, Map<Outcome, Long>> out = new TreeMap<>();
                    for (Map.Entry<String, String> e : entries) {
                        countInto(out, e.getKey(), e.getValue());
                    }
                    return out;
                })
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    /** Adds one {@code <arm>|<OUTCOME>} field of a counts hash to {@code out} (an arm's name may hold a bar). */
    private static void countInto(Map<String, Map<Outcome, Long>> out, String field, String count) {
        int bar = field.lastIndexOf('|');
        out.computeIfAbsent(field.substring(0, bar), a -> new EnumMap<>(Outcome.class))
                .put(Outcome.valueOf(field.substring(bar + 1)), Long.parseLong(count));
    }

    @Override
    public Mono<DailyCounts> daily(String testId, LocalDate from, LocalDate to) {
        List<String> keys = new ArrayList<>(List.of(prefix + "counts:" + testId));
        List<String> labels = new ArrayList<>(List.of(TOTAL));
        from.datesUntil(to.plusDays(1)).forEach(day -> {
            keys.add(dayKey(testId, day));
            labels.add(day.toString());
        });
        return redis.execute(READ_DAILY, keys, labels)
                .cast(Object.class)
                .flatMapIterable(RedisOutreachLedger::strings)
                .collectList()
                .map(flat -> {
                    Map<String, Map<Outcome, Long>> totals = new TreeMap<>();
                    SortedMap<LocalDate, Map<String, Map<Outcome, Long>>> days = new TreeMap<>();
                    for (int i = 0; i + 1 < flat.size(); i += 2) {
                        String field = flat.get(i);
                        int bar = field.indexOf('|');
                        String label = field.substring(0, bar);
                        countInto(label.equals(TOTAL) ? totals
                                        : days.computeIfAbsent(LocalDate.parse(label), d -> new TreeMap<>()),
                                field.substring(bar + 1), flat.get(i + 1));
                    }
                    return new DailyCounts(totals, days);
                })
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<Void> openTask(OpenTask task) {
        return redis.opsForZSet().add(prefix + "tasks", task.msgid(), task.createdAt().toEpochMilli())
                .then(redis.opsForHash().put(prefix + "task", task.msgid(), JSON.writeValueAsString(task)))
                .then()
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Flux<OpenTask> openTasks(int limit) {
        // the ids oldest first, then their tasks in one HMGET (not a round trip per task, every minute)
        return redis.opsForZSet().range(prefix + "tasks", org.springframework.data.domain.Range.closed(0L, (long) limit - 1))
                .collectList()
                .flatMapMany(ids -> ids.isEmpty() ? Flux.<String>empty()
                        : redis.<String, String>opsForHash().multiGet(prefix + "task", ids)
                                // a task closed between the two reads has no body any more
                                .flatMapIterable(list -> list.stream().filter(java.util.Objects::nonNull).toList()))
                .map(json -> JSON.readValue(json, OpenTask.class))
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<Void> closeTask(String msgid) {
        return redis.opsForZSet().remove(prefix + "tasks", msgid)
                .then(redis.opsForHash().remove(prefix + "task", msgid))
                .then()
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    @Override
    public Mono<Boolean> lease(String holder, Duration lease) {
        String key = prefix + "follow-up-lease";
        return redis.opsForValue().setIfAbsent(key, holder, lease)
                .flatMap(took -> took ? Mono.just(true) : redis.opsForValue().get(key)
                        .flatMap(current -> holder.equals(current) ? redis.expire(key, lease) : Mono.just(false))
                        .defaultIfEmpty(false))
                .onErrorMap(RedisOutreachLedger::transientUnlessOurs);
    }

    /** A script's array as strings: one list, or (as the driver may stream an array) its elements one by one. */
    private static List<String> strings(Object answer) {
        return answer instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(answer));
    }

    private static Throwable transientUnlessOurs(Throwable e) {
        return e instanceof AssistException ? e
                : new TransientException("the outreach ledger is not reachable in Redis: " + e.getMessage(), e);
    }
}
