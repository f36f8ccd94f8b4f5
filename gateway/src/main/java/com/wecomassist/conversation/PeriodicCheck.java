package com.wecomassist.conversation;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A check every instance runs on a timer over shared state (lapsed 猜你想问 menus, overdue drafts):
 * one pass at a time (a slow pass is not overlapped, missed ticks are dropped), and a failed pass is
 * logged and tried again at the next tick. The state's own versioned writes decide which instance acts.
 */
public abstract class PeriodicCheck implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicCheck.class);

    private final String name;
    private final Duration interval;
    private volatile Disposable running;

    /** @param name what the log calls a failed pass ("menu check") */
    protected PeriodicCheck(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /** One pass; answers how many things this instance acted on. */
    public abstract Mono<Integer> checkOnce();

    @Override
    public void start() {
        running = Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(tick -> checkOnce().onErrorResume(e -> {
                    log.warn("{} failed: {}", name, e.toString());
                    return Mono.just(0);
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
