package com.wecomassist.kpi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How the 企业群发 tasks the engine made for each employee to confirm turned out, per employee and bank day of
 * the task's creation: what the 群发执行率 of the KPIs is read from. A task is counted under the day it was
 * made, so a day's figures are final once its tasks are (at most the strategy's {@code expiresAfter}, 7 days,
 * later). Each task is counted once as made and once for how it ended, however often it is told (the
 * follow-up asks WeCom again after a failure): the first ending told is kept. Shared by every instance.
 */
public interface TaskTally {

    /**
     * Tasks end at most 7 days after they are made ({@code expiresAfter}); the tally remembers which tasks it
     * counted for four times that, so a follow-up held up for days still counts each once.
     */
    Duration REMEMBERED = Duration.ofDays(28);

    /** How a task ended. */
    enum End {
        /** The employee sent it (delivered, or kept from the customer by WeCom's monthly limit). */
        CONFIRMED,
        /** Cancelled at its expiry, unconfirmed. */
        EXPIRED,
        /** The customer was no longer the employee's friend before the employee confirmed it. */
        NOT_FRIEND
    }

    /** Counts a task the engine made for {@code employee} at {@code createdAt}. */
    Mono<Void> created(String msgid, String employee, Instant createdAt);

    /** Counts how the task made for {@code employee} at {@code createdAt} ended (and it as made, if that count was lost). */
    Mono<Void> ended(String msgid, String employee, Instant createdAt, End end);

    /** Each employee's figures of each day from {@code from} to {@code to} (bank days), days without tasks left out. */
    Flux<TaskDay> between(LocalDate from, LocalDate to);

    /** For callers that keep no tally (the simulation, tests of other things). */
    TaskTally NOT_COUNTED = new TaskTally() {
        @Override
        public Mono<Void> created(String msgid, String employee, Instant createdAt) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> ended(String msgid, String employee, Instant createdAt, End end) {
            return Mono.empty();
        }

        @Override
        public Flux<TaskDay> between(LocalDate from, LocalDate to) {
            return Flux.empty();
        }
    };
}
