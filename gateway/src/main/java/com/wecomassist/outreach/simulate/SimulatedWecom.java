package com.wecomassist.outreach.simulate;

import com.wecomassist.outreach.OutreachTasks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import reactor.core.publisher.Mono;

/**
 * WeCom's 企业群发 as the simulation needs it, in process: each task is confirmed by its employee with the
 * run's confirm share, after a delay of 1 to 24 hours, decided (seeded) when the task is made; a customer
 * receives at most 4 enterprise messages a natural month (bank time), counted at confirmation, as WeCom
 * does. The built-in simulator's 群发助手 plays the same rules over HTTP; this one keeps a run of a
 * hundred thousand customers in memory and in simulated time.
 */
final class SimulatedWecom implements OutreachTasks {

    private record Task(String customer, Instant confirmAt) {
    }

    private final Map<String, Task> tasks = new HashMap<>();
    private final Map<String, Instant> lastTaskOf = new HashMap<>();
    private final Map<String, Integer> monthly = new HashMap<>();
    private final Map<String, Result> settled = new HashMap<>();
    private final Random random;
    private final double confirmShare;
    private final Clock clock;
    private final ZoneId zone;
    private long next;
    long created;
    long warned;

    SimulatedWecom(Random random, double confirmShare, Clock clock, ZoneId zone) {
        this.random = random;
        this.confirmShare = confirmShare;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public synchronized Mono<String> create(String sender, String customer, String text) {
        String msgid = "sim" + (++next);
        Instant confirmAt = random.nextDouble() < confirmShare
                ? clock.instant().plus(Duration.ofMinutes(60 + random.nextInt(23 * 60))) : null;
        tasks.put(msgid, new Task(customer, confirmAt));
        lastTaskOf.put(customer, confirmAt);
        created++;
        return Mono.just(msgid);
    }

    @Override
    public synchronized Mono<Void> warn(String employee, String customer, String why) {
        warned++;
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Result> result(String msgid, String employee, String customer) {
        Result done = settled.get(msgid);
        if (done != null) {
            return Mono.just(done);
        }
        Task task = tasks.get(msgid);
        if (task == null || task.confirmAt() == null || clock.instant().isBefore(task.confirmAt())) {
            return Mono.just(new Result(State.WAITING, null));
        }
        String month = task.customer() + "|" + YearMonth.from(task.confirmAt().atZone(zone));
        int received = monthly.getOrDefault(month, 0);
        Result result;
        if (received >= 4) {
            result = new Result(State.OVER_LIMIT, task.confirmAt());
        } else {
            monthly.put(month, received + 1);
            result = new Result(State.SENT, task.confirmAt());
        }
        settled.put(msgid, result);
        return Mono.just(result);
    }

    @Override
    public synchronized Mono<Void> remind(String msgid) {
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Void> cancel(String msgid) {
        Task task = tasks.get(msgid);
        if (task != null && task.confirmAt() != null && clock.instant().isBefore(task.confirmAt())) {
            tasks.put(msgid, new Task(task.customer(), null));
        }
        return Mono.empty();
    }

    /** When the customer's latest task will be confirmed; null when it never will be (or there is none). */
    synchronized Instant confirmationOfLatest(String customer) {
        return lastTaskOf.get(customer);
    }
}
