package com.wecomassist.audit;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit trail settings. The durable trail is the Kafka topic (cluster mode) or the {@code assist.audit}
 * log (embedded mode); the recent events kept per conversation are only a copy for reading
 * ({@code GET /api/audit}, the agent console), which is why they are bounded and expire.
 *
 * @param topic              cluster mode: the topic every event is written to as JSON, keyed by
 *                           conversation (created if missing, partitions and replicas as
 *                           {@code assist.kafka.*}); the bank's archive or SIEM consumes it
 * @param maxPerConversation how many of a conversation's most recent events are kept for reading
 * @param retention          how long a conversation's recent events are kept after its last event
 * @param maxConversations   embedded mode: how many conversations' recent events are kept in memory;
 *                           the one written to longest ago is dropped first
 * @param staffReadInterval  a member of staff reading a conversation is recorded once per person,
 *                           conversation and kind of read within this time ({@code CONVERSATION_READ})
 */
@ConfigurationProperties(prefix = "assist.audit", ignoreUnknownFields = false)
public record AuditProperties(
        @DefaultValue("assist.audit") String topic,
        @DefaultValue("200") int maxPerConversation,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("1000") int maxConversations,
        @DefaultValue("10m") Duration staffReadInterval) {

    /** What Kafka accepts as a topic name. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public AuditProperties {
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("assist.audit.topic must be a Kafka topic name (letters, digits, "
                    + "'.', '_', '-', at most 249 characters), not '" + topic + "'");
        }
        if (maxPerConversation < 1 || maxPerConversation > 100_000) {
            throw new IllegalArgumentException("assist.audit.max-per-conversation must be between 1 and 100000");
        }
        if (retention == null || retention.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("assist.audit.retention must be at least 1s");
        }
        if (maxConversations < 1) {
            throw new IllegalArgumentException("assist.audit.max-conversations must be at least 1");
        }
        if (staffReadInterval == null || staffReadInterval.compareTo(Duration.ofSeconds(1)) < 0
                || staffReadInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("assist.audit.staff-read-interval must be between 1s and 1d");
        }
    }
}
