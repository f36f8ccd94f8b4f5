package com.wecomassist.draft;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/** Counts drafts by drafter and kind ({@code assist.draft.drafts}) and times them ({@code assist.draft.duration}). */
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
