package com.wecomassist.staff;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where passwords are hashed and checked: BCrypt costs tens of milliseconds of CPU, so it runs off
 * the event loops, on {@code assist.console.password-check-threads} threads, with at most
 * {@code password-check-queue} more checks waiting. Anything beyond that is refused at once with
 * {@link Full}, before any hashing: a flood of logins costs the callbacks no more than those threads.
 */
class PasswordChecks implements AutoCloseable {

    /** Refused without a check: every thread busy and the queue full. */
    static final class Full extends RuntimeException {

        Full() {
            super("every password check thread is busy and the queue is full", null, false, false);
        }
    }

    private final Scheduler scheduler;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int limit;

    PasswordChecks(int threads, int queue) {
        this.limit = threads + queue;
        // the gate above decides who waits; the scheduler's own queue only needs room for all of them
        this.scheduler = Schedulers.newBoundedElastic(threads, limit, "password-check", 60, true);
    }

    /** Whether {@code raw} matches {@code hash}; {@link Full} when no check can be taken now. */
    Mono<Boolean> matches(PasswordEncoder encoder, String raw, String hash) {
        return gated(Mono.fromCallable(() -> encoder.matches(raw, hash)));
    }

    /** The hash of a new password (the users API, the admin bootstrap). */
    Mono<String> encode(PasswordEncoder encoder, String raw) {
        return gated(Mono.fromCallable(() -> encoder.encode(raw)));
    }

    private <T> Mono<T> gated(Mono<T> work) {
        return Mono.defer(() -> {
            if (inFlight.incrementAndGet() > limit) {
                inFlight.decrementAndGet();
                return Mono.error(new Full());
            }
            return work.subscribeOn(scheduler).doFinally(signal -> inFlight.decrementAndGet());
        });
    }

    /** Checks running or waiting now. */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
