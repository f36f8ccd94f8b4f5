package com.wecomassist.outreach;

import com.wecomassist.strategy.Strategy;
import java.util.Map;
import java.util.regex.Matcher;
import com.wecomassist.strategy.StrategyRules;

/**
 * An arm's words made into one customer's message: {@code {{称呼}}} is 您 (the customer's WeChat name
 * may be anything — an advert, abuse, a phone number — so it is never put into a message),
 * {@code {{员工}}} the employee's name from the roster (客户经理 when the roster has none), and
 * {@code {{event.<attribute>}}} the event's attribute as the bank sent it (masked at intake). The result is
 * checked again before anything is made of it.
 */
public final class MessageComposer {

    private MessageComposer() {
    }

    /** The message of {@code arm} (its own, else the strategy's). */
    public static Strategy.Message messageOf(Strategy strategy, String arm) {
        return strategy.arms().stream().filter(a -> a.name().equals(arm)).findFirst()
                .map(Strategy.Arm::message).orElse(strategy.message());
    }

    public static String compose(String template, String employeeName, Map<String, Object> attributes) {
        Matcher slots = StrategyRules.SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (slots.find()) {
            String slot = slots.group(1);
            String value;
            if (slot.equals("称呼")) {
                value = "您";
            } else if (slot.equals("员工")) {
                value = employeeName == null || employeeName.isBlank() ? "客户经理" : employeeName;
            } else {
                Object attribute = attributes == null ? null : attributes.get(slot.substring("event.".length()));
                value = attribute == null ? "" : String.valueOf(attribute);
            }
            slots.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        slots.appendTail(out);
        return out.toString();
    }
}
