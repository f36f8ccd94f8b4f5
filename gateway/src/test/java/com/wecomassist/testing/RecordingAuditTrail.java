package com.wecomassist.testing;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An audit trail that keeps every event in order for a test to read ({@link #recorded}); reads nothing back. */
public class RecordingAuditTrail implements AuditTrail {

    public final List<AuditEvent> recorded = new CopyOnWriteArrayList<>();

    @Override
    public Mono<Void> record(AuditEvent event) {
        return Mono.fromRunnable(() -> recorded.add(event));
    }

    @Override
    public Flux<AuditEvent> ofConversation(String conversation, int limit) {
        return Flux.empty();
    }

    @Override
    public Flux<AuditEvent> forCustomer(String externalUserId) {
        return Flux.empty();
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return Mono.just(0L);
    }
}
