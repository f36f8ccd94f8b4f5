package com.wecomassist.learn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings out of range stop the gateway with the property named. */
class LearnPropertiesTest {

    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void refusesSettingsOutOfRangeNamingTheProperty() {
        assertThatThrownBy(() -> new LearnProperties(5, DAY, 0.5, DAY, DAY, 0.1))
                .hasMessageContaining("assist.learn.gap-capacity");
        assertThatThrownBy(() -> new LearnProperties(100, Duration.ofMinutes(5), 0.5, DAY, DAY, 0.1))
                .hasMessageContaining("assist.learn.gap-retention");
        assertThatThrownBy(() -> new LearnProperties(100, DAY, 0, DAY, DAY, 0.1))
                .hasMessageContaining("assist.learn.gap-similarity");
        assertThatThrownBy(() -> new LearnProperties(100, DAY, Double.NaN, DAY, DAY, 0.1))
                .hasMessageContaining("assist.learn.gap-similarity");
        assertThatThrownBy(() -> new LearnProperties(100, DAY, 0.5, Duration.ofSeconds(1), DAY, 0.1))
                .hasMessageContaining("assist.learn.decision-retention");
        assertThatThrownBy(() -> new LearnProperties(100, DAY, 0.5, DAY, null, 0.1))
                .hasMessageContaining("assist.learn.suggestion-retention");
        assertThatThrownBy(() -> new LearnProperties(100, DAY, 0.5, DAY, DAY, 1.5))
                .hasMessageContaining("assist.learn.min-variant-confidence");
        assertThatThrownBy(() -> new LearnProperties(100, DAY, 0.5, DAY, DAY, Double.NaN))
                .hasMessageContaining("assist.learn.min-variant-confidence");
    }
}
