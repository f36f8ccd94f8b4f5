package com.wecomassist.outreach;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.kpi.TaskTally;
import com.wecomassist.engagement.Engagement;
import com.wecomassist.engagement.Engagements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows the 企业群发 tasks the engine made until each is final, one instance at a time (the ledger's
 * lease): a task the employee sent is CONFIRMED and DELIVERED for its customer (at WeCom's send time); one
 * sent but over the customer's monthly limit is CONFIRMED only; a delivered task is also the employee's
 * engagement of the customer ({@link Engagements}, at the same time); one whose customer is no longer a friend
 * ends. A task still waiting half-way to its expiry is reminded once (WeCom allows 3 in 24 h: the gateway
 * takes one); at expiry it is cancelled. A task WeCom cannot be asked about now is asked again next time.
 * How each ended is counted per employee ({@link TaskTally}).
 */
public class TaskFollowUp {

    private static final Logger log = LoggerFactory.getLogger(TaskFollowUp.class);
    public static final Duration EVERY = Duration.ofMinutes(1);
    static final Duration LEASE = Duration.ofMinutes(3);
    /** Tasks looked at per tick: all of them at a bank's volume (tasks wait at most a week), oldest first. */
    static final int PER_TICK = 20_000;

    private final OutreachLedger ledger;
    private final OutreachTasks tasks;
    private final Engagements engagements;
    private final Clock clock;
    private final TaskTally tally;
    private final AuditTrail audit;
    private final String holder = "follow-up-" + UUID.randomUUID();

    /**
     * @param tally how each task ended, per employee (the KPIs' 群发执行率)
     * @param audit where each task's end (and its reminder) is recorded, after the decision that made it
     */
    public TaskFollowUp(OutreachLedger ledger, OutreachTasks tasks, Engagements engagements, TaskTally tally,
                        AuditTrail audit, Clock clock) {
        this.tally = tally;
        this.audit = audit;
        this.ledger = ledger;
        this.tasks = tasks;
        this.engagements = engagements;
        this.clock = clock;
    }

    /** One look at the open tasks; answers how many ended. */
    public Mono<Long> tick() {
        return ledger.lease(holder, LEASE).flatMap(mine -> !mine ? Mono.just(0L)
                : ledger.openTasks(PER_TICK).concatMap(task -> follow(task).onErrorResume(e -> {
                    log.debug("task {} not followed now: {}", task.msgid(), e.toString());
                    return Mono.just(false);
                })).filter(ended -> ended).count());
    }

    /** True when the task ended. */
    private Mono<Boolean> follow(OpenTask task) {
        return tasks.result(task.msgid(), task.employee(), task.customer())
                .flatMap(result -> counted(task, result))
                .flatMap(result -> {
            Instant now = clock.instant();
            return switch (result.state()) {
                case SENT -> mark(task, Outcome.CONFIRMED, result.sentAt(), now)
                        .then(mark(task, Outcome.DELIVERED, result.sentAt(), now))
                        .then(engagements.record(new Engagement(task.employee(), task.customer(),
                                sentAt(result.sentAt(), now), Engagement.Source.TASK_DELIVERED)))
                        .then(recorded(task, "DELIVERED", sentAt(result.sentAt(), now), now))
                        .then(ledger.closeTask(task.msgid())).thenReturn(true);
                case OVER_LIMIT -> mark(task, Outcome.CONFIRMED, result.sentAt(), now)
                        .then(recorded(task, "OVER_LIMIT", sentAt(result.sentAt(), now), now))
                        .then(ledger.closeTask(task.msgid())).thenReturn(true);
                case NOT_FRIEND -> recorded(task, "NOT_FRIEND", null, now)
                        .then(ledger.closeTask(task.msgid())).thenReturn(true);
                case WAITING -> waiting(task, now);
            };
        });
    }

    private Mono<Boolean> waiting(OpenTask task, Instant now) {
        if (!now.isBefore(task.expiresAt())) {
            return tasks.cancel(task.msgid())
                    .then(tally.ended(task.msgid(), task.employee(), task.createdAt(), TaskTally.End.EXPIRED))
                    .then(recorded(task, "EXPIRED", null, now))
                    .then(ledger.closeTask(task.msgid())).thenReturn(true);
        }
        Instant halfWay = task.createdAt().plus(Duration.between(task.createdAt(), task.expiresAt()).dividedBy(2));
        if (task.reminded() == null && !now.isBefore(halfWay)) {
            return tasks.remind(task.msgid()).then(ledger.openTask(task.withReminded(now)))
                    .then(recorded(task, "REMINDED", null, now)).thenReturn(false);
        }
        return Mono.just(false);
    }

    /**
     * Counts a task WeCom says is final (sent, over the limit, not a friend: none of them changes again) before
     * the ledger is told, so a failure after it is retried next time and counted once (the tally keeps the
     * first); a waiting task is counted as expired once it is cancelled.
     */
    private Mono<OutreachTasks.Result> counted(OpenTask task, OutreachTasks.Result result) {
        TaskTally.End end = switch (result.state()) {
            case SENT, OVER_LIMIT -> TaskTally.End.CONFIRMED;
            case NOT_FRIEND -> TaskTally.End.NOT_FRIEND;
            case WAITING -> null;
        };
        return end == null ? Mono.just(result)
                : tally.ended(task.msgid(), task.employee(), task.createdAt(), end).thenReturn(result);
    }

    /** On the trail beside the decision that made the task (the same conversation: the employee and the customer). */
    private Mono<Void> recorded(OpenTask task, String outcome, Instant sentAt, Instant now) {
        return audit.record(AuditEvent.of("contact:" + task.employee() + ":" + task.customer(), task.msgid(), "system",
                now, new AuditDetails.OutreachTask(task.msgid(), task.strategyId(), task.employee(), outcome,
                        sentAt == null ? null : sentAt.toString())));
    }

    /**
     * At WeCom's send time; a send time ahead of our clock (skew) is taken as now, in whole seconds as WeCom's
     * times are, so that a reply WeCom stamps in the same second counts as after it.
     */
    private Mono<Boolean> mark(OpenTask task, Outcome outcome, Instant at, Instant now) {
        return ledger.mark(task.testId(), task.customer(), outcome, sentAt(at, now));
    }

    private static Instant sentAt(Instant at, Instant now) {
        Instant second = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return at == null || at.isAfter(second) ? second : at;
    }

    /** For the bean: the ticks, every {@link #EVERY}. */
    public Flux<Long> ticks() {
        return Flux.interval(EVERY, EVERY).onBackpressureDrop().concatMap(t -> tick().onErrorResume(e -> {
            log.warn("outreach tasks not followed: {}", e.toString());
            return Mono.just(0L);
        }));
    }
}
