package com.wecomassist.outreach;

import com.wecomassist.kpi.TaskTally;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.conversation.ConversationLanes;
import com.wecomassist.outreach.OutreachPlanner.Channel;
import com.wecomassist.outreach.OutreachPlanner.Decision;
import com.wecomassist.outreach.OutreachPlanner.Plan;
import com.wecomassist.roster.RosterEntry;
import com.wecomassist.strategy.Strategy;
import com.wecomassist.strategy.StrategyCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the strategies in force on one bank event for one customer: reads what is known of the customer
 * (the bank's link, the contact directory, the ledger), asks {@link OutreachPlanner} what to do, and
 * does it — keeps the arm in the ledger (the control group too), makes the message (the arm's words for
 * this customer, {@link MessageComposer}), checks it as an employee's reply, and creates the task the
 * employee confirms ({@link OutreachTasks}) — or, to a customer whose 微信客服 window is open, sends the
 * arm's 微信客服 words as the bot's reply ({@link KfOutreach}) — or tells a person of a churn warning. Every decision that
 * concerns a customer in the audience is on the audit trail, from the event id to WeCom's msgid.
 *
 * <p>The words may be personalised first ({@link Personaliser}); personalised words that do not pass give
 * way to the words as written, and words that do not pass as made are not sent (the template passed when
 * it was published; what can fail is an attribute put into a slot). The caps are taken atomically right
 * before the message ({@link OutreachLedger#reserve}). Quiet hours hold the event until they end, in a
 * store every instance sees ({@link QuietHourHolds}, decided again by {@link HeldRelease}). Whether the
 * customer opted out, whether their 管户 engaged them in the first month and whether a 微信客服 window is
 * open are read with the rest ({@link CustomerFactsReader}).
 */
public class OutreachEngine {

    private static final Logger log = LoggerFactory.getLogger(OutreachEngine.class);

    private final StrategyCatalogue catalogue;
    private final OutreachLedger ledger;
    private final CustomerFactsReader factsReader;
    private final Supplier<Map<String, RosterEntry>> roster;
    private final ComplianceReview compliance;
    private final OutreachTasks tasks;
    private final KfOutreach kf;
    private final QuietHourHolds holds;
    private final Personaliser personaliser;
    private final AuditTrail audit;
    private final MeterRegistry meters;
    private final ZoneId zone;
    private final Clock clock;
    private final TaskTally tally;
    /** Decisions one at a time per customer, concurrently across customers (in this instance). */
    private final ConversationLanes customers = new ConversationLanes();

    public OutreachEngine(StrategyCatalogue catalogue, OutreachLedger ledger, CustomerFactsReader facts,
                          Supplier<Map<String, RosterEntry>> roster, ComplianceReview compliance,
                          OutreachTasks tasks, KfOutreach kf, QuietHourHolds holds, Personaliser personaliser,
                          AuditTrail audit, MeterRegistry meters, ZoneId zone, Clock clock) {
        // the simulation and tests of other things keep no tally
        this(catalogue, ledger, facts, roster, compliance, tasks, kf, holds, personaliser, audit, meters, zone, clock,
                TaskTally.NOT_COUNTED);
    }

    /** With the tally of the tasks made for each employee (the KPIs' 群发执行率). */
    public OutreachEngine(StrategyCatalogue catalogue, OutreachLedger ledger, CustomerFactsReader facts,
                          Supplier<Map<String, RosterEntry>> roster, ComplianceReview compliance,
                          OutreachTasks tasks, KfOutreach kf, QuietHourHolds holds, Personaliser personaliser,
                          AuditTrail audit, MeterRegistry meters, ZoneId zone, Clock clock, TaskTally tally) {
        this.tally = tally;
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.factsReader = facts;
        this.roster = roster;
        this.compliance = compliance;
        this.tasks = tasks;
        this.kf = kf;
        this.holds = holds;
        this.personaliser = personaliser;
        this.audit = audit;
        this.meters = meters;
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * What every strategy started by the event's type decided for the customer, in strategy order — after
     * the event is counted as a conversion wherever it is one ({@link #conversions}).
     */
    public Mono<List<Plan>> on(OutreachPlanner.Event event, String customer) {
        // One customer's events are decided one at a time: the caps are read from the ledger before the
        // task is created and written after it, so two events decided at once (concurrent batches of the
        // bank's feed) would both pass a weekly cap of 1 — and five at once WeCom's 4 a month.
        return Mono.defer(() -> {
            AtomicReference<List<Plan>> plans = new AtomicReference<>(List.of());
            return customers.submit(customer, () -> decideAll(event, customer).doOnNext(plans::set).then())
                    .then(Mono.fromSupplier(plans::get));
        });
    }

    private Mono<List<Plan>> decideAll(OutreachPlanner.Event event, String customer) {
        List<StrategyCatalogue.InForce> strategies = catalogue.triggeredBy(event.type());
        Mono<Void> converted = conversions(event, customer);
        if (strategies.isEmpty()) {
            return converted.thenReturn(List.of());
        }
        return converted.then(facts(customer)).flatMap(facts -> Flux.fromIterable(strategies)
                .concatMap(s -> decide(s, event, facts))
                .collectList());
    }

    /**
     * 转化: the event is a conversion of every strategy (stopped ones too) whose {@code conversion} it meets,
     * for a customer assigned to its test within the window before it — the control group too (intent to
     * treat: what happens without a message is the baseline).
     */
    Mono<Void> conversions(OutreachPlanner.Event event, String customer) {
        return Flux.fromIterable(catalogue.measured().values())
                .filter(s -> s.strategy().conversion() != null
                        && event.type().equals(s.strategy().conversion().eventType())
                        && Conditions.allMet(s.strategy().conversion().conditions(), event.attributes()))
                .concatMap(s -> within(s.strategy(), customer, event.at(),
                        Duration.ofDays(s.strategy().conversion().windowDays() == null ? 14
                                : s.strategy().conversion().windowDays()), Outcome.CONVERTED))
                .then();
    }

    /** 流失: the customer removed the employee; counted for every test they were assigned to within churnDays. */
    public Mono<Void> churned(String customer, Instant at) {
        return Flux.fromIterable(catalogue.measured().values())
                .concatMap(s -> within(s.strategy(), customer, at,
                        Duration.ofDays(s.strategy().churnDays() == null ? 30 : s.strategy().churnDays()), Outcome.CHURNED))
                .then();
    }

    /**
     * 互动: the customer wrote; counted for every test whose message reached them (DELIVERED) within
     * {@code engagementDays} before (3 when the strategy says nothing).
     */
    public Mono<Void> replied(String customer, Instant at) {
        return Flux.fromIterable(catalogue.measured().values())
                .concatMap(s -> {
                    String testId = OutreachPlanner.testId(s.strategy());
                    Duration window = Duration.ofDays(s.strategy().engagementDays() == null ? 3
                            : s.strategy().engagementDays());
                    return ledger.markedAt(testId, customer, Outcome.DELIVERED)
                            .filter(delivered -> !at.isBefore(delivered) && !at.isAfter(delivered.plus(window)))
                            .flatMap(delivered -> ledger.mark(testId, customer, Outcome.REPLIED, at));
                })
                .then();
    }

    private Mono<Boolean> within(Strategy strategy, String customer, Instant at, Duration window, Outcome outcome) {
        String testId = OutreachPlanner.testId(strategy);
        return ledger.markedAt(testId, customer, Outcome.ASSIGNED)
                .filter(assigned -> !at.isBefore(assigned) && !at.isAfter(assigned.plus(window)))
                .flatMap(assigned -> ledger.mark(testId, customer, outcome, at));
    }

    private Mono<OutreachPlanner.CustomerFacts> facts(String customer) {
        return Mono.defer(() -> factsReader.read(customer, clock.instant()));
    }

    private Mono<Plan> decide(StrategyCatalogue.InForce inForce, OutreachPlanner.Event event,
                              OutreachPlanner.CustomerFacts facts) {
        Strategy strategy = inForce.strategy();
        Instant now = clock.instant();
        return ledger.history(facts.externalUserId(), strategy.id(), now, zone).flatMap(history -> {
            Plan plan = OutreachPlanner.plan(strategy, inForce.version(), event, facts, history, directManagers(), zone, now);
            meters.counter("assist.outreach.decisions", "strategy", strategy.id(), "decision", plan.decision().name())
                    .increment();
            return switch (plan.decision()) {
                case NOT_TRIGGERED, NOT_IN_AUDIENCE -> Mono.just(plan);
                case ESCALATE -> (plan.arm() == null ? Mono.<String>empty()
                        : ledger.assign(plan.testId(), facts.externalUserId(), plan.arm(), now))
                        .then(plan.employee() == null ? Mono.just(plan) : warn(strategy, facts, plan, now))
                        .flatMap(done -> recorded(event, facts, done, null, null).thenReturn(done));
                case CONTROL, CAPPED, UNREACHABLE -> ledger.assign(plan.testId(), facts.externalUserId(), plan.arm(), now)
                        .then(recorded(event, facts, plan, null, null))
                        .thenReturn(plan);
                case HOLD_QUIET_HOURS -> ledger.assign(plan.testId(), facts.externalUserId(), plan.arm(), now)
                        .then(holds.hold(HeldEvent.of(strategy.id(), facts.externalUserId(), event, plan.notBefore())))
                        .doOnSuccess(held -> meters.counter("assist.outreach.held").increment())
                        .then(recorded(event, facts, plan, null, null))
                        .thenReturn(plan);
                case SEND -> ledger.assign(plan.testId(), facts.externalUserId(), plan.arm(), now)
                        .flatMap(arm -> send(strategy, event, facts, plan, arm));
            };
        });
    }

    /**
     * Tells the person of a churn warning; once told, the warning counts for the week's cap and, in the test, as
     * sent and delivered (the person is who it is delivered to: 互动 and 流失 are measured from then).
     */
    private Mono<Plan> warn(Strategy strategy, OutreachPlanner.CustomerFacts facts, Plan plan, Instant now) {
        String customer = facts.externalUserId();
        Mono<Void> counted = ledger.sent(customer, strategy.id(), false, now)
                .then(plan.arm() == null ? Mono.empty() : ledger.mark(plan.testId(), customer, Outcome.SENT, now)
                        .then(ledger.mark(plan.testId(), customer, Outcome.DELIVERED, now)).then());
        return tasks.warn(plan.employee(), customer, strategy.name())
                .then(counted)
                .thenReturn(plan)
                .onErrorResume(e -> {
                    log.warn("churn warning for {} not delivered: {}", customer, e.toString());
                    return Mono.just(new Plan(Decision.ESCALATE, plan.strategyId(), plan.version(), plan.testId(),
                            plan.arm(), plan.channel(), plan.employee(), null, "warning-not-delivered"));
                });
    }

    private Mono<Plan> send(Strategy strategy, OutreachPlanner.Event event, OutreachPlanner.CustomerFacts facts,
                            Plan plan, String arm) {
        Strategy.Message message = MessageComposer.messageOf(strategy, arm);
        if (plan.channel() == Channel.KF) {
            // the bank's words for 微信客服 as written (the model personalises an employee's words only)
            String text = MessageComposer.compose(message.kfTemplate(), null, event.attributes());
            return compliance.check(text, TextKind.AGENT_REPLY).flatMap(verdict -> sendChecked(strategy, event, facts,
                    plan, arm, text, verdict, new Personaliser.Words(message.kfTemplate(), "kfTemplate", null)));
        }
        RosterEntry employee = roster.get().get(plan.employee());
        String name = employee == null ? null : employee.name();
        Set<String> attributeNames = event.attributes() == null ? Set.of() : event.attributes().keySet();
        return personaliser.personalise(message, attributeNames).flatMap(words -> {
            String text = MessageComposer.compose(words.template(), name, event.attributes());
            return compliance.check(text, TextKind.AGENT_REPLY).flatMap(verdict -> {
                if (verdict.action() == Action.PASS || words.template().equals(message.template())) {
                    return sendChecked(strategy, event, facts, plan, arm, text, verdict, words);
                }
                // the personalised words did not pass: the words as written (they passed at publication)
                Personaliser.Words asWritten = new Personaliser.Words(message.template(),
                        "template (llm: not compliant)", words.prompt());
                String plain = MessageComposer.compose(message.template(), name, event.attributes());
                return compliance.check(plain, TextKind.AGENT_REPLY)
                        .flatMap(again -> sendChecked(strategy, event, facts, plan, arm, plain, again, asWritten));
            });
        });
    }

    private Mono<Plan> sendChecked(Strategy strategy, OutreachPlanner.Event event, OutreachPlanner.CustomerFacts facts,
                                   Plan plan, String arm, String text, Verdict verdict, Personaliser.Words words) {
        if (verdict.action() != Action.PASS) {
            Plan refused = new Plan(Decision.UNREACHABLE, plan.strategyId(), plan.version(), plan.testId(), arm,
                    plan.channel(), plan.employee(), null, "not-compliant");
            return recorded(event, facts, refused, verdict, null, words).thenReturn(refused);
        }
        Instant now = clock.instant();
        String customer = facts.externalUserId();
        Plan leftOut = new Plan(Decision.UNREACHABLE, plan.strategyId(), plan.version(), plan.testId(), arm,
                plan.channel(), plan.employee(), null, "left-out-by-wecom");
        Plan capped = new Plan(Decision.CAPPED, plan.strategyId(), plan.version(), plan.testId(), arm, null, null, null,
                "cap-reached-meanwhile");
        int perWeek = strategy.caps() == null || strategy.caps().perCustomerPerWeek() == null ? 1
                : strategy.caps().perCustomerPerWeek();
        if (plan.channel() == Channel.KF) {
            // a 微信客服 reply: our weekly cap holds, WeCom's monthly limit is for enterprise messages only
            Plan windowClosed = new Plan(Decision.UNREACHABLE, plan.strategyId(), plan.version(), plan.testId(), arm,
                    plan.channel(), null, null, "kf-window-closed");
            return ledger.reserve(customer, strategy.id(), false, perWeek, Integer.MAX_VALUE, now, zone)
                    .flatMap(reservation -> kf.send(plan.testId(), event.eventId(), customer, text, now)
                            .flatMap(replyId -> ledger.mark(plan.testId(), customer, Outcome.SENT, now)
                                    .then(recorded(event, facts, plan, verdict, replyId, words))
                                    .thenReturn(plan))
                            .switchIfEmpty(Mono.defer(() -> ledger.unsend(customer, reservation)
                                    .then(recorded(event, facts, windowClosed, verdict, null, words))
                                    .thenReturn(windowClosed))))
                    .switchIfEmpty(Mono.defer(() -> recorded(event, facts, capped, verdict, null, words).thenReturn(capped)));
        }
        // the caps are taken atomically before the task: another instance deciding for this customer meanwhile
        // cannot pass them too (the planner read them a moment ago, without taking them)
        return ledger.reserve(customer, strategy.id(), true, perWeek, OutreachPlanner.WECOM_MONTHLY_LIMIT, now, zone)
                .flatMap(reservation -> tasks.create(plan.employee(), customer, text)
                        .flatMap(msgid -> ledger.mark(plan.testId(), customer, Outcome.SENT, now)
                                .then(ledger.openTask(new OpenTask(msgid, plan.testId(), strategy.id(), customer,
                                        plan.employee(), now, now.plus(expiry(strategy)), null)))
                                // fails open: the task is made and followed; a count lost here is made good when it ends
                                .then(tally.created(msgid, plan.employee(), now).onErrorResume(e -> Mono.empty()))
                                .then(recorded(event, facts, plan, verdict, msgid, words))
                                .thenReturn(plan))
                        .switchIfEmpty(Mono.defer(() -> ledger.unsend(customer, reservation)
                                .then(recorded(event, facts, leftOut, verdict, null, words)).thenReturn(leftOut))))
                .switchIfEmpty(Mono.defer(() -> recorded(event, facts, capped, verdict, null, words).thenReturn(capped)));
    }

    /** How long a task may wait for the employee: the strategy's {@code expiresAfter}, else 48 h. */
    static Duration expiry(Strategy strategy) {
        Duration d = strategy.expiresAfter() == null ? null
                : com.wecomassist.strategy.StrategyRules.duration(strategy.expiresAfter());
        return d == null ? Duration.ofHours(48) : d;
    }

    /**
     * An event held for quiet hours, now that they ended ({@link HeldRelease}): decided again, in the customer's
     * lane, by the strategy in force now (not when it was held: a strategy stopped meanwhile sends nothing)
     * and what is known of the customer now.
     */
    public Mono<Void> decideHeld(HeldEvent held) {
        StrategyCatalogue.InForce inForce = catalogue.inForce().get(held.strategyId());
        if (inForce == null) {
            meters.counter("assist.outreach.held_dropped").increment();
            log.info("held outreach {} dropped: strategy {} is not in force any more", held.id(), held.strategyId());
            return Mono.empty();
        }
        return customers.submit(held.customer(), () -> facts(held.customer())
                .flatMap(facts -> decide(inForce, held.event(), facts)).then());
    }

    private Set<String> directManagers() {
        return roster.get().values().stream().filter(e -> "direct".equals(e.role())).map(RosterEntry::userid)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private Mono<Void> recorded(OutreachPlanner.Event event, OutreachPlanner.CustomerFacts facts, Plan plan,
                                Verdict verdict, String msgid) {
        return recorded(event, facts, plan, verdict, msgid, null);
    }

    private Mono<Void> recorded(OutreachPlanner.Event event, OutreachPlanner.CustomerFacts facts, Plan plan,
                                Verdict verdict, String msgid, Personaliser.Words words) {
        List<String> rules = verdict == null ? null : verdict.hits().stream().map(Hit::ruleId).distinct().toList();
        return audit.record(AuditEvent.of("contact:" + (plan.employee() == null ? "-" : plan.employee()) + ":"
                        + facts.externalUserId(), event.eventId(), "system", clock.instant(),
                new AuditDetails.OutreachPlanned(event.eventId(), plan.strategyId(), plan.version(), plan.arm(),
                        plan.decision().name(), plan.reason(), plan.channel() == null ? null : plan.channel().name(),
                        plan.employee(), verdict == null ? null : verdict.action().name(),
                        rules == null || rules.isEmpty() ? null : rules, msgid,
                        words == null ? null : words.by(), words == null ? null : words.prompt())));
    }
}
