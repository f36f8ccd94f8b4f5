package com.wecomassist.dashboard.redis;

import com.wecomassist.dashboard.CollaborationStats;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cluster's figures: one Redis hash per hour ({@code <prefix>stats:<epoch hour>}), a field per
 * {@code outcome|category}, incremented atomically by every instance and expiring the retention after
 * the end of its hour.
 */
public class RedisCollaborationStats implements CollaborationStats {

    private static final int HOURS_READ_AT_ONCE = 16;

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration retention;

    public RedisCollaborationStats(ReactiveStringRedisTemplate redis, String keyPrefix, Duration retention) {
        this.redis = redis;
        this.prefix = keyPrefix + "stats:";
        this.retention = retention;
    }

    @Override
    public Mono<Void> count(Outcome outcome, String category, Instant at) {
        String field = outcome.name() + "|" + CollaborationStats.categoryOf(category);
        Instant hour = CollaborationStats.hourOf(at);
        // relative to the count's own time (a count is made when it happens), not to Redis's clock
        Duration untilExpiry = Duration.between(at, hour.plus(Duration.ofHours(1))).plus(retention);
        String key = key(hour);
        // The hour's hash expires the retention after the end of its hour, whenever its expiry is set:
        // so it is set by the count that made a field (HINCRBY answered 1), not with every count. A plain
        // HINCRBY is one command; a script doing the same is two as the server counts them. A process
        // stopping between the two leaves the hash without expiry until the hour's next new field.
        return redis.<String, String>opsForHash().increment(key, field, 1)
                .flatMap(n -> n == 1 ? redis.expire(key, untilExpiry) : Mono.just(false))
                .then();
    }

    @Override
    public Flux<HourlyCount> between(Instant from, Instant to) {
        Instant first = CollaborationStats.hourOf(from);
        long hours = Math.max(0, ChronoUnit.HOURS.between(first, CollaborationStats.hourOf(to)));
        return Flux.range(0, (int) Math.min(hours + 1, 24L * 400))
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

    private String key(Instant hour) {
        return prefix + hour.getEpochSecond() / 3600;
    }
}
