package com.wecomassist.outreach;

import com.wecomassist.strategy.Strategy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A strategy's conditions on an event's attributes. Numbers compare as numbers (an amount sent as
 * "200000" or 200000 is the same); anything else compares as its text. A condition on an attribute the
 * event does not carry is not met (except {@code NE}, which a missing value meets).
 */
public final class Conditions {

    private Conditions() {
    }

    public static boolean allMet(List<Strategy.Condition> conditions, Map<String, Object> attributes) {
        if (conditions == null) {
            return true;
        }
        for (Strategy.Condition c : conditions) {
            if (!met(c, attributes == null ? null : attributes.get(c.attribute()))) {
                return false;
            }
        }
        return true;
    }

    static boolean met(Strategy.Condition c, Object actual) {
        return switch (c.op()) {
            case "EXISTS" -> actual != null;
            case "EQ" -> actual != null && same(actual, c.value());
            case "NE" -> actual == null || !same(actual, c.value());
            case "IN" -> actual != null && c.value() instanceof List<?> list && list.stream().anyMatch(v -> same(actual, v));
            case "GT" -> compared(actual, c.value(), r -> r > 0);
            case "GE" -> compared(actual, c.value(), r -> r >= 0);
            case "LT" -> compared(actual, c.value(), r -> r < 0);
            case "LE" -> compared(actual, c.value(), r -> r <= 0);
            default -> false;
        };
    }

    private static boolean same(Object a, Object b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return String.valueOf(a).equals(String.valueOf(b));
    }

    /** Whether both are numbers and their comparison meets {@code test}; a value that is no number meets nothing. */
    private static boolean compared(Object actual, Object expected, java.util.function.IntPredicate test) {
        BigDecimal x = number(actual);
        BigDecimal y = number(expected);
        return x != null && y != null && test.test(x.compareTo(y));
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
