package com.wecomassist.approval;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Approval queue settings.
 *
 * @param lease              how long a claim holds a draft for an agent; claiming again renews it,
 *                           and a draft whose lease lapses goes back to the queue
 * @param completedRetention how long a completed draft's id is remembered, so that a second
 *                           complete or a late re-enqueue of the same draft is refused
 */
@ConfigurationProperties(prefix = "assist.approval", ignoreUnknownFields = false)
public record ApprovalProperties(@DefaultValue("2m") Duration lease,
                                 @DefaultValue("24h") Duration completedRetention,
                                 @DefaultValue("3m") Duration sla,
                                 @DefaultValue("5s") Duration slaCheckInterval,
                                 @DefaultValue("1000") int slaPriorityBoost,
                                 @DefaultValue("您好，您的问题正在由工作人员核实，请再稍候片刻，我们会尽快回复您。") String holdingText,
                                 @DefaultValue("1s") Duration streamRefresh) {

    public ApprovalProperties {
        if (lease == null || lease.toMillis() < 1) {
            throw new IllegalArgumentException("assist.approval.lease must be at least 1ms");
        }
        if (completedRetention == null || completedRetention.toMillis() < 1) {
            throw new IllegalArgumentException("assist.approval.completed-retention must be at least 1ms");
        }
        if (sla == null || sla.toMillis() < 1 || slaCheckInterval == null || slaCheckInterval.toMillis() < 10) {
            throw new IllegalArgumentException("assist.approval.sla must be at least 1ms and sla-check-interval at least 10ms");
        }
        if (slaPriorityBoost < 0) {
            throw new IllegalArgumentException("assist.approval.sla-priority-boost must not be negative");
        }
        if (streamRefresh == null || streamRefresh.toMillis() < 50) {
            throw new IllegalArgumentException("assist.approval.stream-refresh must be at least 50ms");
        }
        if (holdingText == null || holdingText.isBlank()) {
            throw new IllegalArgumentException("assist.approval.holding-text must not be empty");
        }
    }
}
