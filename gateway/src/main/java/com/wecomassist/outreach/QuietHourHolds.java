package com.wecomassist.outreach;

import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The events held for quiet hours, kept where every instance sees them (Redis in cluster mode), so that a
 * restart or a killed instance does not drop them: whichever instance looks next decides them when the
 * quiet hours end ({@link HeldRelease}).
 *
 * <p>At least once: {@link #due} lends the due ones for a while instead of removing them, and
 * {@link #release} removes one once it was decided; one lent to an instance that stopped is due again
 * when the loan ends. Deciding an event twice cannot pass a cap (they are taken atomically before a task).
 */
public interface QuietHourHolds {

    /** Keeps the event until {@code notBefore} (holding one with the same id again replaces it). */
    Mono<Void> hold(HeldEvent held);

    /**
     * The held events due at {@code now}, soonest first, at most {@code limit}, each lent to the caller for
     * {@code loan}: nobody else gets it meanwhile.
     */
    Flux<HeldEvent> due(Instant now, int limit, Duration loan);

    /** Forgets a held event: it was decided. */
    Mono<Void> release(String id);

    /** How many are held (due or not). */
    Mono<Long> size();
}
