package com.wecomassist.engagement.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.engagement.Engagement;
import com.wecomassist.engagement.Engagements;
import com.wecomassist.engagement.memory.InMemoryEngagements;
import com.wecomassist.engagement.redis.RedisEngagements;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The engagements' contract, for the in-memory and the Redis adapter. */
class EngagementsContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T = Instant.parse("2026-12-07T04:00:00Z");

    abstract static class Contract {

        abstract Engagements engagements();

        @Test
        void anEngagementIsFoundWithinItsSpanOfTimeForItsEmployeeOnly() {
            Engagements engagements = engagements();
            engagements.record(new Engagement("zhangwei", "wm1", T, Engagement.Source.BANK_EVENT)).block(WAIT);
            assertThat(engagements.engagedWithin("wm1", "zhangwei", T, T.plusSeconds(1)).block(WAIT)).isTrue();
            assertThat(engagements.engagedWithin("wm1", "zhangwei", T.minusSeconds(10), T).block(WAIT)).isTrue();
            assertThat(engagements.engagedWithin("wm1", "zhangwei", T.plusMillis(1), T.plusSeconds(10)).block(WAIT))
                    .isFalse();
            assertThat(engagements.engagedWithin("wm1", "lina", T.minusSeconds(10), T.plusSeconds(10)).block(WAIT))
                    .isFalse();
            assertThat(engagements.engagedWithin("wm2", "zhangwei", T.minusSeconds(10), T.plusSeconds(10)).block(WAIT))
                    .isFalse();
        }

        @Test
        void oneADayPerEmployeeAndSourceIsKeptTheEarliest() {
            Engagements engagements = engagements();
            engagements.record(new Engagement("zhangwei", "wm1", T.plusSeconds(60), Engagement.Source.SUGGESTION))
                    .block(WAIT);
            engagements.record(new Engagement("zhangwei", "wm1", T, Engagement.Source.SUGGESTION)).block(WAIT);
            engagements.record(new Engagement("zhangwei", "wm1", T.plusSeconds(120), Engagement.Source.SUGGESTION))
                    .block(WAIT);
            engagements.record(new Engagement("zhangwei", "wm1", T.plusSeconds(30), Engagement.Source.TASK_DELIVERED))
                    .block(WAIT);
            engagements.record(new Engagement("zhangwei", "wm1", T.plus(Duration.ofDays(2)), Engagement.Source.SUGGESTION))
                    .block(WAIT);
            engagements.record(new Engagement("lina", "wm1", T.plusSeconds(10), Engagement.Source.SUGGESTION)).block(WAIT);
            assertThat(engagements.of("wm1").collectList().block(WAIT)).containsExactly(
                    new Engagement("zhangwei", "wm1", T, Engagement.Source.SUGGESTION),
                    new Engagement("lina", "wm1", T.plusSeconds(10), Engagement.Source.SUGGESTION),
                    new Engagement("zhangwei", "wm1", T.plusSeconds(30), Engagement.Source.TASK_DELIVERED),
                    new Engagement("zhangwei", "wm1", T.plus(Duration.ofDays(2)), Engagement.Source.SUGGESTION));
        }

        @Test
        void anErasureForgetsTheCustomersEngagementsOnly() {
            Engagements engagements = engagements();
            engagements.record(new Engagement("zhangwei", "wm1", T, Engagement.Source.BANK_EVENT)).block(WAIT);
            engagements.record(new Engagement("lina", "wm1", T, Engagement.Source.BANK_EVENT)).block(WAIT);
            engagements.record(new Engagement("zhangwei", "wm2", T, Engagement.Source.BANK_EVENT)).block(WAIT);
            assertThat(engagements.erase("wm1").block(WAIT)).isEqualTo(2);
            assertThat(engagements.of("wm1").collectList().block(WAIT)).isEmpty();
            assertThat(engagements.of("wm2").collectList().block(WAIT)).hasSize(1);
            assertThat(engagements.erase("wm1").block(WAIT)).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final Engagements engagements = new InMemoryEngagements(Clock.fixed(T, ZoneOffset.UTC));

        @Override
        Engagements engagements() {
            return engagements;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final Engagements engagements = new RedisEngagements(RedisTestServer.template(), RedisTestServer.freshPrefix());

        @Override
        Engagements engagements() {
            return engagements;
        }
    }
}
