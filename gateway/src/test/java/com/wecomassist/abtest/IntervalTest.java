package com.wecomassist.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The intervals against published worked examples. */
class IntervalTest {

    @Test
    void theNormalQuantileOfNinetyFivePercentIsOnePointNineSix() {
        assertThat(Interval.z(0.95)).isCloseTo(1.959964, within(1e-6));
        assertThat(Interval.z(0.99)).isCloseTo(2.575829, within(1e-6));
    }

    @Test
    void wilsonMatchesNewcombesTableOne() {
        // Newcombe (1998), Statistics in Medicine 17: 857-872, table I, method 3 (score)
        Interval a = Interval.wilson(81, 263, 0.95);
        assertThat(a.low()).isCloseTo(0.2553, within(1e-4));
        assertThat(a.high()).isCloseTo(0.3662, within(1e-4));
        Interval b = Interval.wilson(15, 148, 0.95);
        assertThat(b.low()).isCloseTo(0.0624, within(1e-4));
        assertThat(b.high()).isCloseTo(0.1605, within(1e-4));
        Interval none = Interval.wilson(0, 20, 0.95);
        assertThat(none.low()).isZero();
        assertThat(none.high()).isCloseTo(0.1611, within(1e-4));
        assertThat(Interval.wilson(0, 0, 0.95)).isEqualTo(new Interval(0, 0, 1));
    }

    @Test
    void theDifferenceMatchesNewcombesMethodTen() {
        // Newcombe (1998), Statistics in Medicine 17: 873-890, table II example (a): 56/70 - 48/80
        Interval d = Interval.difference(56, 70, 48, 80, 0.95);
        assertThat(d.estimate()).isCloseTo(0.2, within(1e-9));
        assertThat(d.low()).isCloseTo(0.0524, within(1e-4));
        assertThat(d.high()).isCloseTo(0.3339, within(1e-4));
        // example (b): 9/10 - 3/10
        Interval e = Interval.difference(9, 10, 3, 10, 0.95);
        assertThat(e.low()).isCloseTo(0.1705, within(1e-4));
        assertThat(e.high()).isCloseTo(0.8090, within(1e-4));
    }
}
