package com.wecomassist.draft.openai;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Ends a stream with a {@link TimeoutException} when its first element takes longer than
 * {@code first}, or when two elements are further apart than {@code idle}.
 *
 * <p>Reactor's {@code timeout(first, item -> Mono.delay(idle))} does the same by scheduling a timer
 * for every element and cancelling it at the next one: for a streamed answer of dozens of chunks,
 * dozens of insertions into and removals from the timer queue, which showed in the event loops'
 * profile. Here one timer per stream checks the time of the last element when it fires and, when the
 * stream is still alive, sets itself again for the new deadline; elements only write a timestamp. For a
 * stream that finishes well within its deadlines, the timer is set once and cancelled once.
 */
final class StreamDeadline {

    private StreamDeadline() {
    }

    static <T> Flux<T> guard(Flux<T> stream, Duration first, Duration idle, Scheduler timer) {
        return Flux.defer(() -> {
            Watch watch = new Watch(first.toNanos(), idle.toNanos(), timer);
            Mono<Boolean> expired = watch.expired.asMono();
            return stream.doOnNext(element -> watch.touched())
                    .timeout(expired, element -> expired)
                    .doOnSubscribe(s -> watch.start())
                    .doFinally(signal -> watch.stop());
        });
    }

    private static final class Watch {

        private final long firstNanos;
        private final long idleNanos;
        private final Scheduler timer;
        private final Sinks.One<Boolean> expired = Sinks.one();
        private final long startNanos = System.nanoTime();
        /** When the last element came; the start while none has. */
        private volatile long lastNanos = startNanos;
        private volatile boolean anyElement;
        private volatile Disposable pending;
        private volatile boolean stopped;

        Watch(long firstNanos, long idleNanos, Scheduler timer) {
            this.firstNanos = firstNanos;
            this.idleNanos = idleNanos;
            this.timer = timer;
        }

        void touched() {
            lastNanos = System.nanoTime();
            anyElement = true;
        }

        void start() {
            // A first element at time t moves the deadline to t + idle: while none has come, the timer
            // looks at least once per idle period, so it is never late for either deadline.
            set(Math.min(firstNanos, idleNanos));
        }

        private void check() {
            if (stopped) {
                return;
            }
            boolean started = anyElement;
            long due = started ? lastNanos + idleNanos : startNanos + firstNanos;
            long now = System.nanoTime();
            if (now - due >= 0) {
                expired.tryEmitValue(Boolean.TRUE);
            } else if (started) {
                set(due - now); // later elements only move the deadline later
            } else {
                // a first element from now on is due again idle after it: look again no later than that
                set(Math.min(due - now, idleNanos));
            }
        }

        private void set(long delayNanos) {
            pending = timer.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
            if (stopped) {
                pending.dispose();
            }
        }

        void stop() {
            stopped = true;
            Disposable p = pending;
            if (p != null) {
                p.dispose();
            }
        }
    }
}
