package com.wecomassist.dashboard.redis;

import com.wecomassist.dashboard.CollaborationStats;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cluster's figures: one Redis hash per hour ({@code <prefix>stats:<epoch hour>}), a field per
 * {@code outcome|category}, incremented atomically by every instance and expiring the retention after
 * the end of its hour.
 *
 * <p>Counts are added up here and written once per {@code batch} (a second), one HINCRBY per hour and
 * field that changed, instead of one per answer: a busy instance counts dozens of answers a second
 * into a handful of fields. What this instance counted is written before it reads ({@link #between})
 * and when it closes; other instances' counts show up to a batch later. A count not written (Redis
 * unreachable) is kept for the next batch; one held by an instance that is killed is lost, as a count
 * that fails is: the dashboard's figures fail open (the answer was sent and audited either way).
 */
public class RedisCollaborationStats implements CollaborationStats, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCollaborationStats.class);
    private static final int HOURS_READ_AT_ONCE = 16;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration retention;
    private final Duration batch;
    /** Counts not written yet, per hour's key and field; a field's entry is taken out whole when written. */
    private final ConcurrentMap<Field, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();

    private record Field(String key, String name) {
    }

    /** @param untilExpiry the hour's expiry as counted from the first of these counts' time */
    private record Pending(long count, Duration untilExpiry) {
        Pending plus(Pending more) {
            return new Pending(count + more.count, untilExpiry);
        }
    }

    public RedisCollaborationStats(ReactiveStringRedisTemplate redis, String keyPrefix, Duration retention) {
        this(redis, keyPrefix, retention, Duration.ofSeconds(1));
    }

    /** @param batch how long counts are added up before they are written */
    public RedisCollaborationStats(ReactiveStringRedisTemplate redis, String keyPrefix, Duration retention,
                                   Duration batch) {
        this.redis = redis;
        this.prefix = keyPrefix + "stats:";
        this.retention = retention;
        this.batch = batch;
    }

    @Override
    public Mono<Void> count(Outcome outcome, String category, Instant at) {
        return Mono.fromRunnable(() -> {
            String field = outcome.name() + "|" + CollaborationStats.categoryOf(category);
            Instant hour = CollaborationStats.hourOf(at);
            // relative to the count's own time (a count is made when it happens), not to Redis's clock
            Duration untilExpiry = Duration.between(at, hour.plus(Duration.ofHours(1))).plus(retention);
            pending.merge(new Field(key(hour), field), new Pending(1, untilExpiry), Pending::plus);
            scheduleWrite();
        });
    }

    private void scheduleWrite() {
        if (writeScheduled.compareAndSet(false, true)) {
            Mono.delay(batch)
                    .then(Mono.defer(() -> {
                        writeScheduled.set(false);
                        return write();
                    }))
                    .subscribe(null, e -> {
                        log.warn("dashboard counts not written to Redis (tried again in {}): {}", batch, e.toString());
                        scheduleWrite();
                    });
        }
    }

    /**
     * Writes every count added up so far. A field made by the write (HINCRBY answered the count itself)
     * gets the hour's expiry: set when a field is new, not with every write. A process stopping between
     * the two leaves the hash without expiry until the hour's next new field. A write that fails puts
     * its count back.
     */
    Mono<Void> write() {
        return Flux.fromIterable(List.copyOf(pending.keySet()))
                .flatMapDelayError(field -> {
                    Pending[] taken = {null};
                    pending.computeIfPresent(field, (f, p) -> {
                        taken[0] = p;
                        return null;
                    });
                    if (taken[0] == null) {
                        return Mono.empty();
                    }
                    Pending counted = taken[0];
                    return redis.<String, String>opsForHash().increment(field.key(), field.name(), counted.count())
                            .flatMap(n -> n == counted.count() ? redis.expire(field.key(), counted.untilExpiry())
                                    : Mono.just(false))
                            .doOnError(e -> pending.merge(field, counted, Pending::plus))
                            .then();
                }, 16, 1)
                .then();
    }

    /** What this instance counted is written first, so that it reads its own counts. */
    @Override
    public Flux<HourlyCount> between(Instant from, Instant to) {
        Instant first = CollaborationStats.hourOf(from);
        long hours = Math.max(0, ChronoUnit.HOURS.between(first, CollaborationStats.hourOf(to)));
        return write().onErrorResume(e -> {
                    // kept for the next batch; the read shows what Redis has
                    log.warn("dashboard counts not written to Redis before a read: {}", e.toString());
                    return Mono.empty();
                })
                .thenMany(Flux.range(0, (int) Math.min(hours + 1, 24L * 400)))
                .map(i -> first.plus(Duration.ofHours(i)))
                // a month is 720 hashes: read several at once instead of one round trip after another
                .flatMapSequential(hour -> redis.<String, String>opsForHash().entries(key(hour))
                        .map(field -> {
                            String[] parts = field.getKey().split("\\|", 2);
                            return new HourlyCount(hour, Outcome.valueOf(parts[0]), parts[1],
                                    Long.parseLong(field.getValue()));
                        })
                        .sort(Comparator.comparing(HourlyCount::outcome).thenComparing(HourlyCount::category)),
                        HOURS_READ_AT_ONCE);
    }

    /** Writes what is still added up (the gateway is shutting down); runs on the closing thread. */
    @Override
    public void close() {
        try {
            write().block(CLOSE_WAIT);
        } catch (RuntimeException e) {
            log.warn("dashboard counts not written to Redis at shutdown: {}", e.toString());
        }
    }

    private String key(Instant hour) {
        return prefix + hour.getEpochSecond() / 3600;
    }
}
