package com.wecomassist.outreach;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.testing.RecordingAuditTrail;
import com.wecomassist.kpi.TaskDay;
import com.wecomassist.kpi.TaskTally;
import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.engagement.Engagement;
import com.wecomassist.engagement.memory.InMemoryEngagements;
import com.wecomassist.outreach.OutreachTasks.Result;
import com.wecomassist.outreach.OutreachTasks.State;
import com.wecomassist.outreach.memory.InMemoryOutreachLedger;
import com.wecomassist.kpi.memory.InMemoryTaskTally;
import com.wecomassist.wecom.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Following the tasks until each is final: outcomes, the one reminder, cancelling at expiry, the lease. */
class TaskFollowUpTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant CREATED = Instant.parse("2026-12-07T02:00:00Z");
    private static final String TEST = "t|control:1.0:c|a:1.0";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    final InMemoryOutreachLedger ledger = new InMemoryOutreachLedger();
    final Map<String, Result> states = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final OutreachTasks tasks = new OutreachTasks() {
        @Override
        public Mono<String> create(String sender, String customer, String text) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<Void> warn(String employee, String customer, String why) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<Result> result(String msgid, String employee, String customer) {
            Result r = states.get(msgid);
            return r == null ? Mono.error(new IllegalStateException("WeCom busy")) : Mono.just(r);
        }

        @Override
        public Mono<Void> remind(String msgid) {
            calls.add("remind " + msgid);
            return Mono.empty();
        }

        @Override
        public Mono<Void> cancel(String msgid) {
            calls.add("cancel " + msgid);
            return Mono.empty();
        }
    };

    final MutableClock clock = new MutableClock(CREATED);
    final InMemoryEngagements engagements = new InMemoryEngagements(clock);
    final InMemoryTaskTally tally = new InMemoryTaskTally(CHINA, Duration.ofDays(400), clock);
    final RecordingAuditTrail audit = new RecordingAuditTrail();
    final TaskFollowUp followUp = new TaskFollowUp(ledger, tasks, engagements, tally, audit, clock);

    /** The one follow-up (it holds the lease), its clock moved to {@code afterCreation}. */
    private TaskFollowUp at(Duration afterCreation) {
        clock.advance(Duration.between(clock.instant(), CREATED.plus(afterCreation)));
        return followUp;
    }

    private void task(String msgid, String customer, State state) {
        ledger.assign(TEST, customer, "a", CREATED).block(WAIT);
        ledger.openTask(new OpenTask(msgid, TEST, "t", customer, "zhangwei", CREATED, CREATED.plus(Duration.ofHours(48)),
                null)).block(WAIT);
        if (state != null) {
            states.put(msgid, new Result(state, state == State.WAITING ? null : CREATED.plus(Duration.ofHours(3))));
        }
    }

    private List<String> open() {
        return ledger.openTasks(100).map(OpenTask::msgid).collectList().block(WAIT);
    }

    @Test
    void sentTasksAreConfirmedAndDeliveredOverTheLimitOnlyConfirmedAndNotFriendsEnd() {
        task("m1", "wm1", State.SENT);
        task("m2", "wm2", State.OVER_LIMIT);
        task("m3", "wm3", State.NOT_FRIEND);
        task("m4", "wm4", State.WAITING);
        task("m5", "wm5", null); // WeCom cannot be asked about it now
        assertThat(at(Duration.ofHours(4)).tick().block(WAIT)).isEqualTo(3);
        assertThat(open()).containsExactly("m4", "m5");
        assertThat(ledger.counts(TEST).block(WAIT).get("a")).isEqualTo(Map.of(Outcome.ASSIGNED, 5L,
                Outcome.CONFIRMED, 2L, Outcome.DELIVERED, 1L));
        assertThat(ledger.markedAt(TEST, "wm1", Outcome.DELIVERED).block(WAIT)).isEqualTo(CREATED.plus(Duration.ofHours(3)));
        assertThat(calls).isEmpty();
        // the delivered task is its employee's engagement of the customer, at WeCom's send time; the others are not
        assertThat(engagements.of("wm1").collectList().block(WAIT)).containsExactly(new Engagement("zhangwei", "wm1",
                CREATED.plus(Duration.ofHours(3)), Engagement.Source.TASK_DELIVERED));
        assertThat(engagements.of("wm2").collectList().block(WAIT)).isEmpty();
        assertThat(engagements.of("wm4").collectList().block(WAIT)).isEmpty();
        // each end on the trail beside the decision that made the task: the employee's confirmation, WeCom's delivery
        assertThat(audit.recorded).extracting(e -> e.subject() + " " + e.details().get("outcome") + " "
                        + e.details().get("sentAt"))
                .containsExactlyInAnyOrder("m1 DELIVERED " + CREATED.plus(Duration.ofHours(3)),
                        "m2 OVER_LIMIT " + CREATED.plus(Duration.ofHours(3)), "m3 NOT_FRIEND null");
        assertThat(audit.recorded).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuditEvent.Type.OUTREACH_TASK);
            assertThat(e.conversation()).startsWith("contact:zhangwei:wm");
            assertThat(e.details()).containsEntry("strategy", "t").containsEntry("employee", "zhangwei");
        });
    }

    @Test
    void aWaitingTaskIsRemindedOnceHalfWayAndCancelledAtExpiry() {
        task("m1", "wm1", State.WAITING);
        at(Duration.ofHours(23)).tick().block(WAIT);
        assertThat(calls).isEmpty();
        at(Duration.ofHours(24)).tick().block(WAIT);
        at(Duration.ofHours(30)).tick().block(WAIT);
        assertThat(calls).containsExactly("remind m1");
        assertThat(open()).containsExactly("m1");
        assertThat(at(Duration.ofHours(48)).tick().block(WAIT)).isEqualTo(1);
        assertThat(calls).containsExactly("remind m1", "cancel m1");
        assertThat(open()).isEmpty();
        assertThat(audit.recorded).extracting(e -> e.details().get("outcome")).containsExactly("REMINDED", "EXPIRED");
    }

    @Test
    void whileAnotherInstanceFollowsTheTasksThisOneDoesNothing() {
        task("m1", "wm1", State.SENT);
        assertThat(ledger.lease("another instance", Duration.ofMinutes(3)).block(WAIT)).isTrue();
        assertThat(at(Duration.ofHours(4)).tick().block(WAIT)).isZero();
        assertThat(open()).containsExactly("m1");
    }

    @Test
    void eachTaskIsCountedForItsEmployeeOnceUnderTheDayItWasMade() {
        // the engine counted each as made; m5's count was lost (the follow-up makes it good)
        for (String m : List.of("m1", "m2", "m3", "m4")) {
            tally.created(m, "zhangwei", CREATED).block(WAIT);
        }
        task("m1", "wm1", State.SENT);
        task("m2", "wm2", State.OVER_LIMIT);
        task("m3", "wm3", State.NOT_FRIEND);
        task("m4", "wm4", State.WAITING);
        task("m5", "wm5", State.WAITING);
        at(Duration.ofHours(4)).tick().block(WAIT);
        LocalDate day = LocalDate.parse("2026-12-07");
        assertThat(tally.between(day, day).collectList().block(WAIT))
                .containsExactly(new TaskDay(day, "zhangwei", 4, 2, 0, 1));

        // m4 is confirmed at the last minute, m5 expires; and the follow-up runs once more over the same tasks
        // (as after a failure to close them in the ledger): nothing is counted twice
        states.put("m4", new Result(State.SENT, CREATED.plus(Duration.ofHours(47))));
        at(Duration.ofHours(48)).tick().block(WAIT);
        assertThat(open()).isEmpty();
        for (String m : List.of("m1", "m2", "m3", "m5")) {
            ledger.openTask(new OpenTask(m, TEST, "t", "wm" + m.substring(1), "zhangwei", CREATED,
                    CREATED.plus(Duration.ofHours(48)), null)).block(WAIT);
        }
        at(Duration.ofHours(49)).tick().block(WAIT);
        TaskDay counted = tally.between(day, day).blockFirst(WAIT);
        assertThat(counted).isEqualTo(new TaskDay(day, "zhangwei", 5, 3, 1, 1));
        assertThat(counted.open()).isZero();
    }
}
