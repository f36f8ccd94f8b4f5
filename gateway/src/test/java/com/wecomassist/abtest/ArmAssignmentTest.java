package com.wecomassist.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.wecomassist.abtest.ArmAssignment.Arm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArmAssignmentTest {

    private static final List<Arm> ARMS = List.of(new Arm("control", 1, true), new Arm("a", 1, false),
            new Arm("b", 2, false));

    @Test
    void aCustomerIsAlwaysInTheSameArmOfTheSameTest() {
        for (int i = 0; i < 100; i++) {
            assertThat(ArmAssignment.assign("s1@1", "wm" + i, ARMS)).isEqualTo(ArmAssignment.assign("s1@1", "wm" + i, ARMS));
        }
    }

    @Test
    void customersSpreadOverTheArmsByTheirWeights() {
        Map<String, Integer> counts = new HashMap<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts.merge(ArmAssignment.assign("s1@1", "wm" + i, ARMS).name(), 1, Integer::sum);
        }
        assertThat(counts.get("control") / (double) n).isCloseTo(0.25, within(0.01));
        assertThat(counts.get("a") / (double) n).isCloseTo(0.25, within(0.01));
        assertThat(counts.get("b") / (double) n).isCloseTo(0.50, within(0.01));
    }

    @Test
    void theArmsOfTwoTestsAreIndependent() {
        // of the customers in control of one test, each arm of the other holds its usual share
        Map<String, Integer> other = new HashMap<>();
        int inControl = 0;
        for (int i = 0; i < 100_000; i++) {
            if (ArmAssignment.assign("s1@1", "wm" + i, ARMS).control()) {
                inControl++;
                other.merge(ArmAssignment.assign("s2@1", "wm" + i, ARMS).name(), 1, Integer::sum);
            }
        }
        assertThat(other.get("b") / (double) inControl).isCloseTo(0.50, within(0.02));
        assertThat(other.get("control") / (double) inControl).isCloseTo(0.25, within(0.02));
    }
}
