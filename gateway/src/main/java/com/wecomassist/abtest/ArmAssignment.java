package com.wecomassist.abtest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Which arm of a strategy's test a customer is in: decided by a hash of the strategy and the customer,
 * so the same customer is always in the same arm of the same strategy (on every instance, after every
 * restart, with nothing to look up), customers spread over the arms by their weights, and the arms of
 * two strategies are independent of each other. A strategy whose arms change gets a new test id, and
 * with it a new assignment.
 */
public final class ArmAssignment {

    private ArmAssignment() {
    }

    /** One arm: its name and its share of the customers (weights need not add up to anything). */
    public record Arm(String name, double weight, boolean control) {

        public Arm {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an arm has a name");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("arm " + name + ": a weight is above 0, not " + weight);
            }
        }
    }

    /** The arm of {@code customer} in the test {@code testId}. */
    public static Arm assign(String testId, String customer, List<Arm> arms) {
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("a test has at least one arm");
        }
        double total = arms.stream().mapToDouble(Arm::weight).sum();
        double point = unit(testId + '\n' + customer) * total;
        double upTo = 0;
        for (Arm arm : arms) {
            upTo += arm.weight();
            if (point < upTo) {
                return arm;
            }
        }
        return arms.get(arms.size() - 1);
    }

    /** A number in [0, 1) from the text's SHA-256: uniform, and the same for the same text everywhere. */
    static double unit(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = (bits << 8) | (digest[i] & 0xff);
            }
            return bits / (double) (1L << 56);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
