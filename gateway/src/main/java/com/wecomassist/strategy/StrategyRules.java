package com.wecomassist.strategy;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * What a strategy must be before it is kept: every problem, each named by its field's path
 * ({@code arms[1].message.template: …}), so the operations team fixes a file in one go.
 */
public final class StrategyRules {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,63}");
    static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9_]{1,64}");
    static final Pattern ARM = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    public static final Pattern SLOT = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
    static final Set<String> OPS = Set.of("EQ", "NE", "GT", "GE", "LT", "LE", "IN", "EXISTS");
    static final Set<String> NUMERIC_OPS = Set.of("GT", "GE", "LT", "LE");
    static final Set<String> MANAGER = Set.of("ANY", "WITH", "WITHOUT");
    /** WeCom's text.content of add_msg_template takes 4000 bytes; a personal message is far shorter. */
    public static final int MAX_TEMPLATE = 500;
    static final int MAX_PROMPT = 2_000;
    static final int MAX_ARMS = 6;

    private StrategyRules() {
    }

    /** Every problem of the strategy; empty when it may be kept. */
    public static List<String> problems(Strategy s) {
        List<String> out = new ArrayList<>();
        if (s.id() == null || !ID.matcher(s.id()).matches()) {
            out.add("id: 3 to 64 of a-z 0-9 -, starting with a letter or digit");
        }
        if (s.name() == null || s.name().isBlank() || s.name().length() > 64) {
            out.add("name: 1 to 64 characters");
        }
        if (s.kind() == null) {
            out.add("kind: OUTREACH or CHURN_WARNING");
        }
        trigger(s.trigger(), out);
        audience(s.audience(), out);
        boolean outreach = s.kind() != Strategy.Kind.CHURN_WARNING;
        if (s.message() != null) {
            message("message", s.message(), out);
        }
        arms(s, outreach, out);
        if (s.caps() != null && s.caps().perCustomerPerWeek() != null
                && (s.caps().perCustomerPerWeek() < 1 || s.caps().perCustomerPerWeek() > 7)) {
            out.add("caps.perCustomerPerWeek: 1 to 7");
        }
        if (s.quietHours() != null) {
            time("quietHours.from", s.quietHours().from(), out);
            time("quietHours.to", s.quietHours().to(), out);
        }
        if (s.expiresAfter() != null) {
            Duration expiry = duration(s.expiresAfter());
            if (expiry == null || expiry.compareTo(Duration.ofHours(1)) < 0 || expiry.compareTo(Duration.ofDays(7)) > 0) {
                out.add("expiresAfter: a duration from 1h to 7d (e.g. 48h)");
            }
        }
        if (s.conversion() == null) {
            if (outreach) {
                out.add("conversion: what counts as 转化 (eventType, windowDays) is needed to measure the arms");
            }
        } else {
            if (s.conversion().eventType() == null || !EVENT_TYPE.matcher(s.conversion().eventType()).matches()) {
                out.add("conversion.eventType: 1 to 64 of a-z 0-9 _");
            }
            conditions("conversion.conditions", s.conversion().conditions(), out);
            days("conversion.windowDays", s.conversion().windowDays(), 1, 90, out);
        }
        days("engagementDays", s.engagementDays(), 1, 30, out);
        days("churnDays", s.churnDays(), 1, 180, out);
        return out;
    }

    /** A duration as settings write them ({@code 48h}, {@code 2d}) or ISO-8601; null when it is neither. */
    public static Duration duration(String text) {
        try {
            return DurationStyle.detectAndParse(text.strip());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void trigger(Strategy.Trigger t, List<String> out) {
        if (t == null || t.eventTypes() == null || t.eventTypes().isEmpty()) {
            out.add("trigger.eventTypes: at least one event type");
            return;
        }
        for (int i = 0; i < t.eventTypes().size(); i++) {
            String type = t.eventTypes().get(i);
            if (type == null || !EVENT_TYPE.matcher(type).matches()) {
                out.add("trigger.eventTypes[" + i + "]: 1 to 64 of a-z 0-9 _");
            }
        }
        conditions("trigger.conditions", t.conditions(), out);
    }

    private static void conditions(String path, List<Strategy.Condition> conditions, List<String> out) {
        if (conditions == null) {
            return;
        }
        for (int i = 0; i < conditions.size(); i++) {
            Strategy.Condition c = conditions.get(i);
            String at = path + "[" + i + "]";
            if (c == null || c.attribute() == null || c.attribute().isBlank() || c.attribute().length() > 64) {
                out.add(at + ".attribute: 1 to 64 characters");
                continue;
            }
            if (c.op() == null || !OPS.contains(c.op())) {
                out.add(at + ".op: one of " + String.join(", ", new java.util.TreeSet<>(OPS)));
            } else if (NUMERIC_OPS.contains(c.op()) && !(c.value() instanceof Number)) {
                out.add(at + ".value: a number for " + c.op());
            } else if (c.op().equals("IN") && !(c.value() instanceof List<?> list && !list.isEmpty())) {
                out.add(at + ".value: a non-empty list for IN");
            } else if (!c.op().equals("EXISTS") && c.value() == null) {
                out.add(at + ".value: needed for " + c.op());
            }
        }
    }

    private static void audience(Strategy.Audience a, List<String> out) {
        if (a == null) {
            return;
        }
        if (a.manager() != null && !MANAGER.contains(a.manager())) {
            out.add("audience.manager: ANY, WITH or WITHOUT");
        }
        days("audience.minDaysSinceAdded", a.minDaysSinceAdded(), 0, 3_650, out);
        days("audience.notContactedDays", a.notContactedDays(), 0, 365, out);
    }

    private static void arms(Strategy s, boolean outreach, List<String> out) {
        List<Strategy.Arm> arms = s.arms() == null ? List.of() : s.arms();
        // a churn warning's arms: who is warned and the control group held out, to measure what warnings change
        if (arms.size() < 2 || arms.size() > MAX_ARMS) {
            out.add("arms: 2 to " + MAX_ARMS + " arms, one of them the control group");
        }
        if (arms.stream().filter(a -> a != null && a.isControl()).count() != 1) {
            out.add("arms: exactly one arm has \"control\": true (it gets nothing: the baseline)");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < arms.size(); i++) {
            Strategy.Arm arm = arms.get(i);
            String at = "arms[" + i + "]";
            if (arm == null) {
                out.add(at + ": an arm");
                continue;
            }
            if (arm.name() == null || !ARM.matcher(arm.name()).matches()) {
                out.add(at + ".name: 1 to 32 of A-Z a-z 0-9 _ -");
            } else if (!names.add(arm.name())) {
                out.add(at + ".name: " + arm.name() + " is the name of an earlier arm");
            }
            if (arm.weight() != null && !(arm.weight() > 0 && arm.weight() <= 100)) {
                out.add(at + ".weight: above 0, at most 100");
            }
            if (arm.message() != null) {
                message(at + ".message", arm.message(), out);
            } else if (outreach && !arm.isControl() && s.message() == null) {
                out.add(at + ".message: an arm that is not the control says something (or the strategy has a message)");
            }
        }
    }

    private static void message(String path, Strategy.Message m, List<String> out) {
        if (m.template() == null || m.template().isBlank()) {
            out.add(path + ".template: the words (also when an LLM personalises them)");
        } else {
            if (m.template().length() > MAX_TEMPLATE) {
                out.add(path + ".template: at most " + MAX_TEMPLATE + " characters");
            }
            Matcher slots = SLOT.matcher(m.template());
            while (slots.find()) {
                String slot = slots.group(1);
                if (!slot.equals("称呼") && !slot.equals("员工") && !slot.matches("event\\.[A-Za-z0-9_]{1,64}")) {
                    out.add(path + ".template: unknown slot {{" + slot + "}} (known: {{称呼}}, {{员工}}, {{event.<attribute>}})");
                }
            }
        }
        if (m.kfTemplate() != null) {
            if (m.kfTemplate().isBlank() || m.kfTemplate().length() > MAX_TEMPLATE) {
                out.add(path + ".kfTemplate: 1 to " + MAX_TEMPLATE + " characters, or leave it out");
            }
            Matcher slots = SLOT.matcher(m.kfTemplate());
            while (slots.find()) {
                String slot = slots.group(1);
                if (slot.equals("员工")) {
                    out.add(path + ".kfTemplate: {{员工}} is not for 微信客服, where the bank speaks, not an employee");
                } else if (!slot.equals("称呼") && !slot.matches("event\\.[A-Za-z0-9_]{1,64}")) {
                    out.add(path + ".kfTemplate: unknown slot {{" + slot + "}} (known: {{称呼}}, {{event.<attribute>}})");
                }
            }
        }
        if (m.prompt() != null && m.prompt().length() > MAX_PROMPT) {
            out.add(path + ".prompt: at most " + MAX_PROMPT + " characters");
        }
    }

    private static void time(String path, String value, List<String> out) {
        try {
            LocalTime.parse(value == null ? "" : value);
        } catch (DateTimeParseException e) {
            out.add(path + ": HH:mm");
        }
    }

    private static void days(String path, Integer value, int min, int max, List<String> out) {
        if (value != null && (value < min || value > max)) {
            out.add(path + ": " + min + " to " + max);
        }
    }
}
