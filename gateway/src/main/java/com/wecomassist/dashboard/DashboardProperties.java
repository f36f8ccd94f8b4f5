package com.wecomassist.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dashboard settings.
 *
 * @param retention     how long the hourly 人机协作 counts are kept
 * @param latencyWindow the pipeline latencies' p50, p99 and maximum are of the answers of about this
 *                      long before (also in the metrics the gateway exports)
 */
@ConfigurationProperties(prefix = "assist.dashboard", ignoreUnknownFields = false)
public record DashboardProperties(@DefaultValue("35d") Duration retention, @DefaultValue("15m") Duration latencyWindow) {

    public DashboardProperties {
        if (retention == null || retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("assist.dashboard.retention must be at least 1h");
        }
        if (latencyWindow == null || latencyWindow.compareTo(Duration.ofMinutes(1)) < 0
                || latencyWindow.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("assist.dashboard.latency-window must be between 1m and 1d");
        }
    }
}
