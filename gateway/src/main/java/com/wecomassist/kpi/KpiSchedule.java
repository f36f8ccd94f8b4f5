package com.wecomassist.kpi;

import com.wecomassist.error.Refused;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The daily run: once the bank's day has passed {@code assist.kpi.daily-at}, the days of the last
 * {@code catch-up-days} up to yesterday that were not computed are (one run from the oldest missing
 * day to yesterday). Every instance looks; the store's lease lets one compute. Days older than the
 * catch-up window — a backfill after install — are computed only when an administrator asks.
 */
public class KpiSchedule {

    private static final Logger log = LoggerFactory.getLogger(KpiSchedule.class);

    private final KpiRuns runs;
    private final KpiStore store;
    private final KpiProperties settings;
    private final Clock clock;

    public KpiSchedule(KpiRuns runs, KpiStore store, KpiProperties settings, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** Starts the run that is due, if one is; answers its progress, empty when nothing was due or another runs. */
    public Mono<KpiProgress> tick() {
        LocalDate today = runs.today();
        LocalTime now = LocalTime.now(clock.withZone(settings.zone()));
        LocalDate last = now.isBefore(settings.dailyAt()) ? today.minusDays(2) : today.minusDays(1);
        LocalDate first = today.minusDays(settings.catchUpDays());
        if (last.isBefore(first)) {
            return Mono.empty();
        }
        return store.computed(first, last).flatMap(done -> {
            LocalDate missing = firstMissing(first, last, done);
            if (missing == null) {
                return Mono.empty();
            }
            return runs.start(missing, last, "daily")
                    .doOnNext(p -> log.info("daily KPI run for {}..{} started", p.from(), p.to()))
                    .onErrorResume(Refused.class, busy -> Mono.empty());
        });
    }

    private static LocalDate firstMissing(LocalDate first, LocalDate last, Set<LocalDate> done) {
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (!done.contains(d)) {
                return d;
            }
        }
        return null;
    }
}
