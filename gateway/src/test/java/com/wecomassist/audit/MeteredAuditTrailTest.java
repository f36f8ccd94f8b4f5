package com.wecomassist.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.audit.memory.InMemoryAuditTrail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every recorded event is counted under its type, one at a time or in a batch. */
class MeteredAuditTrailTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MeteredAuditTrail trail = new MeteredAuditTrail(new InMemoryAuditTrail(10, 10, Duration.ofHours(1),
            Clock.systemUTC()), meters);
    private final Instant at = Instant.parse("2026-12-07T02:00:00Z");

    private AuditEvent event(AuditDetails details) {
        return AuditEvent.of("kf:wk1:wm1", "m1", "bot", at, details);
    }

    private double counted(AuditEvent.Type type) {
        var counter = meters.find("assist.audit.events").tag("type", type.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void eachEventIsCountedByItsType() {
        trail.record(event(new AuditDetails.NotAnswered("quiet"))).block();
        trail.record(event(new AuditDetails.NotAnswered("quiet again"))).block();
        trail.recordAll(List.of(event(new AuditDetails.NotAnswered("in a batch")),
                event(new AuditDetails.BurstCoalesced("a later line")))).block();

        assertThat(counted(AuditEvent.Type.NOT_SENT)).isEqualTo(3);
        assertThat(counted(AuditEvent.Type.BURST_COALESCED)).isEqualTo(1);
        // a type nobody recorded has no counter yet
        assertThat(meters.find("assist.audit.events").tag("type", AuditEvent.Type.APPROVED.name()).counter()).isNull();
    }
}
