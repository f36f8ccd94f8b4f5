package com.wecomassist.kpi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kpi.TaskDay;
import com.wecomassist.kpi.TaskTally;
import com.wecomassist.kpi.TaskTally.End;
import com.wecomassist.kpi.memory.InMemoryTaskTally;
import com.wecomassist.kpi.redis.RedisTaskTally;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The task tally's contract, for the in-memory and the Redis adapter. */
class TaskTallyContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Duration RETENTION = Duration.ofDays(400);
    private static final LocalDate DEC_6 = LocalDate.parse("2026-12-06");
    private static final LocalDate DEC_7 = LocalDate.parse("2026-12-07");
    /** Dec 7 in the bank's zone, still Dec 6 in UTC. */
    private static final Instant EARLY_DEC_7 = LocalDateTime.parse("2026-12-07T00:10").atZone(CHINA).toInstant();
    private static final Instant LATE_DEC_6 = LocalDateTime.parse("2026-12-06T23:50").atZone(CHINA).toInstant();

    abstract static class Contract {

        abstract TaskTally tally();

        private List<TaskDay> read(LocalDate from, LocalDate to) {
            return tally().between(from, to).collectList().block(WAIT);
        }

        @Test
        void aTaskIsCountedOnceUnderTheBankDayItWasMade() {
            TaskTally tally = tally();
            tally.created("m1", "zhangwei", EARLY_DEC_7).block(WAIT);
            tally.created("m1", "zhangwei", EARLY_DEC_7).block(WAIT);
            tally.created("m2", "zhangwei", LATE_DEC_6).block(WAIT);
            tally.created("m3", "li:si", EARLY_DEC_7).block(WAIT);
            assertThat(read(DEC_6, DEC_7)).containsExactly(
                    new TaskDay(DEC_6, "zhangwei", 1, 0, 0, 0),
                    new TaskDay(DEC_7, "li:si", 1, 0, 0, 0),
                    new TaskDay(DEC_7, "zhangwei", 1, 0, 0, 0));
            assertThat(read(DEC_7, DEC_7)).extracting(TaskDay::employee).containsExactly("li:si", "zhangwei");
            assertThat(read(DEC_7.plusDays(1), DEC_7.plusDays(3))).isEmpty();
        }

        @Test
        void eachTaskEndsOnceTheFirstEndingToldIsKept() {
            TaskTally tally = tally();
            for (String m : List.of("m1", "m2", "m3", "m4", "m5")) {
                tally.created(m, "zhangwei", EARLY_DEC_7).block(WAIT);
            }
            tally.ended("m1", "zhangwei", EARLY_DEC_7, End.CONFIRMED).block(WAIT);
            tally.ended("m1", "zhangwei", EARLY_DEC_7, End.CONFIRMED).block(WAIT);
            tally.ended("m1", "zhangwei", EARLY_DEC_7, End.EXPIRED).block(WAIT);
            tally.ended("m2", "zhangwei", EARLY_DEC_7, End.CONFIRMED).block(WAIT);
            tally.ended("m3", "zhangwei", EARLY_DEC_7, End.EXPIRED).block(WAIT);
            tally.ended("m4", "zhangwei", EARLY_DEC_7, End.NOT_FRIEND).block(WAIT);
            TaskDay day = read(DEC_7, DEC_7).get(0);
            assertThat(day).isEqualTo(new TaskDay(DEC_7, "zhangwei", 5, 2, 1, 1));
            assertThat(day.open()).isEqualTo(1);
        }

        @Test
        void anEndingWhoseTaskWasNotCountedAsMadeCountsItToo() {
            tally().ended("m9", "wangfang", LATE_DEC_6, End.EXPIRED).block(WAIT);
            tally().created("m9", "wangfang", LATE_DEC_6).block(WAIT);
            assertThat(read(DEC_6, DEC_6)).containsExactly(new TaskDay(DEC_6, "wangfang", 1, 0, 1, 0));
        }

        @Test
        void aTaskMadeMonthsAgoIsStillCountedOnce() {
            Instant march = LocalDateTime.parse("2026-03-02T10:00").atZone(CHINA).toInstant();
            LocalDate day = LocalDate.parse("2026-03-02");
            tally().created("old", "zhangwei", march).block(WAIT);
            tally().created("old", "zhangwei", march).block(WAIT);
            tally().ended("old", "zhangwei", march, End.CONFIRMED).block(WAIT);
            tally().ended("old", "zhangwei", march, End.CONFIRMED).block(WAIT);
            assertThat(read(day, day)).containsExactly(new TaskDay(day, "zhangwei", 1, 1, 0, 0));
        }

        @Test
        void ofManyInstancesTellingATaskAtOnceOneIsCounted() {
            TaskTally tally = tally();
            Flux.range(0, 16).flatMap(i -> i % 2 == 0 ? tally.created("hot", "zhangwei", EARLY_DEC_7)
                    : tally.ended("hot", "zhangwei", EARLY_DEC_7, i % 4 == 1 ? End.CONFIRMED : End.EXPIRED)).then().block(WAIT);
            TaskDay day = read(DEC_7, DEC_7).get(0);
            assertThat(day.created()).isEqualTo(1);
            assertThat(day.confirmed() + day.expired()).isEqualTo(1);
            assertThat(day.open()).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final TaskTally tally = new InMemoryTaskTally(CHINA, RETENTION,
                Clock.fixed(EARLY_DEC_7.plus(Duration.ofDays(2)), CHINA));

        @Override
        TaskTally tally() {
            return tally;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final TaskTally tally = new RedisTaskTally(RedisTestServer.template(), RedisTestServer.freshPrefix(), CHINA,
                RETENTION);

        @Override
        TaskTally tally() {
            return tally;
        }
    }
}
