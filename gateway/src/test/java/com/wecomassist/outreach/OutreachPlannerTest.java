package com.wecomassist.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.Customer;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.outreach.OutreachPlanner.Channel;
import com.wecomassist.outreach.OutreachPlanner.CustomerFacts;
import com.wecomassist.outreach.OutreachPlanner.Decision;
import com.wecomassist.outreach.OutreachPlanner.Event;
import com.wecomassist.outreach.OutreachPlanner.History;
import com.wecomassist.outreach.OutreachPlanner.Plan;
import com.wecomassist.strategy.Strategy;
import com.wecomassist.strategy.StrategyDesk;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine's judgement on one event, one strategy and one customer. */
class OutreachPlannerTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Instant NOON = LocalDateTime.parse("2026-12-07T12:00").atZone(CHINA).toInstant();
    private static final Set<String> DIRECT = Set.of("zhaolei", "wangfang");

    private static final Strategy WEALTH = StrategyDesk.parse("""
            {"id": "lt-1", "name": "大额动帐", "kind": "OUTREACH",
             "trigger": {"eventTypes": ["large_transfer"], "conditions": [
                {"attribute": "direction", "op": "EQ", "value": "in"}, {"attribute": "amount", "op": "GE", "value": 200000}]},
             "audience": {"manager": "ANY", "minDaysSinceAdded": 3, "notContactedDays": 7},
             "message": {"template": "{{称呼}}好，我是{{员工}}。", "kfTemplate": "{{称呼}}好，这里是银行客服。"},
             "arms": [{"name": "control", "control": true}, {"name": "a"},
                      {"name": "b", "message": {"template": "{{称呼}}好，我是{{员工}}，有事请回复我。"}}],
             "caps": {"perCustomerPerWeek": 1}, "quietHours": {"from": "21:00", "to": "08:30"},
             "conversion": {"eventType": "purchase", "windowDays": 14}}
            """);
    /** A churn warning published before warnings had arms (no control group): still run, everyone warned. */
    private static final Strategy CHURN = StrategyDesk.readPublished("""
            {"id": "churn", "name": "流失预警", "kind": "CHURN_WARNING",
             "trigger": {"eventTypes": ["large_transfer"], "conditions": [{"attribute": "direction", "op": "EQ", "value": "out"}]}}
            """);

    private static Event transfer(String direction, Object amount) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("direction", direction);
        attributes.put("amount", amount);
        return new Event("e1", "large_transfer", NOON, attributes);
    }

    private static FollowRelationship friend(String customer, String employee, int daysAgo) {
        return new FollowRelationship(customer, employee, ContactStatus.ACTIVE, NOON.minus(Duration.ofDays(daysAgo)), null,
                List.of(), null, NOON, null, null, Set.of());
    }

    private static CustomerFacts customer(String id, String manager, FollowRelationship... friends) {
        CustomerLink link = manager == null ? null : new CustomerLink(id, "C-" + id, manager, "20-50万",
                CustomerLink.Source.API, NOON, NOON);
        return new CustomerFacts(id, link, new Customer(id, null, null, List.of(friends)), false, false, false);
    }

    private static Plan plan(Strategy s, Event e, CustomerFacts c, History h, Instant now) {
        return OutreachPlanner.plan(s, 1, e, c, h, DIRECT, CHINA, now);
    }

    /** A customer the arm assignment puts in {@code arm}. */
    private static String customerIn(String arm) {
        for (int i = 0; ; i++) {
            String id = "wm" + i;
            if (OutreachPlanner.arm(WEALTH, OutreachPlanner.testId(WEALTH), id).name().equals(arm)) {
                return id;
            }
        }
    }

    @Test
    void theTriggerNeedsTheTypeAndEveryCondition() {
        String c = customerIn("a");
        CustomerFacts facts = customer(c, "zhangwei", friend(c, "zhangwei", 10));
        assertThat(plan(WEALTH, transfer("out", 500_000), facts, History.NONE, NOON).decision()).isEqualTo(Decision.NOT_TRIGGERED);
        assertThat(plan(WEALTH, transfer("in", 199_999), facts, History.NONE, NOON).decision()).isEqualTo(Decision.NOT_TRIGGERED);
        // an amount written as text compares as a number
        assertThat(plan(WEALTH, transfer("in", "200000.00"), facts, History.NONE, NOON).decision()).isEqualTo(Decision.SEND);
        assertThat(plan(WEALTH, new Event("e2", "purchase", NOON, Map.of()), facts, History.NONE, NOON).decision())
                .isEqualTo(Decision.NOT_TRIGGERED);
    }

    @Test
    void aManagersCustomerGetsATaskForTheirManagerAndTheRightArm() {
        String c = customerIn("b");
        Plan plan = plan(WEALTH, transfer("in", 300_000), customer(c, "zhangwei", friend(c, "zhangwei", 10)),
                History.NONE, NOON);
        assertThat(plan.decision()).isEqualTo(Decision.SEND);
        assertThat(plan.channel()).isEqualTo(Channel.MANAGER_TASK);
        assertThat(plan.employee()).isEqualTo("zhangwei");
        assertThat(plan.arm()).isEqualTo("b");
        assertThat(plan.testId()).isEqualTo("lt-1|control:1.0:c|a:1.0|b:1.0");
    }

    @Test
    void theControlGroupGetsNothingButIsCounted() {
        String c = customerIn("control");
        Plan plan = plan(WEALTH, transfer("in", 300_000), customer(c, "zhangwei", friend(c, "zhangwei", 10)),
                History.NONE, NOON);
        assertThat(plan.decision()).isEqualTo(Decision.CONTROL);
        assertThat(plan.arm()).isEqualTo("control");
        assertThat(plan.channel()).isNull();
    }

    @Test
    void withoutAManagerOrAfterAnUnengagedFirstMonthTheDirectTeamSends() {
        String c = customerIn("a");
        Plan none = plan(WEALTH, transfer("in", 300_000), customer(c, null, friend(c, "wangfang", 40),
                friend(c, "zhaolei", 50)), History.NONE, NOON);
        assertThat(none.channel()).isEqualTo(Channel.DIRECT_TASK);
        assertThat(none.employee()).as("the 直营 friend of longest standing").isEqualTo("zhaolei");
        assertThat(none.reason()).isEqualTo("no-manager");

        CustomerFacts neglected = customer(c, "zhangwei", friend(c, "zhangwei", 45), friend(c, "wangfang", 40));
        Plan handedOver = plan(WEALTH, transfer("in", 300_000), neglected, History.NONE, NOON);
        assertThat(handedOver.channel()).isEqualTo(Channel.DIRECT_TASK);
        assertThat(handedOver.reason()).isEqualTo("manager-not-engaged");
        CustomerFacts engagedFacts = new CustomerFacts(c, neglected.link(), neglected.contact(), false, false, true);
        Plan engaged = plan(WEALTH, transfer("in", 300_000), engagedFacts, History.NONE, NOON);
        assertThat(engaged.channel()).isEqualTo(Channel.MANAGER_TASK);

        // nobody who is their friend: nobody can reach them
        assertThat(plan(WEALTH, transfer("in", 300_000), customer(c, null, friend(c, "liuyang", 40)), History.NONE, NOON)
                .decision()).isEqualTo(Decision.UNREACHABLE);
    }

    @Test
    void anOpenKfWindowIsUsedFirst() {
        String c = customerIn("a");
        CustomerFacts facts = customer(c, "zhangwei", friend(c, "zhangwei", 10));
        CustomerFacts open = new CustomerFacts(c, facts.link(), facts.contact(), true, false, false);
        Plan plan = plan(WEALTH, transfer("in", 300_000), open, new History(null, 0, 4), NOON);
        assertThat(plan.channel()).as("WeCom's monthly limit is for enterprise messages only").isEqualTo(Channel.KF);
        // an arm whose words speak as an employee (no 微信客服 words) goes as a task all the same
        String b = customerIn("b");
        CustomerFacts bFacts = customer(b, "zhangwei", friend(b, "zhangwei", 10));
        CustomerFacts bOpen = new CustomerFacts(b, bFacts.link(), bFacts.contact(), true, false, false);
        assertThat(plan(WEALTH, transfer("in", 300_000), bOpen, History.NONE, NOON).channel())
                .isEqualTo(Channel.MANAGER_TASK);
    }

    @Test
    void theAudienceRules() {
        String c = customerIn("a");
        CustomerFacts newFriend = customer(c, "zhangwei", friend(c, "zhangwei", 1));
        assertThat(plan(WEALTH, transfer("in", 300_000), newFriend, History.NONE, NOON).reason()).isEqualTo("added-too-recently");
        CustomerFacts facts = customer(c, "zhangwei", friend(c, "zhangwei", 10));
        assertThat(plan(WEALTH, transfer("in", 300_000), facts, new History(NOON.minus(Duration.ofDays(2)), 0, 0), NOON)
                .reason()).isEqualTo("contacted-recently");
        CustomerFacts optedOut = new CustomerFacts(c, facts.link(), facts.contact(), false, true, false);
        assertThat(plan(WEALTH, transfer("in", 300_000), optedOut, History.NONE, NOON).decision())
                .isEqualTo(Decision.NOT_IN_AUDIENCE);
    }

    @Test
    void capsQuietHoursAndWecomsMonthlyLimit() {
        String c = customerIn("a");
        CustomerFacts facts = customer(c, "zhangwei", friend(c, "zhangwei", 10));
        assertThat(plan(WEALTH, transfer("in", 300_000), facts, new History(null, 1, 0), NOON).reason())
                .isEqualTo("weekly-cap");
        assertThat(plan(WEALTH, transfer("in", 300_000), facts, new History(null, 0, 4), NOON).reason())
                .isEqualTo("wecom-monthly-limit");
        Instant late = LocalDateTime.parse("2026-12-07T22:15").atZone(CHINA).toInstant();
        Plan held = plan(WEALTH, transfer("in", 300_000), facts, History.NONE, late);
        assertThat(held.decision()).isEqualTo(Decision.HOLD_QUIET_HOURS);
        assertThat(held.notBefore()).isEqualTo(LocalDateTime.parse("2026-12-08T08:30").atZone(CHINA).toInstant());
        Instant early = LocalDateTime.parse("2026-12-08T07:00").atZone(CHINA).toInstant();
        assertThat(plan(WEALTH, transfer("in", 300_000), facts, History.NONE, early).notBefore())
                .isEqualTo(LocalDateTime.parse("2026-12-08T08:30").atZone(CHINA).toInstant());
    }

    @Test
    void aChurnWarningGoesToAPersonNeverToAMessage() {
        String c = "wmLeaving";
        Plan plan = plan(CHURN, transfer("out", 900_000), customer(c, "zhangwei", friend(c, "zhangwei", 100)),
                History.NONE, NOON);
        assertThat(plan.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(plan.channel()).isEqualTo(Channel.PERSON);
        assertThat(plan.employee()).isEqualTo("zhangwei");
        assertThat(plan(CHURN, transfer("out", 900_000), customer(c, null, friend(c, "wangfang", 100)), History.NONE, NOON)
                .employee()).isEqualTo("wangfang");
    }

    @Test
    void aChurnWarningWithAControlGroupHoldsSomeCustomersOutAndWarnsAPersonOnceAWeek() {
        Strategy tested = StrategyDesk.parse("""
                {"id": "churn-ab", "name": "流失预警", "kind": "CHURN_WARNING",
                 "trigger": {"eventTypes": ["large_transfer"], "conditions": [{"attribute": "direction", "op": "EQ", "value": "out"}]},
                 "arms": [{"name": "control", "weight": 1, "control": true}, {"name": "warn", "weight": 1}],
                 "churnDays": 60}
                """);
        String testId = OutreachPlanner.testId(tested);
        String held = null;
        String warned = null;
        for (int i = 0; held == null || warned == null; i++) {
            String c = "wmChurn" + i;
            if (OutreachPlanner.arm(tested, testId, c).isControl()) {
                held = held == null ? c : held;
            } else {
                warned = warned == null ? c : warned;
            }
        }
        Plan control = plan(tested, transfer("out", 900_000), customer(held, "zhangwei", friend(held, "zhangwei", 100)),
                History.NONE, NOON);
        assertThat(control.decision()).isEqualTo(Decision.CONTROL);
        assertThat(control.arm()).isEqualTo("control");
        CustomerFacts facts = customer(warned, "zhangwei", friend(warned, "zhangwei", 100));
        Plan warn = plan(tested, transfer("out", 900_000), facts, History.NONE, NOON);
        assertThat(warn.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(warn.arm()).isEqualTo("warn");
        assertThat(warn.employee()).isEqualTo("zhangwei");
        assertThat(plan(tested, transfer("out", 900_000), facts, new History(NOON.minusSeconds(60), 1, 0), NOON).reason())
                .as("warned this week already").isEqualTo("weekly-cap");
    }

    @Test
    void armsSpreadEvenlyOverManyCustomers() {
        Map<String, Integer> counts = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            String arm = OutreachPlanner.arm(WEALTH, OutreachPlanner.testId(WEALTH), "wm" + i).name();
            if (counts.merge(arm, 1, Integer::sum) == 1) {
                order.add(arm);
            }
        }
        assertThat(counts).containsOnlyKeys("control", "a", "b");
        counts.values().forEach(n -> assertThat(n).isBetween(9_500, 10_500));
    }
}
