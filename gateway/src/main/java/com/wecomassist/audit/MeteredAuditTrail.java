package com.wecomassist.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Counts the events recorded, by type ({@code assist.audit.events}); an event that failed is not counted. */
final class MeteredAuditTrail implements AuditTrail {

    private final AuditTrail delegate;
    private final MeterRegistry meters;
    /** One counter per type, registered at its first event: several events are recorded per message. */
    private final Map<AuditEvent.Type, Counter> counters = new ConcurrentHashMap<>();

    MeteredAuditTrail(AuditTrail delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    @Override
    public Mono<Void> record(AuditEvent event) {
        return delegate.record(event).doOnSuccess(done -> counted(event));
    }

    @Override
    public Mono<Void> recordAll(List<AuditEvent> events) {
        return delegate.recordAll(events).doOnSuccess(done -> events.forEach(this::counted));
    }

    private void counted(AuditEvent event) {
        counters.computeIfAbsent(event.type(), type -> meters.counter("assist.audit.events", "type", type.name()))
                .increment();
    }

    @Override
    public Flux<AuditEvent> ofConversation(String conversation, int limit) {
        return delegate.ofConversation(conversation, limit);
    }

    @Override
    public Flux<AuditEvent> forCustomer(String externalUserId) {
        return delegate.forCustomer(externalUserId);
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return delegate.eraseCustomer(externalUserId);
    }

    /** The adapter behind the counter (for the configuration test). */
    AuditTrail delegate() {
        return delegate;
    }
}
