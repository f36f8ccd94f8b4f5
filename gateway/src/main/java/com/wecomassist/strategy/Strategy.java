package com.wecomassist.strategy;

import java.util.List;

/**
 * A strategy as the operations team writes it (JSON, versioned and reviewed, see {@link StrategyDesk}):
 * which bank events start it, which customers it is for, which arms it tests against a control group,
 * what each arm says, and the limits it keeps. {@link StrategyRules} checks one before it is kept.
 *
 * @param id             stable name ({@code a-z 0-9 -}); versions share it
 * @param name           what people call it
 * @param kind           {@link Kind#OUTREACH}: a message the employee confirms; {@link Kind#CHURN_WARNING}:
 *                       the customer goes to a person, no message
 * @param trigger        the bank events that start it
 * @param audience       whom it is for
 * @param message        the default message of every arm that has none of its own
 * @param arms           the A/B arms, exactly one of them the control group (gets nothing)
 * @param caps           how often one customer may hear from it
 * @param quietHours     when nothing is sent (bank time); null: any time
 * @param expiresAfter   how long a task may wait for the employee's confirmation before it is cancelled
 *                       (e.g. {@code 48h})
 * @param conversion     what counts as 转化, and within how many days of delivery
 * @param engagementDays 互动: the customer wrote on any channel within this many days of delivery
 * @param churnDays      流失: the customer removed the employee within this many days of delivery
 */
public record Strategy(String id, String name, Kind kind, Trigger trigger, Audience audience, Message message,
                       List<Arm> arms, Caps caps, QuietHours quietHours, String expiresAfter, Conversion conversion,
                       Integer engagementDays, Integer churnDays) {

    public enum Kind { OUTREACH, CHURN_WARNING }

    /** Events of these types whose attributes meet every condition. */
    public record Trigger(List<String> eventTypes, List<Condition> conditions) {
    }

    /**
     * One test on an event's attribute. {@code op}: {@code EQ}, {@code NE}, {@code GT}, {@code GE},
     * {@code LT}, {@code LE} (numbers), {@code IN} ({@code value} a list), {@code EXISTS} (no value).
     */
    public record Condition(String attribute, String op, Object value) {
    }

    /**
     * @param manager           {@code ANY}, {@code WITH} (the customer has a 管户), {@code WITHOUT} (直营)
     * @param tiers             the customer's tier is one of these (empty: any)
     * @param tags              the customer carries one of these corporate tag ids (empty: any)
     * @param minDaysSinceAdded the customer became a WeCom friend at least this many days ago
     * @param notContactedDays  nobody sent them an outreach message in this many days
     */
    public record Audience(String manager, List<String> tiers, List<String> tags, Integer minDaysSinceAdded,
                           Integer notContactedDays) {
    }

    /**
     * What is said. {@code template} is always needed (the words when no LLM is configured, and the shape
     * the LLM is given); its slots are {@code {{称呼}}} (您 or the customer's form of address),
     * {@code {{员工}}} (the employee's name) and {@code {{event.<attribute>}}}. {@code prompt} asks the LLM
     * to personalise it; personal data reaches the LLM only as placeholders. {@code kfTemplate}: the words
     * for 微信客服, where the bank speaks rather than an employee (so no {{员工}}); only a message that has
     * them goes to a customer whose 微信客服 window is open, the others always go as a task.
     */
    public record Message(String template, String prompt, String kfTemplate) {
    }

    /** One arm: its share of the customers, whether it is the control group, and its own message if any. */
    public record Arm(String name, Double weight, Boolean control, Message message) {

        public boolean isControl() {
            return Boolean.TRUE.equals(control);
        }

        public double share() {
            return weight == null ? 1 : weight;
        }
    }

    /** Ours per customer per week; WeCom's own 4 enterprise messages per customer per month always hold too. */
    public record Caps(Integer perCustomerPerWeek) {
    }

    /** From {@code from} to {@code to} (HH:mm, bank time; may span midnight) nothing is sent. */
    public record QuietHours(String from, String to) {
    }

    /** A conversion: an event of this type (meeting every condition) within {@code windowDays} of delivery. */
    public record Conversion(String eventType, List<Condition> conditions, Integer windowDays) {
    }
}
