package com.wecomassist.outreach;

import com.wecomassist.abtest.ArmAssignment;
import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.Customer;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.strategy.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for one bank event and one strategy in force, what happens to the customer — the engine's
 * judgement in one place, with nothing to wait for (the facts are read before, the effects done after):
 * <ol>
 *   <li>the trigger: the event's type and every condition on its attributes;</li>
 *   <li>the audience: 管户 or not, tier, tags, days since they became a friend, not contacted lately,
 *       not opted out;</li>
 *   <li>the arm ({@link ArmAssignment}: the same customer, the same arm, for as long as the arms are the
 *       same); the control group gets nothing, and is counted;</li>
 *   <li>a churn warning goes to a person, never to a message;</li>
 *   <li>the caps: ours per customer per week, and WeCom's 4 enterprise messages per customer per month;</li>
 *   <li>quiet hours: held until they end;</li>
 *   <li>the channel: 微信客服 while the customer's 48 h window is open; else a 客户联系 task for their 管户 —
 *       unless they have none, or the 管户 has not engaged them in the first month after adding them (the
 *       seeds' rule), when it is for a 直营 manager who is their friend; else nobody can reach them.</li>
 * </ol>
 */
public final class OutreachPlanner {

    /** The 管户's first month: who has not engaged the customer by then hands them to 直营. */
    static final Duration FIRST_MONTH = Duration.ofDays(30);
    /** WeCom: a customer receives at most 4 enterprise (群发) messages per natural month. */
    public static final int WECOM_MONTHLY_LIMIT = 4;

    private OutreachPlanner() {
    }

    public enum Decision { NOT_TRIGGERED, NOT_IN_AUDIENCE, CONTROL, SEND, HOLD_QUIET_HOURS, CAPPED, UNREACHABLE, ESCALATE }

    public enum Channel { KF, MANAGER_TASK, DIRECT_TASK, PERSON }

    /** The event as the planner reads it. */
    public record Event(String eventId, String type, Instant at, Map<String, Object> attributes) {
    }

    /**
     * What is known of the customer when the event arrives.
     *
     * @param link          the bank's link (管户, tier); null when the bank has not linked them
     * @param contact       the contact directory's customer; null when it does not know them
     * @param kfWindowOpen  whether they wrote to 微信客服 in the last 48 h and a reply is still allowed
     * @param optedOut      whether they asked not to receive such messages
     * @param managerEngaged whether their 管户 engaged them in the first month after adding them
     */
    public record CustomerFacts(String externalUserId, CustomerLink link, Customer contact, boolean kfWindowOpen,
                                boolean optedOut, boolean managerEngaged) {
    }

    /**
     * What the ledger says about the customer.
     *
     * @param lastContacted           the last outreach message any strategy sent them; null: never
     * @param sentThisWeekByStrategy  messages this strategy sent them in the last 7 days
     * @param enterpriseThisMonth     enterprise (群发) messages they received this natural month
     */
    public record History(Instant lastContacted, int sentThisWeekByStrategy, int enterpriseThisMonth) {

        public static final History NONE = new History(null, 0, 0);
    }

    /**
     * The decision, and for {@link Decision#SEND} and {@link Decision#ESCALATE} how and by whom.
     *
     * @param testId    the A/B test the arm belongs to (the strategy and its arms)
     * @param notBefore for {@link Decision#HOLD_QUIET_HOURS}: when quiet hours end
     * @param reason    why, in a word, for the ledger and the trail
     */
    public record Plan(Decision decision, String strategyId, long version, String testId, String arm, Channel channel,
                       String employee, Instant notBefore, String reason) {
    }

    /** The plan for {@code event} under {@code strategy} (version {@code version}). */
    public static Plan plan(Strategy strategy, long version, Event event, CustomerFacts customer, History history,
                            Set<String> directManagers, ZoneId zone, Instant now) {
        String testId = testId(strategy);
        if (!strategy.trigger().eventTypes().contains(event.type())
                || !Conditions.allMet(strategy.trigger().conditions(), event.attributes())) {
            return new Plan(Decision.NOT_TRIGGERED, strategy.id(), version, testId, null, null, null, null, "trigger");
        }
        String outside = outsideAudience(strategy.audience(), customer, history, now);
        if (outside != null) {
            return new Plan(Decision.NOT_IN_AUDIENCE, strategy.id(), version, testId, null, null, null, null, outside);
        }
        int perWeek = strategy.caps() == null || strategy.caps().perCustomerPerWeek() == null ? 1
                : strategy.caps().perCustomerPerWeek();
        if (strategy.kind() == Strategy.Kind.CHURN_WARNING) {
            return churnWarning(strategy, version, testId, customer, history, perWeek, directManagers);
        }
        Strategy.Arm arm = arm(strategy, testId, customer.externalUserId());
        if (arm.isControl()) {
            return new Plan(Decision.CONTROL, strategy.id(), version, testId, arm.name(), null, null, null, "control");
        }
        if (history.sentThisWeekByStrategy() >= perWeek) {
            return new Plan(Decision.CAPPED, strategy.id(), version, testId, arm.name(), null, null, null, "weekly-cap");
        }
        Instant quietUntil = quietUntil(strategy.quietHours(), zone, now);
        if (quietUntil != null) {
            return new Plan(Decision.HOLD_QUIET_HOURS, strategy.id(), version, testId, arm.name(), null, null,
                    quietUntil, "quiet-hours");
        }
        if (customer.kfWindowOpen() && MessageComposer.messageOf(strategy, arm.name()).kfTemplate() != null) {
            return new Plan(Decision.SEND, strategy.id(), version, testId, arm.name(), Channel.KF, null, null, "kf-window");
        }
        if (history.enterpriseThisMonth() >= WECOM_MONTHLY_LIMIT) {
            return new Plan(Decision.CAPPED, strategy.id(), version, testId, arm.name(), null, null, null,
                    "wecom-monthly-limit");
        }
        Optional<FollowRelationship> withManager = manager(customer).flatMap(m -> active(customer, m));
        if (withManager.isPresent() && (customer.managerEngaged() || inFirstMonth(withManager.get(), now))) {
            return new Plan(Decision.SEND, strategy.id(), version, testId, arm.name(), Channel.MANAGER_TASK,
                    withManager.get().employee(), null, "manager");
        }
        Optional<String> direct = directFriend(customer, directManagers);
        if (direct.isPresent()) {
            return new Plan(Decision.SEND, strategy.id(), version, testId, arm.name(), Channel.DIRECT_TASK,
                    direct.get(), null, withManager.isPresent() ? "manager-not-engaged" : "no-manager");
        }
        return new Plan(Decision.UNREACHABLE, strategy.id(), version, testId, arm.name(), null, null, null,
                "no-friend-to-send");
    }

    /**
     * A churn warning goes to a person — the customer's 管户, else a 直营 manager who is their friend — unless the
     * customer is in the control group (held out, to measure what the warnings change) or was warned this week
     * already. A strategy written before warnings had arms has no test: everyone in the audience is warned.
     */
    private static Plan churnWarning(Strategy strategy, long version, String testId, CustomerFacts customer,
                                     History history, int perWeek, Set<String> directManagers) {
        String arm = null;
        if (strategy.arms() != null && !strategy.arms().isEmpty()) {
            Strategy.Arm assigned = arm(strategy, testId, customer.externalUserId());
            if (assigned.isControl()) {
                return new Plan(Decision.CONTROL, strategy.id(), version, testId, assigned.name(), null, null, null,
                        "control");
            }
            arm = assigned.name();
        }
        if (history.sentThisWeekByStrategy() >= perWeek) {
            return new Plan(Decision.CAPPED, strategy.id(), version, testId, arm, null, null, null, "weekly-cap");
        }
        String person = manager(customer).orElseGet(() -> directFriend(customer, directManagers).orElse(null));
        return new Plan(Decision.ESCALATE, strategy.id(), version, testId, arm, Channel.PERSON, person, null,
                person == null ? "no-person" : "churn-warning");
    }

    /** The test of the strategy's arms: the same arms, the same test, whatever else a new version changed. */
    public static String testId(Strategy strategy) {
        StringBuilder arms = new StringBuilder(strategy.id());
        if (strategy.arms() != null) {
            for (Strategy.Arm arm : strategy.arms()) {
                arms.append('|').append(arm.name()).append(':').append(arm.share()).append(arm.isControl() ? ":c" : "");
            }
        }
        return arms.toString();
    }

    static Strategy.Arm arm(Strategy strategy, String testId, String customer) {
        List<ArmAssignment.Arm> arms = strategy.arms().stream()
                .map(a -> new ArmAssignment.Arm(a.name(), a.share(), a.isControl())).toList();
        String name = ArmAssignment.assign(testId, customer, arms).name();
        return strategy.arms().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    private static String outsideAudience(Strategy.Audience a, CustomerFacts c, History history, Instant now) {
        if (c.optedOut()) {
            return "opted-out";
        }
        if (a == null) {
            return null;
        }
        boolean hasManager = c.link() != null && c.link().managerUserId() != null;
        if ("WITH".equals(a.manager()) && !hasManager) {
            return "no-manager";
        }
        if ("WITHOUT".equals(a.manager()) && hasManager) {
            return "has-manager";
        }
        if (a.tiers() != null && !a.tiers().isEmpty() && (c.link() == null || !a.tiers().contains(c.link().tier()))) {
            return "tier";
        }
        List<FollowRelationship> friends = friends(c);
        if (a.tags() != null && !a.tags().isEmpty()
                && friends.stream().noneMatch(r -> r.tags().stream().anyMatch(a.tags()::contains))) {
            return "tags";
        }
        if (a.minDaysSinceAdded() != null && a.minDaysSinceAdded() > 0) {
            Instant latest = now.minus(Duration.ofDays(a.minDaysSinceAdded()));
            if (friends.stream().map(FollowRelationship::addedAt).filter(Objects::nonNull).noneMatch(t -> !t.isAfter(latest))) {
                return "added-too-recently";
            }
        }
        if (a.notContactedDays() != null && a.notContactedDays() > 0 && history.lastContacted() != null
                && history.lastContacted().isAfter(now.minus(Duration.ofDays(a.notContactedDays())))) {
            return "contacted-recently";
        }
        return null;
    }

    private static List<FollowRelationship> friends(CustomerFacts c) {
        return c.contact() == null ? List.of() : c.contact().relationships().stream()
                .filter(r -> r.status() == ContactStatus.ACTIVE).toList();
    }

    private static Optional<String> manager(CustomerFacts c) {
        return Optional.ofNullable(c.link()).map(CustomerLink::managerUserId);
    }

    private static Optional<FollowRelationship> active(CustomerFacts c, String employee) {
        return friends(c).stream().filter(r -> r.employee().equals(employee)).findFirst();
    }

    /** The 直营 manager who has been the customer's friend longest (a relationship they already have). */
    private static Optional<String> directFriend(CustomerFacts c, Set<String> directManagers) {
        return friends(c).stream().filter(r -> directManagers.contains(r.employee()))
                .min(Comparator.comparing(r -> r.addedAt() == null ? Instant.MAX : r.addedAt()))
                .map(FollowRelationship::employee);
    }

    private static boolean inFirstMonth(FollowRelationship r, Instant now) {
        return r.addedAt() != null && r.addedAt().isAfter(now.minus(FIRST_MONTH));
    }

    /** When quiet hours that hold now end; null when they do not hold (or there are none). */
    static Instant quietUntil(Strategy.QuietHours quiet, ZoneId zone, Instant now) {
        if (quiet == null) {
            return null;
        }
        LocalTime from = LocalTime.parse(quiet.from());
        LocalTime to = LocalTime.parse(quiet.to());
        ZonedDateTime here = now.atZone(zone);
        LocalTime t = here.toLocalTime();
        boolean spansMidnight = from.isAfter(to);
        boolean quietNow = spansMidnight ? !t.isBefore(from) || t.isBefore(to) : !t.isBefore(from) && t.isBefore(to);
        if (!quietNow) {
            return null;
        }
        ZonedDateTime end = here.with(to);
        if (!end.isAfter(here)) {
            end = end.plusDays(1);
        }
        return end.toInstant();
    }
}
