package com.wecomassist.contacts;

import java.time.Instant;
import java.util.List;

/**
 * A full sync's checkpoint and progress, stored after every page so that a restart (or a failure)
 * resumes from the page after the last one written.
 *
 * @param status      where the run stands
 * @param employees   the employees whose customers it reads, in order
 * @param batch       the group of up to 100 employees being read ({@code batch/get_by_user} takes 100)
 * @param cursor      WeCom's cursor into that group; null at its start
 * @param pages       pages read and written
 * @param customers   relationships read (a customer of two employees counts twice)
 * @param changed     of those, how many changed the directory
 * @param errors      failures so far (each stopped the run until resumed)
 * @param lastError   the last failure, for the administrator; null when none
 * @param startedAt   when the run began
 * @param updatedAt   when the checkpoint was last written (a RUNNING checkpoint not written for a while
 *                    is a run that died with its instance, and may be resumed)
 * @param finishedAt  when it finished; null until then
 * @param resumes     how many times it was resumed
 */
public record SyncProgress(Status status, List<String> employees, int batch, String cursor, long pages,
                           long customers, long changed, long errors, String lastError, Instant startedAt,
                           Instant updatedAt, Instant finishedAt, int resumes) {

    /** Employees per {@code batch/get_by_user} call: WeCom's maximum. */
    public static final int EMPLOYEES_PER_CALL = 100;

    public enum Status { RUNNING, FAILED, FINISHED }

    public SyncProgress {
        employees = List.copyOf(employees);
    }

    static SyncProgress started(List<String> employees, Instant now) {
        return new SyncProgress(Status.RUNNING, employees, 0, null, 0, 0, 0, 0, null, now, now, null, 0);
    }

    /** How many groups of employees there are to read. */
    public int batches() {
        return (employees.size() + EMPLOYEES_PER_CALL - 1) / EMPLOYEES_PER_CALL;
    }

    /** The employees of the group being read. */
    List<String> currentBatch() {
        int from = batch * EMPLOYEES_PER_CALL;
        return employees.subList(from, Math.min(employees.size(), from + EMPLOYEES_PER_CALL));
    }

    /** Employees whose customers are all read. */
    public int employeesDone() {
        return Math.min(employees.size(), batch * EMPLOYEES_PER_CALL);
    }

    SyncProgress afterPage(int read, int changedNow, String nextCursor, Instant now) {
        boolean groupDone = nextCursor == null || nextCursor.isEmpty();
        return new SyncProgress(status, employees, groupDone ? batch + 1 : batch, groupDone ? null : nextCursor,
                pages + 1, customers + read, changed + changedNow, errors, lastError, startedAt, now, null, resumes);
    }

    SyncProgress finished(Instant now) {
        return new SyncProgress(Status.FINISHED, employees, batch, null, pages, customers, changed, errors, lastError,
                startedAt, now, now, resumes);
    }

    SyncProgress failed(String error, Instant now) {
        return new SyncProgress(Status.FAILED, employees, batch, cursor, pages, customers, changed, errors + 1, error,
                startedAt, now, null, resumes);
    }

    SyncProgress resumed(Instant now) {
        return new SyncProgress(Status.RUNNING, employees, batch, cursor, pages, customers, changed, errors, lastError,
                startedAt, now, null, resumes + 1);
    }
}
