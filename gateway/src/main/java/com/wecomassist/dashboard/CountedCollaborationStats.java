package com.wecomassist.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts every answer the hourly figures count on {@link AnswerOutcome#METER} as well, so that the
 * live split and the 人机协作 figures are counted at the same points: when an answer was sent (the
 * bot's, an agent's approval, edit or candidate, a person's own words). The counter is this
 * instance's and counts even when the shared store cannot be written: the answer was sent either way.
 */
final class CountedCollaborationStats implements CollaborationStats, AutoCloseable {

    private final CollaborationStats delegate;
    private final MeterRegistry meters;

    CountedCollaborationStats(CollaborationStats delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    @Override
    public Mono<Void> count(Outcome outcome, String category, Instant at) {
        return Mono.fromRunnable(() -> AnswerOutcome.of(outcome).count(meters))
                .then(delegate.count(outcome, category, at));
    }

    @Override
    public Flux<HourlyCount> between(Instant from, Instant to) {
        return delegate.between(from, to);
    }

    /** Closes the store when it holds something to write at shutdown (counts added up for a batch). */
    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
