package com.wecomassist.outreach;

import com.wecomassist.kpi.TaskDay;
import com.wecomassist.kpi.TaskTally;
import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.outreach.memory.InMemoryQuietHourHolds;
import com.wecomassist.wecom.MutableClock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.memory.InMemoryContactDirectory;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.memory.InMemoryCustomerLinks;
import com.wecomassist.engagement.Engagement;
import com.wecomassist.engagement.memory.InMemoryEngagements;
import com.wecomassist.events.BankEvent;
import com.wecomassist.optout.OptOut;
import com.wecomassist.optout.memory.InMemoryOptOuts;
import com.wecomassist.outreach.OutreachPlanner.Decision;
import com.wecomassist.outreach.OutreachPlanner.Plan;
import com.wecomassist.outreach.memory.InMemoryOutreachLedger;
import com.wecomassist.roster.RosterEntry;
import com.wecomassist.strategy.Strategy;
import com.wecomassist.strategy.StrategyCatalogue;
import com.wecomassist.strategy.StrategyDesk;
import com.wecomassist.strategy.StrategyPublication;
import com.wecomassist.strategy.memory.InMemoryStrategyStore;
import com.wecomassist.testing.RecordingAuditTrail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The engine on in-memory stores, the bank's rule pack and a recording WeCom. */
class OutreachEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Instant NOON = LocalDateTime.parse("2026-12-07T12:00").atZone(CHINA).toInstant();

    private static final String SPEC = """
            {"id": "lt-1", "name": "大额动帐 → 理财邀约", "kind": "OUTREACH",
             "trigger": {"eventTypes": ["large_transfer"], "conditions": [{"attribute": "direction", "op": "EQ", "value": "in"}]},
             "message": {"template": "{{称呼}}好，我是您的客户经理{{员工}}。关于{{event.note}}，有需要请回复我。"},
             "arms": [{"name": "control", "control": true}, {"name": "a"}],
             "caps": {"perCustomerPerWeek": 1},
             "conversion": {"eventType": "purchase", "windowDays": 14}}
            """;
    /** Written before churn warnings had arms: everyone in the audience is warned, nothing is measured. */
    private static final String CHURN = """
            {"id": "churn-1", "name": "大额转出预警", "kind": "CHURN_WARNING",
             "trigger": {"eventTypes": ["large_transfer"], "conditions": [{"attribute": "direction", "op": "EQ", "value": "out"}]}}
            """;

    record Task(String sender, String customer, String text) {
    }

    final MutableClock clock = new MutableClock(NOON);
    final List<Task> created = new CopyOnWriteArrayList<>();
    final List<String> warned = new CopyOnWriteArrayList<>();
    volatile boolean wecomLeavesCustomersOut;
    volatile boolean appMessagesFail;
    /** How long WeCom takes to answer add_msg_template (zero: at once). */
    volatile Duration wecomTakes = Duration.ZERO;
    final OutreachTasks tasks = new OutreachTasks() {
        @Override
        public Mono<String> create(String sender, String customer, String text) {
            if (wecomLeavesCustomersOut) {
                return Mono.empty();
            }
            if (!wecomTakes.isZero()) {
                return Mono.delay(wecomTakes).map(tick -> {
                    created.add(new Task(sender, customer, text));
                    return "msg" + created.size();
                });
            }
            created.add(new Task(sender, customer, text));
            return Mono.just("msg" + created.size());
        }

        @Override
        public Mono<Void> warn(String employee, String customer, String why) {
            if (appMessagesFail) {
                return Mono.error(new IllegalStateException("assist.wecom.agent-id is not set"));
            }
            warned.add(employee + ":" + customer + ":" + why);
            return Mono.empty();
        }

        @Override
        public Mono<Result> result(String msgid, String employee, String customer) {
            return Mono.just(new Result(State.WAITING, null));
        }

        @Override
        public Mono<Void> remind(String msgid) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> cancel(String msgid) {
            return Mono.empty();
        }
    };
    final InMemoryStrategyStore strategies = new InMemoryStrategyStore();
    final StrategyCatalogue catalogue = new StrategyCatalogue(strategies);
    final InMemoryOutreachLedger ledger = new InMemoryOutreachLedger();
    final InMemoryContactDirectory directory = new InMemoryContactDirectory(10);
    final InMemoryCustomerLinks links = new InMemoryCustomerLinks(clock);
    final ComplianceChecker bank = ComplianceChecker.bankDefault();
    final ComplianceReview compliance = (text, kind) -> Mono.fromSupplier(() -> bank.check(text, kind));
    final RecordingAuditTrail audit = new RecordingAuditTrail();
    /** The customers whose 微信客服 window is open (on account wk-1), and the replies handed to the outbound stage. */
    final Set<String> kfWindowOpen = ConcurrentHashMap.newKeySet();
    final List<OutgoingReply> kfReplies = new CopyOnWriteArrayList<>();
    final KfWindows windows = (customer, now) -> kfWindowOpen.contains(customer)
            ? Mono.just(ConversationKey.kf("wk-1", customer)) : Mono.empty();
    final KfOutreach kf = new KfOutreach(windows, reply -> Mono.fromRunnable(() -> kfReplies.add(reply)));
    final InMemoryQuietHourHolds holds = new InMemoryQuietHourHolds();
    final InMemoryOptOuts optOuts = new InMemoryOptOuts();
    final InMemoryEngagements engagements = new InMemoryEngagements(clock);
    static final Map<String, RosterEntry> ZHANGWEI =
            Map.of("zhangwei", new RosterEntry("zhangwei", "张伟", "一组", "浦东支行", "account-manager"));
    final OutreachEngine engine = engine(windows, kf, ZHANGWEI, Personaliser.AS_WRITTEN, TaskTally.NOT_COUNTED);

    /** An engine on this test's stores and WeCom, with its own 微信客服 windows, roster, words and tally. */
    private OutreachEngine engine(KfWindows windows, KfOutreach kf, Map<String, RosterEntry> roster,
                                  Personaliser personaliser, TaskTally tally) {
        return new OutreachEngine(catalogue, ledger, new CustomerFactsReader(links, directory, optOuts, engagements,
                windows), () -> roster, compliance, tasks, kf, holds, personaliser, audit, new SimpleMeterRegistry(),
                CHINA, clock, tally);
    }

    /** Published as the store keeps it (a spec of an older rule set, as {@link #CHURN}, included). */
    private void publish(String spec) {
        Strategy s = StrategyDesk.readPublished(spec);
        strategies.publish(new StrategyPublication(s.id(), 1, spec, "olga", "otto", true, NOON), 0).block(WAIT);
        catalogue.refresh(true).block(WAIT);
    }

    private void customerOfZhangwei(String customer) {
        directory.apply(ContactEvent.callback(ContactEvent.Kind.ADDED, customer, "zhangwei",
                NOON.minus(Duration.ofDays(10)), null, null, null)).block(WAIT);
        links.upsert(new CustomerLink(customer, "C-" + customer, "zhangwei", null, CustomerLink.Source.API, NOON, NOON))
                .block(WAIT);
    }

    private String customerIn(String arm) {
        Strategy s = StrategyDesk.parse(SPEC);
        for (int i = 0; ; i++) {
            if (OutreachPlanner.arm(s, OutreachPlanner.testId(s), "wm" + i).name().equals(arm)) {
                return "wm" + i;
            }
        }
    }

    private static List<String> customersIn(String arm, int count) {
        Strategy s = StrategyDesk.parse(SPEC);
        List<String> found = new java.util.ArrayList<>();
        for (int i = 0; found.size() < count; i++) {
            if (OutreachPlanner.arm(s, OutreachPlanner.testId(s), "wm-e" + i).name().equals(arm)) {
                found.add("wm-e" + i);
            }
        }
        return found;
    }

    private static BankEvent bankEvent(String id, String customer, String type, Instant at, Map<String, Object> attributes) {
        return new BankEvent(id, customer, null, type, at, attributes, BankEvent.Source.API, at);
    }

    private static OutreachPlanner.Event transfer(String id, String direction, String note) {
        return new OutreachPlanner.Event(id, "large_transfer", NOON, Map.of("direction", direction, "note", note));
    }

    @Test
    void aCustomerInAnArmGetsATaskForTheirManagerInTheirOwnWordsOnceAWeek() {
        publish(SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);

        List<Plan> plans = engine.on(transfer("ev-1", "in", "到账资金的安排"), customer).block(WAIT);
        assertThat(plans).singleElement().satisfies(p -> assertThat(p.decision()).isEqualTo(Decision.SEND));
        assertThat(created).containsExactly(new Task("zhangwei", customer,
                "您好，我是您的客户经理张伟。关于到账资金的安排，有需要请回复我。"));
        String test = OutreachPlanner.testId(StrategyDesk.parse(SPEC));
        assertThat(ledger.counts(test).block(WAIT).get("a")).isEqualTo(Map.of(Outcome.ASSIGNED, 1L, Outcome.SENT, 1L));
        assertThat(ledger.openTasks(10).collectList().block(WAIT)).singleElement().satisfies(t -> {
            assertThat(t.msgid()).isEqualTo("msg1");
            assertThat(t.employee()).isEqualTo("zhangwei");
            assertThat(t.expiresAt()).as("48 h by default").isEqualTo(NOON.plus(Duration.ofHours(48)));
        });
        AuditEvent planned = audit.recorded.get(0);
        assertThat(planned.type()).isEqualTo(AuditEvent.Type.OUTREACH_PLANNED);
        assertThat(planned.subject()).isEqualTo("ev-1");
        assertThat(planned.details()).containsEntry("strategy", "lt-1").containsEntry("arm", "a")
                .containsEntry("channel", "MANAGER_TASK").containsEntry("verdict", "PASS").containsEntry("msgid", "msg1");

        // a second event the same week: our cap holds
        assertThat(engine.on(transfer("ev-2", "in", "到账资金的安排"), customer).block(WAIT).get(0).reason())
                .isEqualTo("weekly-cap");
        assertThat(created).hasSize(1);
    }

    @Test
    void eventsOfOneCustomerDecidedAtOnceStillKeepTheWeeklyCap() {
        publish(SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        // the bank's feed posts two batches at once, both with an event of this customer, while WeCom is slow
        wecomTakes = Duration.ofMillis(200);

        List<List<Plan>> both = reactor.core.publisher.Flux.merge(
                        engine.on(transfer("ev-1", "in", "到账资金的安排"), customer),
                        engine.on(transfer("ev-2", "in", "到账资金的安排"), customer))
                .collectList().block(WAIT);

        assertThat(both).hasSize(2);
        assertThat(created).hasSize(1);
        assertThat(both.stream().map(p -> p.get(0).decision()).toList())
                .containsExactlyInAnyOrder(Decision.SEND, Decision.CAPPED);
    }

    @Test
    void theControlGroupIsCountedAndGetsNothing() {
        publish(SPEC);
        String customer = customerIn("control");
        customerOfZhangwei(customer);
        assertThat(engine.on(transfer("ev-3", "in", "资金"), customer).block(WAIT).get(0).decision())
                .isEqualTo(Decision.CONTROL);
        assertThat(created).isEmpty();
        assertThat(ledger.counts(OutreachPlanner.testId(StrategyDesk.parse(SPEC))).block(WAIT).get("control"))
                .isEqualTo(Map.of(Outcome.ASSIGNED, 1L));
    }

    @Test
    void wordsAnAttributeMadeNonCompliantAreNeverSent() {
        publish(SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        Plan plan = engine.on(transfer("ev-4", "in", "保本保息、稳赚不赔的产品"), customer).block(WAIT).get(0);
        assertThat(plan.reason()).isEqualTo("not-compliant");
        assertThat(created).isEmpty();
        assertThat(audit.recorded.get(0).details().get("verdict")).isNotEqualTo("PASS");
    }

    @Test
    void aChurnWarningTellsTheManagerAndSendsTheCustomerNothing() {
        publish(CHURN);
        customerOfZhangwei("wmLeaving");
        assertThat(engine.on(transfer("ev-5", "out", "转出"), "wmLeaving").block(WAIT).get(0).decision())
                .isEqualTo(Decision.ESCALATE);
        assertThat(warned).containsExactly("zhangwei:wmLeaving:大额转出预警");
        assertThat(created).isEmpty();
    }

    private static final String CHURN_AB = """
            {"id": "churn-ab", "name": "大额转出预警（对照）", "kind": "CHURN_WARNING",
             "trigger": {"eventTypes": ["large_transfer"], "conditions": [{"attribute": "direction", "op": "EQ", "value": "out"}]},
             "arms": [{"name": "control", "weight": 1, "control": true}, {"name": "warn", "weight": 1}],
             "churnDays": 60}
            """;

    @Test
    void aChurnWarningsTestCountsWhoWasWarnedAndWhoLeftAndReadsRetention() {
        publish(CHURN_AB);
        Strategy strategy = StrategyDesk.parse(CHURN_AB);
        String test = OutreachPlanner.testId(strategy);
        String warnedCustomer = null;
        String heldOut = null;
        for (int i = 0; warnedCustomer == null || heldOut == null; i++) {
            String c = "wmOut" + i;
            if (OutreachPlanner.arm(strategy, test, c).isControl()) {
                heldOut = heldOut == null ? c : heldOut;
            } else {
                warnedCustomer = warnedCustomer == null ? c : warnedCustomer;
            }
        }
        customerOfZhangwei(warnedCustomer);
        customerOfZhangwei(heldOut);
        assertThat(engine.on(transfer("ev-c1", "out", "转出"), warnedCustomer).block(WAIT).get(0).decision())
                .isEqualTo(Decision.ESCALATE);
        assertThat(engine.on(transfer("ev-c2", "out", "转出"), heldOut).block(WAIT).get(0).decision())
                .isEqualTo(Decision.CONTROL);
        assertThat(warned).containsExactly("zhangwei:" + warnedCustomer + ":大额转出预警（对照）");
        assertThat(ledger.counts(test).block(WAIT)).isEqualTo(Map.of(
                "warn", Map.of(Outcome.ASSIGNED, 1L, Outcome.SENT, 1L, Outcome.DELIVERED, 1L),
                "control", Map.of(Outcome.ASSIGNED, 1L)));
        // warned once a week at most
        assertThat(engine.on(transfer("ev-c3", "out", "转出"), warnedCustomer).block(WAIT).get(0).reason())
                .isEqualTo("weekly-cap");
        assertThat(warned).hasSize(1);

        // the warned customer left all the same within churnDays; the held-out one stayed
        engine.churned(warnedCustomer, NOON.plus(Duration.ofDays(10))).block(WAIT);
        OutreachResults.Results results = new OutreachResults(ledger, com.wecomassist.abtest.AbTest.Rules.DEFAULT)
                .of(strategy).block(WAIT);
        assertThat(results.metric()).isEqualTo(OutreachResults.Metric.RETENTION);
        assertThat(results.arms()).extracting(OutreachResults.ArmFigures::arm, OutreachResults.ArmFigures::conversionRate)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("control", 1.0),
                        org.assertj.core.groups.Tuple.tuple("warn", 0.0));
    }

    @Test
    void aCustomerWecomLeavesOutIsRecordedAndNotCountedAsSent() {
        publish(SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        wecomLeavesCustomersOut = true;
        assertThat(engine.on(transfer("ev-7", "in", "资金"), customer).block(WAIT).get(0).reason())
                .isEqualTo("left-out-by-wecom");
        assertThat(ledger.counts(OutreachPlanner.testId(StrategyDesk.parse(SPEC))).block(WAIT).get("a"))
                .isEqualTo(Map.of(Outcome.ASSIGNED, 1L));
        assertThat(audit.recorded.get(0).details()).containsEntry("decision", "UNREACHABLE").doesNotContainKey("msgid");
    }

    @Test
    void aWarningThatCannotBeDeliveredIsRecordedAsSuch() {
        publish(CHURN);
        customerOfZhangwei("wmLeaving2");
        appMessagesFail = true;
        assertThat(engine.on(transfer("ev-8", "out", "转出"), "wmLeaving2").block(WAIT).get(0).reason())
                .isEqualTo("warning-not-delivered");
        assertThat(audit.recorded.get(0).details()).containsEntry("reason", "warning-not-delivered");
    }

    @Test
    void conversionsAndChurnWithinTheirWindowsCountForEveryArmControlIncludedEvenAfterAStop() {
        publish(SPEC);
        String treated = customerIn("a");
        String control = customerIn("control");
        customerOfZhangwei(treated);
        customerOfZhangwei(control);
        engine.on(transfer("ev-9", "in", "资金"), treated).block(WAIT);
        engine.on(transfer("ev-10", "in", "资金"), control).block(WAIT);
        // the strategy is stopped: what went out is still measured
        Strategy s = StrategyDesk.parse(SPEC);
        strategies.publish(new StrategyPublication(s.id(), 1, SPEC, "olga", "otto", false, NOON), 1).block(WAIT);
        catalogue.refresh(true).block(WAIT);
        assertThat(catalogue.inForce()).doesNotContainKey("lt-1");

        OutreachPlanner.Event purchase = new OutreachPlanner.Event("ev-11", "purchase", NOON.plus(Duration.ofDays(3)), Map.of());
        engine.on(purchase, treated).block(WAIT);
        engine.on(new OutreachPlanner.Event("ev-12", "purchase", NOON.plus(Duration.ofDays(20)), Map.of()), control)
                .block(WAIT);
        engine.on(new OutreachPlanner.Event("ev-13", "purchase", NOON.plus(Duration.ofDays(13)), Map.of()), control)
                .block(WAIT);
        engine.churned(treated, NOON.plus(Duration.ofDays(40))).block(WAIT);
        engine.churned(control, NOON.plus(Duration.ofDays(5))).block(WAIT);

        Map<String, Map<Outcome, Long>> counts = ledger.counts(OutreachPlanner.testId(s)).block(WAIT);
        assertThat(counts.get("a")).isEqualTo(Map.of(Outcome.ASSIGNED, 1L, Outcome.SENT, 1L, Outcome.CONVERTED, 1L));
        assertThat(counts.get("control")).isEqualTo(Map.of(Outcome.ASSIGNED, 1L, Outcome.CONVERTED, 1L,
                Outcome.CHURNED, 1L));
    }

    @Test
    void aCustomerWhoWritesWithinTheEngagementDaysOfDeliveryReplied() {
        publish(SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        engine.on(transfer("ev-14", "in", "资金"), customer).block(WAIT);
        String test = OutreachPlanner.testId(StrategyDesk.parse(SPEC));
        engine.replied(customer, NOON.plus(Duration.ofHours(1))).block(WAIT);
        assertThat(ledger.markedAt(test, customer, Outcome.REPLIED).blockOptional(WAIT)).as("not delivered yet").isEmpty();
        ledger.mark(test, customer, Outcome.DELIVERED, NOON.plus(Duration.ofHours(2))).block(WAIT);
        engine.replied(customer, NOON.plus(Duration.ofDays(4))).block(WAIT);
        assertThat(ledger.markedAt(test, customer, Outcome.REPLIED).blockOptional(WAIT)).as("3 days by default").isEmpty();
        // a reply that only opts out is no 互动
        OutreachOnReplies replies = new OutreachOnReplies(engine,
                new com.wecomassist.optout.OptOutPhrases(List.of("退订", "TD")));
        replies.customerWrote(customer, NOON.plus(Duration.ofDays(1)), "ＴＤ！").block(WAIT);
        assertThat(ledger.markedAt(test, customer, Outcome.REPLIED).blockOptional(WAIT)).isEmpty();
        replies.customerWrote(customer, NOON.plus(Duration.ofDays(2)), "好的，我想了解一下").block(WAIT);
        assertThat(ledger.markedAt(test, customer, Outcome.REPLIED).block(WAIT)).isEqualTo(NOON.plus(Duration.ofDays(2)));
    }

    @Test
    void aCustomerWhoWritesInAContactChatAsTheBanksArchiveSaysReplied() {
        publish(SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        engine.on(transfer("ev-16", "in", "资金"), customer).block(WAIT);
        String test = OutreachPlanner.testId(StrategyDesk.parse(SPEC));
        ledger.mark(test, customer, Outcome.DELIVERED, NOON.plus(Duration.ofHours(2))).block(WAIT);
        OutreachOnEvents onEvents = new OutreachOnEvents(engine, "customer_replied");
        onEvents.onAccepted(bankEvent("ev-17", customer, "purchase_page", NOON.plus(Duration.ofHours(5)), Map.of()))
                .block(WAIT);
        assertThat(ledger.markedAt(test, customer, Outcome.REPLIED).blockOptional(WAIT)).as("another type").isEmpty();
        onEvents.onAccepted(bankEvent("ev-18", customer, "customer_replied", NOON.plus(Duration.ofHours(6)), Map.of()))
                .block(WAIT);
        assertThat(ledger.markedAt(test, customer, Outcome.REPLIED).block(WAIT)).isEqualTo(NOON.plus(Duration.ofHours(6)));
    }

    @Test
    void anOptedOutCustomerIsInNoAudienceUntilTheyOptBackIn() {
        publish(SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        optOuts.optOut(new OptOut(customer, OptOut.Source.STAFF, "asked on the phone", "carol", NOON.minusSeconds(60)))
                .block(WAIT);
        assertThat(engine.on(transfer("ev-19", "in", "资金"), customer).block(WAIT)).singleElement().satisfies(p -> {
            assertThat(p.decision()).isEqualTo(Decision.NOT_IN_AUDIENCE);
            assertThat(p.reason()).isEqualTo("opted-out");
        });
        assertThat(created).isEmpty();
        optOuts.optIn(customer, NOON.minusSeconds(30)).block(WAIT);
        assertThat(engine.on(transfer("ev-20", "in", "资金"), customer).block(WAIT).get(0).decision())
                .isEqualTo(Decision.SEND);
    }

    @Test
    void pastTheFirstMonthTheManagerWhoEngagedTheCustomerInItKeepsThemAndOneWhoDidNotHandsThemToDirect() {
        publish(SPEC);
        OutreachEngine withDirect = engine(windows, kf,
                Map.of("zhangwei", new RosterEntry("zhangwei", "张伟", "一组", "浦东支行", "account-manager"),
                        "lina", new RosterEntry("lina", "李娜", "直营", "总行", "direct")),
                Personaliser.AS_WRITTEN, TaskTally.NOT_COUNTED);
        List<String> customers = customersIn("a", 4);
        Instant added = NOON.minus(Duration.ofDays(40));
        for (String customer : customers) {
            for (String employee : List.of("zhangwei", "lina")) {
                directory.apply(ContactEvent.callback(ContactEvent.Kind.ADDED, customer, employee, added, null, null,
                        null)).block(WAIT);
            }
            links.upsert(new CustomerLink(customer, "C-" + customer, "zhangwei", null, CustomerLink.Source.API, NOON,
                    NOON)).block(WAIT);
        }
        // engaged in the first month: a delivered task; the bank's record of a call on its last day
        engagements.record(new Engagement("zhangwei", customers.get(0), added.plus(Duration.ofDays(5)),
                Engagement.Source.TASK_DELIVERED)).block(WAIT);
        engagements.record(new Engagement("zhangwei", customers.get(1), added.plus(Duration.ofDays(30)),
                Engagement.Source.BANK_EVENT)).block(WAIT);
        // not engaged in it: only after the month, and only by someone else
        engagements.record(new Engagement("zhangwei", customers.get(2), added.plus(Duration.ofDays(31)),
                Engagement.Source.SUGGESTION)).block(WAIT);
        engagements.record(new Engagement("lina", customers.get(3), added.plus(Duration.ofDays(3)),
                Engagement.Source.SUGGESTION)).block(WAIT);

        List<Plan> plans = new java.util.ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            plans.add(withDirect.on(transfer("ev-engaged-" + i, "in", "资金"), customers.get(i)).block(WAIT).get(0));
        }
        assertThat(plans).extracting(Plan::decision).containsOnly(Decision.SEND);
        assertThat(plans).extracting(Plan::employee).containsExactly("zhangwei", "zhangwei", "lina", "lina");
        assertThat(plans).extracting(Plan::reason).containsExactly("manager", "manager", "manager-not-engaged",
                "manager-not-engaged");
    }

    @Test
    void personalisedWordsThatDoNotPassGiveWayToTheWordsAsWrittenAndTheTrailSaysSo() {
        Personaliser promising = (message, names) -> Mono.just(new Personaliser.Words(
                "{{称呼}}好，我是{{员工}}。这款产品保本保息、稳赚不赔！", "llm:stub-model", "outreach-personalise@1"));
        OutreachEngine personalising = engine(windows, kf, ZHANGWEI, promising, TaskTally.NOT_COUNTED);
        publish(SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        assertThat(personalising.on(transfer("ev-15", "in", "资金"), customer).block(WAIT).get(0).decision())
                .isEqualTo(Decision.SEND);
        assertThat(created).singleElement().satisfies(t -> assertThat(t.text()).startsWith("您好，我是您的客户经理张伟")
                .doesNotContain("稳赚"));
        assertThat(audit.recorded.get(0).details()).containsEntry("words", "template (llm: not compliant)")
                .containsEntry("prompt", "outreach-personalise@1").containsEntry("verdict", "PASS");
    }

    /** The strategy of {@link #SPEC} with 微信客服 words for its arm. */
    private static final String KF_SPEC = SPEC.replace("\"message\": {\"template\": \"{{称呼}}好，我是您的客户经理{{员工}}。关于{{event.note}}，有需要请回复我。\"}",
            "\"message\": {\"template\": \"{{称呼}}好，我是您的客户经理{{员工}}。关于{{event.note}}，有需要请回复我。\", "
                    + "\"kfTemplate\": \"{{称呼}}好，关于{{event.note}}，如有需要直接在这里回复，我们为您说明。\"}");

    @Test
    void aCustomerWhoseKfWindowIsOpenGetsTheBanksWordsThereAndTheDeliveryIsCountedWhenWecomAcceptsIt() {
        assertThat(KF_SPEC).as("the replacement found the message").contains("kfTemplate");
        publish(KF_SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        kfWindowOpen.add(customer);

        Plan plan = engine.on(transfer("ev-kf1", "in", "到账资金的安排"), customer).block(WAIT).get(0);
        assertThat(plan.decision()).isEqualTo(Decision.SEND);
        assertThat(plan.channel()).isEqualTo(OutreachPlanner.Channel.KF);
        assertThat(created).as("no task for the employee").isEmpty();
        assertThat(kfReplies).singleElement().satisfies(r -> {
            assertThat(r.conversation()).isEqualTo(ConversationKey.kf("wk-1", customer));
            assertThat(r.purpose()).isEqualTo(OutgoingReply.Purpose.OUTREACH);
            assertThat(r.author()).isEqualTo(OutgoingReply.Author.BOT);
            assertThat(r.text()).isEqualTo("您好，关于到账资金的安排，如有需要直接在这里回复，我们为您说明。");
        });
        String test = OutreachPlanner.testId(StrategyDesk.parse(KF_SPEC));
        assertThat(ledger.counts(test).block(WAIT).get("a")).isEqualTo(Map.of(Outcome.ASSIGNED, 1L, Outcome.SENT, 1L));
        assertThat(audit.recorded.get(0).details()).containsEntry("channel", "KF").containsEntry("words", "kfTemplate")
                .containsEntry("msgid", kfReplies.get(0).replyId());

        // WeCom accepted it: the outbound stage tells the listener, which counts it confirmed and delivered, once
        OutreachOnKfDelivery delivered = new OutreachOnKfDelivery(ledger);
        delivered.replySent(kfReplies.get(0), NOON.plusSeconds(2)).block(WAIT);
        delivered.replySent(kfReplies.get(0), NOON.plusSeconds(3)).block(WAIT);
        delivered.replySent(OutgoingReply.botAnswer("d-1", ConversationKey.kf("wk-1", customer), "答复", "m1", null),
                NOON).block(WAIT);
        assertThat(ledger.counts(test).block(WAIT).get("a")).containsEntry(Outcome.CONFIRMED, 1L)
                .containsEntry(Outcome.DELIVERED, 1L);
        assertThat(ledger.markedAt(test, customer, Outcome.DELIVERED).block(WAIT)).isEqualTo(NOON.plusSeconds(2));

        // our weekly cap holds on 微信客服 too; the same event decided again sends nothing new
        assertThat(engine.on(transfer("ev-kf2", "in", "到账资金的安排"), customer).block(WAIT).get(0).reason())
                .isEqualTo("weekly-cap");
        assertThat(kfReplies).hasSize(1);
    }

    @Test
    void wordsThatSpeakAsAnEmployeeGoAsATaskEvenWhenTheWindowIsOpen() {
        publish(SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        kfWindowOpen.add(customer);
        Plan plan = engine.on(transfer("ev-kf3", "in", "资金"), customer).block(WAIT).get(0);
        assertThat(plan.channel()).isEqualTo(OutreachPlanner.Channel.MANAGER_TASK);
        assertThat(kfReplies).isEmpty();
        assertThat(created).hasSize(1);
    }

    @Test
    void aWindowThatClosedBeforeTheMessageWentGivesTheCapBackAndIsRecorded() {
        publish(KF_SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        // open when the facts are read, closed when the message is to go
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        KfWindows closing = (c, now) -> looks.incrementAndGet() == 1 ? Mono.just(ConversationKey.kf("wk-1", c))
                : Mono.empty();
        OutreachEngine racing = engine(closing, new KfOutreach(closing, r -> Mono.fromRunnable(() -> kfReplies.add(r))),
                Map.of(), Personaliser.AS_WRITTEN, TaskTally.NOT_COUNTED);
        Plan plan = racing.on(transfer("ev-kf4", "in", "资金"), customer).block(WAIT).get(0);
        assertThat(plan.decision()).isEqualTo(Decision.UNREACHABLE);
        assertThat(plan.reason()).isEqualTo("kf-window-closed");
        assertThat(kfReplies).isEmpty();
        assertThat(ledger.history(customer, "lt-1", NOON, CHINA).block(WAIT).sentThisWeekByStrategy())
                .as("the cap taken for it is given back").isZero();
    }

    @Test
    void anEventHeldForQuietHoursIsKeptInTheStoreAndDecidedWhenTheyEnd() {
        String quiet = SPEC.replace("\"caps\"", "\"quietHours\": {\"from\": \"21:00\", \"to\": \"08:30\"}, \"caps\"");
        assertThat(quiet).contains("quietHours");
        publish(quiet);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        clock.advance(Duration.ofHours(10)); // 22:00 bank time
        Plan held = engine.on(transfer("ev-q1", "in", "资金"), customer).block(WAIT).get(0);
        assertThat(held.decision()).isEqualTo(Decision.HOLD_QUIET_HOURS);
        assertThat(held.notBefore()).as("08:30 the next morning").isEqualTo(NOON.plus(Duration.ofHours(20)).plus(Duration.ofMinutes(30)));
        assertThat(holds.size().block(WAIT)).isEqualTo(1L);
        assertThat(created).isEmpty();

        HeldRelease release = new HeldRelease(holds, engine, clock);
        clock.advance(Duration.ofHours(10)); // 08:00: still quiet, not due
        assertThat(release.tick().block(WAIT)).isZero();
        clock.advance(Duration.ofMinutes(31)); // 08:31
        assertThat(release.tick().block(WAIT)).isEqualTo(1L);
        assertThat(created).singleElement().satisfies(t -> assertThat(t.customer()).isEqualTo(customer));
        assertThat(holds.size().block(WAIT)).as("released once decided").isZero();
        assertThat(release.tick().block(WAIT)).isZero();
    }

    @Test
    void aHeldEventWhoseStrategyStoppedMeanwhileSendsNothing() {
        holds.hold(HeldEvent.of("no-such-strategy", "wm1", transfer("ev-q2", "in", "资金"), NOON)).block(WAIT);
        assertThat(new HeldRelease(holds, engine, clock).tick().block(WAIT)).isEqualTo(1L);
        assertThat(created).isEmpty();
        assertThat(holds.size().block(WAIT)).isZero();
    }

    @Test
    void anEventNoStrategyWaitsForDoesNothing() {
        publish(SPEC);
        assertThat(engine.on(new OutreachPlanner.Event("ev-6", "purchase", NOON, Map.of()), "wm1").block(WAIT)).isEmpty();
        assertThat(audit.recorded).isEmpty();
    }

    @Test
    void eachTaskMadeIsCountedForItsEmployeeUnderTheBankDay() {
        publish(SPEC);
        String customer = customerIn("a");
        customerOfZhangwei(customer);
        TaskTally tally = new com.wecomassist.kpi.memory.InMemoryTaskTally(CHINA, Duration.ofDays(400), clock);
        OutreachEngine counting = engine(windows, kf, ZHANGWEI, Personaliser.AS_WRITTEN, tally);

        counting.on(transfer("ev-t1", "in", "到账资金的安排"), customer).block(WAIT);
        counting.on(transfer("ev-t2", "in", "到账资金的安排"), customer).block(WAIT); // capped: no task, not counted

        java.time.LocalDate today = NOON.atZone(CHINA).toLocalDate();
        assertThat(tally.between(today, today).collectList().block(WAIT))
                .containsExactly(new TaskDay(today, "zhangwei", 1, 0, 0, 0));
    }
}
