package com.wecomassist.inherit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.inherit.CustomerState;
import com.wecomassist.inherit.CustomerTransfer;
import com.wecomassist.inherit.TransferJob;
import com.wecomassist.inherit.TransferJobs;
import com.wecomassist.inherit.TransferKind;
import com.wecomassist.inherit.TransferLedger;
import com.wecomassist.inherit.memory.InMemoryTransferJobs;
import com.wecomassist.inherit.memory.InMemoryTransferLedger;
import com.wecomassist.inherit.redis.RedisTransferJobs;
import com.wecomassist.inherit.redis.RedisTransferLedger;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The inheritance jobs (compare-and-set on the version) and the per-customer ledger, in memory and in Redis. */
class InheritanceStoresContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");

    static TransferJob job(String id, Instant at) {
        return new TransferJob(id, TransferKind.ON_JOB, "zhangwei", "liuyang", "您好，我的同事刘洋将继续为您服务。",
                "root", at, TransferJob.Phase.SENDING,
                List.of(new CustomerTransfer("wmA", CustomerState.QUEUED, null, null, at),
                        new CustomerTransfer("wmB", CustomerState.SKIPPED_LIMIT, null, "2 transfers", at)), 0);
    }

    abstract static class Contract {

        abstract TransferJobs jobs();

        abstract TransferLedger ledger();

        @Test
        void aJobIsKeptWholeAndListedNewestFirst() {
            TransferJobs jobs = jobs();
            TransferJob older = job("j1", NOW);
            TransferJob newer = job("j2", NOW.plusSeconds(60));
            jobs.create(older).then(jobs.create(newer)).block(WAIT);
            assertThat(jobs.find("j1").block(WAIT)).isEqualTo(older);
            assertThat(jobs.find("nope").block(WAIT)).isNull();
            assertThat(jobs.all().map(TransferJob::id).collectList().block(WAIT)).containsExactly("j2", "j1");
        }

        @Test
        void aReplaceWinsOnlyOverTheVersionItReadAndOfConcurrentOnesExactlyOneWins() {
            TransferJobs jobs = jobs();
            TransferJob job = job("j1", NOW);
            jobs.create(job).block(WAIT);
            TransferJob waiting = job.mapCustomers(c -> c.state() == CustomerState.QUEUED
                    ? c.with(CustomerState.WAITING, 0, null, NOW.plusSeconds(5)) : c).nextVersion();
            assertThat(jobs.replace(waiting).block(WAIT)).isTrue();
            assertThat(jobs.find("j1").block(WAIT)).isEqualTo(waiting);
            // a writer that read version 0 loses now
            assertThat(jobs.replace(job.inPhase(TransferJob.Phase.DONE).nextVersion()).block(WAIT)).isFalse();
            assertThat(jobs.find("j1").block(WAIT).phase()).isEqualTo(TransferJob.Phase.SENDING);

            TransferJob next = waiting.inPhase(TransferJob.Phase.POLLING).nextVersion();
            List<Boolean> wins = Flux.range(0, 10).flatMap(i -> jobs.replace(next), 10).collectList().block(WAIT);
            assertThat(wins).containsOnlyOnce(true);
            assertThat(jobs.replace(job("unknown", NOW).nextVersion()).block(WAIT)).isFalse();
        }

        @Test
        void oneInstanceAtATimeRunsAJobUntilItsLeaseRunsOut() throws InterruptedException {
            TransferJobs jobs = jobs();
            assertThat(jobs.holdRunner("j1", "a", Duration.ofMillis(300)).block(WAIT)).isTrue();
            assertThat(jobs.holdRunner("j1", "b", Duration.ofMinutes(1)).block(WAIT)).isFalse();
            assertThat(jobs.holdRunner("j1", "a", Duration.ofMillis(300)).block(WAIT)).isTrue();
            assertThat(jobs.holdRunner("j2", "b", Duration.ofMinutes(1)).block(WAIT)).isTrue();
            Thread.sleep(500);
            assertThat(jobs.holdRunner("j1", "b", Duration.ofMinutes(1)).block(WAIT)).isTrue();
            assertThat(jobs.holdRunner("j1", "a", Duration.ofMinutes(1)).block(WAIT)).isFalse();
        }

        @Test
        void theLedgerCountsEachJobOnceAndOnlyWithinTheWindow() {
            TransferLedger ledger = ledger();
            String customer = "wm" + UUID.randomUUID();
            ledger.record(customer, "j1", NOW.minus(Duration.ofDays(100))).block(WAIT);
            ledger.record(customer, "j2", NOW.minus(Duration.ofDays(30))).block(WAIT);
            ledger.record(customer, "j2", NOW.minus(Duration.ofDays(30))).block(WAIT);
            ledger.record(customer, "j3", NOW).block(WAIT);
            assertThat(ledger.countSince(customer, NOW.minus(Duration.ofDays(90))).block(WAIT)).isEqualTo(2);
            assertThat(ledger.countSince(customer, NOW).block(WAIT)).isEqualTo(1);
            assertThat(ledger.countSince("wmNobody" + UUID.randomUUID(), NOW.minus(Duration.ofDays(90))).block(WAIT))
                    .isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final TransferJobs jobs = new InMemoryTransferJobs();
        final TransferLedger ledger = new InMemoryTransferLedger();

        @Override
        TransferJobs jobs() {
            return jobs;
        }

        @Override
        TransferLedger ledger() {
            return ledger;
        }
    }

    @Nested
    class InRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final TransferJobs jobs = new RedisTransferJobs(RedisTestServer.template(), prefix);
        final TransferLedger ledger = new RedisTransferLedger(RedisTestServer.template(), prefix, Duration.ofDays(91));

        @Override
        TransferJobs jobs() {
            return jobs;
        }

        @Override
        TransferLedger ledger() {
            return ledger;
        }
    }
}
