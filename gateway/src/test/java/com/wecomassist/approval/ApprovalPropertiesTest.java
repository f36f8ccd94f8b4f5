package com.wecomassist.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The settings' defaults and the values refused at startup. */
class ApprovalPropertiesTest {

    @Test
    void defaultsToATwoMinuteLease() {
        ApprovalProperties settings = bind(Map.of());
        assertThat(settings.lease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.completedRetention()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void refusesAnEmptyLeaseOrRetention() {
        assertThatThrownBy(() -> bind(Map.of("assist.approval.lease", "0s")))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("assist.approval.lease must be at least 1ms");
        assertThatThrownBy(() -> bind(Map.of("assist.approval.completed-retention", "-1m")))
                .hasRootCauseMessage("assist.approval.completed-retention must be at least 1ms");
    }

    private static ApprovalProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("assist.approval", ApprovalProperties.class);
    }
}
