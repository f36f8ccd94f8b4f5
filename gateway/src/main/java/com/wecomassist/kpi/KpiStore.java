package com.wecomassist.kpi;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The daily 客户联系 figures ({@link EmployeeDay}), the days already computed, and the run's progress.
 * Figures of a day computed again replace the earlier ones per employee. Days older than
 * {@code assist.kpi.retention} are forgotten.
 */
public interface KpiStore {

    /** Stores the figures (any days, any employees), replacing what was held for the same day and employee. */
    Mono<Void> putAll(List<EmployeeDay> figures);

    /** Marks the days as computed: the daily run does not compute them again unless asked. */
    Mono<Void> markComputed(List<LocalDate> days);

    /** Of the days from {@code from} to {@code to} (inclusive), those computed. */
    Mono<Set<LocalDate>> computed(LocalDate from, LocalDate to);

    /** Every employee's figures of the days from {@code from} to {@code to} (inclusive), by day. */
    Flux<EmployeeDay> between(LocalDate from, LocalDate to);

    /** Saves the progress of the run (the latest run's only). */
    Mono<Void> saveProgress(KpiProgress progress);

    /** The latest run's progress; empty before the first. */
    Mono<KpiProgress> progress();

    /**
     * Takes the right to run for {@code lease} (every instance asks before starting a run, so two never
     * compute at once); false when another holds it. {@link #release} gives it back early.
     */
    Mono<Boolean> claim(String holder, Duration lease);

    /** Gives the right to run back, if {@code holder} holds it. */
    Mono<Void> release(String holder);
}
