package com.wecomassist.outreach;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.SortedMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the outreach engine remembers, shared by every instance: which arm each customer is in (the first
 * assignment is kept, so a customer never changes arm within a test), the messages each customer got
 * (for the caps: ours per strategy and week, WeCom's enterprise messages per natural month), and each
 * customer's outcomes per test, counted per arm (each outcome once per customer: a second delivery or
 * reply changes nothing). Atomic per customer on every instance. Each outcome counted is counted under its
 * day too (the day of its {@code at} in the bank's zone, given to the adapter), so a test can be read day
 * by day as it converges.
 */
public interface OutreachLedger {

    /** How long the per-day counts are kept: longer than a test runs, and than any range read of it. */
    int DAYS_KEPT = 400;

    /**
     * A test's counts per day and in all, read in one step (so that the totals minus the days after any day
     * are exactly the counts up to that day, whatever is being marked meanwhile).
     *
     * @param totals per arm, the customers at each outcome in all: what {@link #counts} answers
     * @param days   per day of the range read (days with nothing counted left out), per arm, the customers
     *               whose outcome was counted that day
     */
    record DailyCounts(Map<String, Map<Outcome, Long>> totals,
                       SortedMap<LocalDate, Map<String, Map<Outcome, Long>>> days) {
    }

    /** Keeps {@code arm} as the customer's arm in the test unless one is kept already; answers the arm kept. */
    Mono<String> assign(String testId, String customer, String arm, Instant at);

    /** The customer's arm in the test; empty when they were never assigned. */
    Mono<String> armOf(String testId, String customer);

    /**
     * Notes a message made for the customer by {@code strategyId}; {@code enterprise} when it is a 客户联系
     * enterprise message (it counts towards WeCom's monthly limit), not a 微信客服 reply.
     */
    Mono<Void> sent(String customer, String strategyId, boolean enterprise, Instant at);

    /**
     * Notes a message for the customer by {@code strategyId} ({@code enterprise}: a 客户联系 enterprise
     * message, else a 微信客服 reply) only if, counting what is noted already, the strategy has sent them
     * fewer than {@code perWeek} in the last 7 days and they got fewer than {@code monthLimit} enterprise
     * messages this natural month ({@code zone}): atomically, so two instances deciding for one customer at
     * once cannot both pass a cap. Answers the note's id (to {@link #unsend} it when no message came of it
     * after all); empty when a cap is reached.
     */
    Mono<String> reserve(String customer, String strategyId, boolean enterprise, int perWeek, int monthLimit,
                         Instant now, ZoneId zone);

    /** Takes back a note {@link #reserve} made (the task was not created). */
    Mono<Void> unsend(String customer, String reservation);

    /** What the caps and the audience read: the last message, this strategy's week, this natural month. */
    Mono<OutreachPlanner.History> history(String customer, String strategyId, Instant now,
                                          ZoneId zone);

    /**
     * Marks the outcome for the customer in the test, once: true the first time (and counted for their
     * arm), false after; false too for a customer never assigned (nothing to count against).
     */
    Mono<Boolean> mark(String testId, String customer, Outcome outcome, Instant at);

    /** When the customer's outcome was marked in the test; empty when it was not. */
    Mono<Instant> markedAt(String testId, String customer, Outcome outcome);

    /** Per arm, how many customers reached each outcome (ASSIGNED included); arms with none are left out. */
    Mono<Map<String, Map<Outcome, Long>>> counts(String testId);

    /**
     * The test's counts per day from {@code from} to {@code to} (both included; the bank's days, kept
     * {@link #DAYS_KEPT} days) with its totals, in one step. Every outcome {@link #assign} and {@link #mark}
     * count is under exactly one day, so the days of a range covering the whole test add up to the totals.
     */
    Mono<DailyCounts> daily(String testId, LocalDate from, LocalDate to);

    /** Keeps (or replaces) a task to follow. */
    Mono<Void> openTask(OpenTask task);

    /** The tasks followed, oldest first, at most {@code limit}. */
    Flux<OpenTask> openTasks(int limit);

    /** Stops following the task. */
    Mono<Void> closeTask(String msgid);

    /**
     * Takes the right to follow the tasks for {@code lease} (one instance at a time reminds and cancels);
     * false when another holds it. The holder renews it by taking it again.
     */
    Mono<Boolean> lease(String holder, Duration lease);
}
