package com.wecomassist.outreach.simulate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The simulation's time: it moves only when the simulation moves it. */
final class StepClock extends Clock {

    private volatile Instant now;

    StepClock(Instant start) {
        this.now = start;
    }

    void set(Instant to) {
        if (to.isAfter(now)) {
            now = to;
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
