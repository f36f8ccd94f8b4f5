package com.wecomassist.abtest;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A confidence interval {@code [low, high]} around an estimate, and the two score intervals the A/B tests
 * use: Wilson's for one proportion (right near 0 and 1, where conversion rates live, unlike the textbook
 * normal interval) and Newcombe's hybrid score interval for the difference of two independent
 * proportions (built from the two Wilson intervals; Newcombe 1998, method 10).
 */
public record Interval(double estimate, double low, double high) {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    /** Whether the whole interval is above 0. */
    public boolean above(double value) {
        return low > value;
    }

    /** Whether the whole interval is below {@code value}. */
    public boolean below(double value) {
        return high < value;
    }

    public boolean contains(double value) {
        return low <= value && value <= high;
    }

    /** The two-sided normal quantile of a confidence level: 1.96 for 0.95. */
    public static double z(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("a confidence level is between 0 and 1, not " + confidence);
        }
        return NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    /** Wilson's score interval of {@code successes} out of {@code trials}; [0, 1] without trials. */
    public static Interval wilson(long successes, long trials, double confidence) {
        if (successes < 0 || trials < 0 || successes > trials) {
            throw new IllegalArgumentException("successes must be between 0 and trials: " + successes + "/" + trials);
        }
        if (trials == 0) {
            return new Interval(0, 0, 1);
        }
        double z = z(confidence);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * Newcombe's hybrid score interval of {@code p1 - p2} ({@code s1/n1} minus {@code s2/n2}); [-1, 1]
     * when either has no trials.
     */
    public static Interval difference(long s1, long n1, long s2, long n2, double confidence) {
        if (n1 == 0 || n2 == 0) {
            double d = (n1 == 0 ? 0 : (double) s1 / n1) - (n2 == 0 ? 0 : (double) s2 / n2);
            return new Interval(d, -1, 1);
        }
        Interval one = wilson(s1, n1, confidence);
        Interval two = wilson(s2, n2, confidence);
        double d = one.estimate() - two.estimate();
        double low = d - Math.sqrt(square(one.estimate() - one.low()) + square(two.high() - two.estimate()));
        double high = d + Math.sqrt(square(one.high() - one.estimate()) + square(two.estimate() - two.low()));
        return new Interval(d, Math.max(-1, low), Math.min(1, high));
    }

    private static double square(double x) {
        return x * x;
    }
}
