package com.wecomassist.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dashboard settings.
 *
 * @param retention how long the hourly 人机协作 counts are kept
 */
@ConfigurationProperties(prefix = "assist.dashboard", ignoreUnknownFields = false)
public record DashboardProperties(@DefaultValue("35d") Duration retention) {

    public DashboardProperties {
        if (retention == null || retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("assist.dashboard.retention must be at least 1h");
        }
    }
}
