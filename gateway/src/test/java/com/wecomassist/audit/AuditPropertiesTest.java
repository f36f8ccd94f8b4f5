package com.wecomassist.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The settings' defaults and the values refused at startup. */
class AuditPropertiesTest {

    @Test
    void defaults() {
        AuditProperties settings = bind(Map.of());
        assertThat(settings.topic()).isEqualTo("assist.audit");
        assertThat(settings.maxPerConversation()).isEqualTo(200);
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.maxConversations()).isEqualTo(1000);
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> bind(Map.of("assist.audit.topic", "audit trail")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("assist.audit.topic must be a Kafka topic name");
        assertThatThrownBy(() -> bind(Map.of("assist.audit.max-per-conversation", "0")))
                .hasRootCauseMessage("assist.audit.max-per-conversation must be between 1 and 100000");
        assertThatThrownBy(() -> bind(Map.of("assist.audit.retention", "500ms")))
                .hasRootCauseMessage("assist.audit.retention must be at least 1s");
        assertThatThrownBy(() -> bind(Map.of("assist.audit.max-conversations", "0")))
                .hasRootCauseMessage("assist.audit.max-conversations must be at least 1");
    }

    private static AuditProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("assist.audit", AuditProperties.class);
    }
}
