package com.wecomassist.inbound.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.inbound.CallbackReplayGuard;
import com.wecomassist.inbound.KfSyncLock;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.inbound.SyncCursorStore;
import com.wecomassist.inbound.memory.InMemoryCallbackReplayGuard;
import com.wecomassist.inbound.memory.InMemoryKfSyncLock;
import com.wecomassist.conversation.memory.InMemoryOnceMarks;
import com.wecomassist.inbound.memory.InMemorySyncCursorStore;
import com.wecomassist.inbound.redis.RedisCallbackReplayGuard;
import com.wecomassist.inbound.redis.RedisKfSyncLock;
import com.wecomassist.conversation.redis.RedisOnceMarks;
import com.wecomassist.inbound.redis.RedisSyncCursorStore;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

/**
 * One contract for each intake state port, run against the in-memory adapter and against the
 * Redis adapter on a real Redis server: both must behave the same.
 */
class InboundStateContractTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    abstract static class Contract {

        abstract OnceMarks dedupe();

        abstract SyncCursorStore cursors();

        abstract KfSyncLock lock();

        abstract CallbackReplayGuard replayGuard();

        @Test
        void dedupeTakesAnIdOnceUntilForgottenOrExpired() {
            OnceMarks dedupe = dedupe();
            assertThat(dedupe.mark("m1", Duration.ofHours(1)).block(WAIT)).isTrue();
            assertThat(dedupe.mark("m1", Duration.ofHours(1)).block(WAIT)).isFalse();
            dedupe.unmark("m1").block(WAIT);
            assertThat(dedupe.mark("m1", Duration.ofHours(1)).block(WAIT)).isTrue();
            assertThat(dedupe.mark("short", Duration.ofMillis(200)).block(WAIT)).isTrue();
            await().atMost(WAIT).until(() -> dedupe.mark("short", Duration.ofMillis(200)).block(WAIT));
        }

        @Test
        void dedupeLetsExactlyOneOfManyConcurrentCallersThrough() {
            OnceMarks dedupe = dedupe();
            long winners = Flux.range(0, 50).flatMap(i -> dedupe.mark("race", Duration.ofHours(1)))
                    .filter(Boolean::booleanValue).count().block(WAIT);
            assertThat(winners).isEqualTo(1);
        }

        @Test
        void aMarkCanBeReadWithoutSettingIt() {
            OnceMarks marks = dedupe();
            assertThat(marks.marked("kf-taken:m1").block(WAIT)).isFalse();
            assertThat(marks.mark("kf-taken:m1", Duration.ofHours(1)).block(WAIT))
                    .as("reading did not set it").isTrue();
            assertThat(marks.marked("kf-taken:m1").block(WAIT)).isTrue();
            marks.unmark("kf-taken:m1").block(WAIT);
            assertThat(marks.marked("kf-taken:m1").block(WAIT)).isFalse();
            marks.mark("brief", Duration.ofMillis(200)).block(WAIT);
            await().atMost(WAIT).until(() -> !marks.marked("brief").block(WAIT));
        }

        @Test
        void theMarksSetAmongManyAreReadAtOnce() {
            OnceMarks marks = dedupe();
            marks.mark("kf-taken:a", Duration.ofHours(1)).block(WAIT);
            marks.mark("kf-taken:c", Duration.ofHours(1)).block(WAIT);
            assertThat(marks.markedAmong(List.of("kf-taken:a", "kf-taken:b", "kf-taken:c", "kf-taken:a")).block(WAIT))
                    .containsExactlyInAnyOrder("kf-taken:a", "kf-taken:c");
            assertThat(marks.markedAmong(List.of()).block(WAIT)).isEmpty();
            assertThat(marks.marked("kf-taken:b").block(WAIT)).as("reading set nothing").isFalse();
        }

        @Test
        void accountsAreRememberedOnceEach() {
            SyncCursorStore cursors = cursors();
            assertThat(cursors.accounts().collectList().block(WAIT)).isEmpty();
            cursors.remember("wkA").block(WAIT);
            cursors.remember("wkB").block(WAIT);
            cursors.remember("wkA").block(WAIT);
            assertThat(cursors.accounts().collectList().block(WAIT)).containsExactlyInAnyOrder("wkA", "wkB");
        }

        @Test
        void aLeaseRenewedInTimeHoldsPastItsFirstTerm() {
            KfSyncLock lock = lock();
            Duration lease = Duration.ofMillis(600);
            assertThat(lock.tryAcquire("wkE", "holder", lease).block(WAIT)).isTrue();
            // renewed at every poll (100 ms), well within the lease: nobody else gets it for two leases
            await().during(lease.multipliedBy(2)).atMost(WAIT).until(() ->
                    lock.tryAcquire("wkE", "holder", lease).block(WAIT)
                            && !lock.tryAcquire("wkE", "other", lease).block(WAIT));
        }

        @Test
        void cursorsAreKeptPerAccount() {
            SyncCursorStore cursors = cursors();
            assertThat(cursors.cursor("wkA").blockOptional(WAIT)).isEmpty();
            cursors.save("wkA", "c1").block(WAIT);
            cursors.save("wkB", "x9").block(WAIT);
            cursors.save("wkA", "c2").block(WAIT);
            assertThat(cursors.cursor("wkA").block(WAIT)).isEqualTo("c2");
            assertThat(cursors.cursor("wkB").block(WAIT)).isEqualTo("x9");
        }

        @Test
        void theLockHasOneOwnerWhoCanRenewAndReleaseIt() {
            KfSyncLock lock = lock();
            assertThat(lock.tryAcquire("wkA", "one", Duration.ofMinutes(1)).block(WAIT)).isTrue();
            assertThat(lock.tryAcquire("wkA", "two", Duration.ofMinutes(1)).block(WAIT)).isFalse();
            assertThat(lock.tryAcquire("wkA", "one", Duration.ofMinutes(1)).block(WAIT)).as("renewal").isTrue();
            assertThat(lock.tryAcquire("wkB", "two", Duration.ofMinutes(1)).block(WAIT)).as("other account").isTrue();
            lock.release("wkA", "two").block(WAIT);
            assertThat(lock.tryAcquire("wkA", "two", Duration.ofMinutes(1)).block(WAIT))
                    .as("a non-owner cannot release").isFalse();
            lock.release("wkA", "one").block(WAIT);
            assertThat(lock.tryAcquire("wkA", "two", Duration.ofMinutes(1)).block(WAIT)).isTrue();
        }

        @Test
        void aCrashedHoldersLeaseExpires() {
            KfSyncLock lock = lock();
            assertThat(lock.tryAcquire("wkC", "crashed", Duration.ofMillis(200)).block(WAIT)).isTrue();
            await().atMost(WAIT).until(() -> lock.tryAcquire("wkC", "survivor", Duration.ofMinutes(1)).block(WAIT));
        }

        @Test
        void onlyOneOfManyConcurrentContendersGetsTheLock() {
            KfSyncLock lock = lock();
            AtomicInteger owners = new AtomicInteger();
            Flux.fromIterable(IntStream.range(0, 30).boxed().toList())
                    .flatMap(i -> lock.tryAcquire("wkD", "owner" + i, Duration.ofMinutes(1)))
                    .filter(Boolean::booleanValue)
                    .doOnNext(x -> owners.incrementAndGet())
                    .blockLast(WAIT);
            assertThat(owners.get()).isEqualTo(1);
        }

        @Test
        void aCallbackIsUsedOnceUntilReleased() {
            CallbackReplayGuard guard = replayGuard();
            assertThat(guard.firstUse("1700000000", "n1", "sig", Duration.ofMinutes(10)).block(WAIT)).isTrue();
            assertThat(guard.firstUse("1700000000", "n1", "sig", Duration.ofMinutes(10)).block(WAIT)).isFalse();
            assertThat(guard.firstUse("1700000000", "n2", "sig", Duration.ofMinutes(10)).block(WAIT)).isTrue();
            guard.release("1700000000", "n1", "sig").block(WAIT);
            assertThat(guard.firstUse("1700000000", "n1", "sig", Duration.ofMinutes(10)).block(WAIT)).isTrue();
        }
    }

    @Nested
    class InMemory extends Contract {
        final InMemoryOnceMarks dedupe = new InMemoryOnceMarks();
        final InMemorySyncCursorStore cursors = new InMemorySyncCursorStore();
        final InMemoryKfSyncLock lock = new InMemoryKfSyncLock(Clock.systemUTC());
        final InMemoryCallbackReplayGuard guard = new InMemoryCallbackReplayGuard();

        OnceMarks dedupe() { return dedupe; }
        SyncCursorStore cursors() { return cursors; }
        KfSyncLock lock() { return lock; }
        CallbackReplayGuard replayGuard() { return guard; }
    }

    @Nested
    class OnRedis extends Contract {
        final ReactiveStringRedisTemplate redis = RedisTestServer.template();
        final String prefix = RedisTestServer.freshPrefix();

        OnceMarks dedupe() { return new RedisOnceMarks(redis, prefix); }
        SyncCursorStore cursors() { return new RedisSyncCursorStore(redis, prefix); }
        KfSyncLock lock() { return new RedisKfSyncLock(redis, prefix); }
        CallbackReplayGuard replayGuard() { return new RedisCallbackReplayGuard(redis, prefix); }
    }
}
