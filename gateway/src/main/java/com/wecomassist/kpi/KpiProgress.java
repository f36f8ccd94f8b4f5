package com.wecomassist.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A run computing the daily figures of {@code from}..{@code to}: how far it got.
 *
 * @param trigger           who started it: a user's name, or {@code daily} for the schedule
 * @param employees         employees to compute (WeCom's 客户联系 employees and the roster's)
 * @param done              employees computed and stored so far
 * @param behaviourMissing  employees whose WeCom statistics could not be read (their other figures are stored)
 * @param notes             what the reader should know (e.g. WeCom's employee list was not available)
 * @param error             why a FAILED run stopped
 */
public record KpiProgress(Status status, LocalDate from, LocalDate to, String trigger, int employees, int done,
                          int behaviourMissing, List<String> notes, Instant startedAt, Instant updatedAt,
                          Instant finishedAt, String error) {

    public enum Status { RUNNING, FINISHED, FAILED }

    public KpiProgress {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    KpiProgress advanced(int moreDone, int moreMissing, Instant now) {
        return new KpiProgress(status, from, to, trigger, employees, done + moreDone, behaviourMissing + moreMissing,
                notes, startedAt, now, finishedAt, error);
    }

    KpiProgress finished(Instant now) {
        return new KpiProgress(Status.FINISHED, from, to, trigger, employees, done, behaviourMissing, notes, startedAt,
                now, now, null);
    }

    KpiProgress failed(String why, Instant now) {
        return new KpiProgress(Status.FAILED, from, to, trigger, employees, done, behaviourMissing, notes, startedAt,
                now, now, why);
    }
}
