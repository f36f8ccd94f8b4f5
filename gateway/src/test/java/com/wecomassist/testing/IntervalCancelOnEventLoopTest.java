package com.wecomassist.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.resources.LoopResources;

/**
 * A periodic timer cancelled on an event loop (a live stream's session check, when the page closes)
 * while the parallel scheduler is busy: its queue's lock is sometimes held for a moment, and the
 * cancel waits for it. BlockHound must accept that wait (AcceptedWaits); before it did, the error it
 * threw out of the cancel broke the event loop's connection handling, and a loaded test run stalled
 * with requests never answered. Without the allowance this fails within a second or two here.
 */
class IntervalCancelOnEventLoopTest {

    @Test
    void cancellingTimersOnAnEventLoopWhileTheSchedulerIsBusyIsAccepted() throws Exception {
        LoopResources loops = LoopResources.create("interval-cancel", 2, true);
        EventLoopGroup group = loops.onServer(false);
        List<Disposable> busy = new ArrayList<>();
        AtomicReference<Throwable> refused = new AtomicReference<>();
        AtomicInteger cancelled = new AtomicInteger();
        try {
            // the parallel scheduler's threads keep taking and adding timer tasks
            for (int i = 0; i < 200; i++) {
                busy.add(Flux.interval(Duration.ofMillis(1)).subscribe());
            }
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until && refused.get() == null) {
                CountDownLatch round = new CountDownLatch(200);
                for (int i = 0; i < 200; i++) {
                    group.next().execute(() -> {
                        try {
                            Flux.interval(Duration.ofSeconds(2)).subscribe().dispose();
                            cancelled.incrementAndGet();
                        } catch (Throwable t) {
                            refused.compareAndSet(null, t);
                        } finally {
                            round.countDown();
                        }
                    });
                }
                assertThat(round.await(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            busy.forEach(Disposable::dispose);
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
        assertThat(refused.get()).as("a cancel on the event loop after %d others", cancelled.get()).isNull();
        assertThat(cancelled.get()).isGreaterThan(1000);
    }
}
