package com.wecomassist.simulator.contacts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The 客户联系 side's clock: the application's clock plus an offset that only grows. Advancing it is
 * how a test or a person sees a 24-hour takeover complete or a welcome code expire without waiting;
 * the access tokens and the callbacks' signed timestamps keep real time, as the gateway checks those.
 */
public final class SimulatedTime extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;

    public SimulatedTime(Clock base) {
        this(base, new AtomicReference<>(Duration.ZERO));
    }

    private SimulatedTime(Clock base, AtomicReference<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    /** Moves simulated time forward (never back: WeCom's time does not run backwards); returns the new offset. */
    public Duration advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        return offset.updateAndGet(o -> o.plus(by));
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SimulatedTime(base.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }
}
