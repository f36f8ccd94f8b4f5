package com.wecomassist.dashboard.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.dashboard.CollaborationStats;
import com.wecomassist.dashboard.CollaborationStats.HourlyCount;
import com.wecomassist.dashboard.CollaborationStats.Outcome;
import com.wecomassist.dashboard.memory.InMemoryCollaborationStats;
import com.wecomassist.dashboard.redis.RedisCollaborationStats;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

/** The 人机协作 counts' contract, for the in-memory and the Redis adapter. */
class CollaborationStatsContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-11-24T10:20:00Z");

    abstract static class Contract {

        abstract CollaborationStats stats();

        @Test
        void countsPerHourOutcomeAndCategoryInOneOrder() {
            CollaborationStats stats = stats();
            stats.count(Outcome.AUTO_SENT, "转账与限额", NOW).block(WAIT);
            stats.count(Outcome.AUTO_SENT, "转账与限额", NOW.plusSeconds(60)).block(WAIT);
            stats.count(Outcome.EDITED, "理财", NOW).block(WAIT);
            stats.count(Outcome.APPROVED, " ", NOW.minus(Duration.ofHours(1))).block(WAIT);
            stats.count(Outcome.WRITTEN_BY_PEOPLE, null, NOW.minus(Duration.ofHours(5))).block(WAIT);

            List<HourlyCount> counts = stats.between(NOW.minus(Duration.ofHours(1)), NOW).collectList().block(WAIT);
            Instant hour = Instant.parse("2026-11-24T10:00:00Z");
            assertThat(counts).containsExactly(
                    new HourlyCount(hour.minus(Duration.ofHours(1)), Outcome.APPROVED, CollaborationStats.NO_CATEGORY, 1),
                    new HourlyCount(hour, Outcome.AUTO_SENT, "转账与限额", 2),
                    new HourlyCount(hour, Outcome.EDITED, "理财", 1));
        }

        @Test
        void concurrentCountsAllAddUp() {
            CollaborationStats stats = stats();
            Flux.range(0, 200).flatMap(i -> stats.count(Outcome.AUTO_SENT, "存款", NOW), 32).blockLast(WAIT);
            assertThat(stats.between(NOW, NOW).collectList().block(WAIT))
                    .containsExactly(new HourlyCount(CollaborationStats.hourOf(NOW), Outcome.AUTO_SENT, "存款", 200));
        }
    }

    @Nested
    class InMemory extends Contract {
        final CollaborationStats stats = new InMemoryCollaborationStats(Duration.ofDays(35),
                Clock.fixed(NOW, ZoneOffset.UTC));

        CollaborationStats stats() { return stats; }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final RedisCollaborationStats stats = new RedisCollaborationStats(RedisTestServer.template(), prefix,
                Duration.ofDays(35));
        final ReactiveStringRedisTemplate redis = RedisTestServer.template();
        final String key = prefix + "stats:" + NOW.getEpochSecond() / 3600;

        CollaborationStats stats() { return stats; }

        /** Set by the write that makes a field, the retention after the end of the hour; not by every write. */
        @Test
        void theHoursExpiryIsSetWhenAFieldIsNew() {
            stats.count(Outcome.AUTO_SENT, "存款", NOW).block(WAIT);
            stats.close();
            // 40 minutes left in the hour (10:20), then the retention
            assertThat(redis.getExpire(key).block(WAIT))
                    .isBetween(Duration.ofDays(35).plusMinutes(39), Duration.ofDays(35).plusMinutes(40));

            redis.persist(key).block(WAIT);
            stats.count(Outcome.AUTO_SENT, "存款", NOW).block(WAIT);
            stats.close();
            assertThat(redis.getExpire(key).block(WAIT)).as("a count of a field already there sets nothing")
                    .isLessThanOrEqualTo(Duration.ZERO);
            stats.count(Outcome.EDITED, "存款", NOW).block(WAIT);
            stats.close();
            assertThat(redis.getExpire(key).block(WAIT)).isPositive();
        }

        /** Counts are added up and written together: before a read, when the batch is over, at close. */
        @Test
        void countsAreWrittenOncePerBatchBeforeAReadAndAtClose() {
            RedisCollaborationStats slow = new RedisCollaborationStats(redis, prefix, Duration.ofDays(35),
                    Duration.ofMinutes(10));
            for (int i = 0; i < 3; i++) {
                slow.count(Outcome.AUTO_SENT, "存款", NOW).block(WAIT);
            }
            assertThat(redis.opsForHash().entries(key).collectList().block(WAIT)).as("added up, not written yet").isEmpty();
            assertThat(slow.between(NOW, NOW).collectList().block(WAIT))
                    .containsExactly(new HourlyCount(CollaborationStats.hourOf(NOW), Outcome.AUTO_SENT, "存款", 3));

            slow.count(Outcome.EDITED, "存款", NOW).block(WAIT);
            slow.close();
            assertThat(redis.<String, String>opsForHash().get(key, "EDITED|存款").block(WAIT)).isEqualTo("1");
        }

        @Test
        void aBatchIsWrittenByItselfWhenItsTimeIsUp() {
            RedisCollaborationStats quick = new RedisCollaborationStats(redis, prefix, Duration.ofDays(35),
                    Duration.ofMillis(100));
            quick.count(Outcome.APPROVED, "理财", NOW).block(WAIT);
            quick.count(Outcome.APPROVED, "理财", NOW).block(WAIT);
            await().atMost(WAIT).until(() -> "2".equals(redis.<String, String>opsForHash().get(key, "APPROVED|理财").block(WAIT)));
        }
    }
}
