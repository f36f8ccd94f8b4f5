package com.wecomassist.outreach;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides the events held for quiet hours once the hours end: every {@link #EVERY}, on whichever instance
 * looks first ({@link QuietHourHolds#due} lends each to one of them), by the strategy in force then and
 * what is known of the customer then. One that could not be decided now (a store or WeCom unreachable) is
 * due again when its loan ends.
 */
public class HeldRelease {

    private static final Logger log = LoggerFactory.getLogger(HeldRelease.class);
    public static final Duration EVERY = Duration.ofSeconds(30);
    /** Long enough to decide a look's worth of events; an instance that stops leaves them to others after it. */
    static final Duration LOAN = Duration.ofMinutes(5);
    /** Events decided per look: a night's holds of a large strategy come back over a few looks, not at once. */
    static final int PER_LOOK = 2_000;

    private final QuietHourHolds holds;
    private final OutreachEngine engine;
    private final Clock clock;

    public HeldRelease(QuietHourHolds holds, OutreachEngine engine, Clock clock) {
        this.holds = holds;
        this.engine = engine;
        this.clock = clock;
    }

    /** One look: decides the events due now; answers how many were decided. */
    public Mono<Long> tick() {
        return Mono.defer(() -> holds.due(clock.instant(), PER_LOOK, LOAN)
                .flatMap(held -> engine.decideHeld(held)
                        .then(holds.release(held.id()))
                        .thenReturn(1L)
                        .onErrorResume(e -> {
                            log.warn("held outreach {} not decided now (again after {}): {}", held.id(), LOAN,
                                    e.toString());
                            return Mono.just(0L);
                        }), 16)
                .reduce(0L, Long::sum));
    }

    /** For the bean: the looks, every {@link #EVERY}. */
    public Flux<Long> ticks() {
        return Flux.interval(EVERY, EVERY).onBackpressureDrop().concatMap(t -> tick().onErrorResume(e -> {
            log.warn("held outreach not looked at: {}", e.toString());
            return Mono.just(0L);
        }));
    }
}
