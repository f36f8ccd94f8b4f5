package com.wecomassist.draft;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * Counts drafts by drafter and kind ({@code assist.draft.drafts}), times them ({@code assist.draft.duration}),
 * and counts the drafts that are not grounded ({@code assist.draft.ungrounded}, by drafter and basis) and
 * their unsupported claims ({@code assist.draft.ungrounded.claims}, by kind of claim).
 */
final class MeteredDrafter implements Drafter, AutoCloseable {

    private final Drafter delegate;
    private final MeterRegistry meters;

    MeteredDrafter(Drafter delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    @Override
    public Mono<Draft> draft(DraftRequest request) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return delegate.draft(request).doOnNext(d -> {
                meters.counter("assist.draft.drafts", "drafter", d.drafter().tag(), "kind",
                        d.kind().name().toLowerCase(java.util.Locale.ROOT)).increment();
                Timer.builder("assist.draft.duration").tag("drafter", d.drafter().tag())
                        .publishPercentiles(0.5, 0.99).register(meters)
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                Grounding grounding = d.grounding();
                if (!grounding.grounded()) {
                    meters.counter("assist.draft.ungrounded", "drafter", d.drafter().tag(),
                            "basis", grounding.basis().tag()).increment();
                    grounding.unsupported().forEach(claim ->
                            meters.counter("assist.draft.ungrounded.claims", "claim", claim.kind().tag()).increment());
                }
            });
        });
    }

    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
