package com.wecomassist.cluster;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The cluster mode's Kafka topics (brokers through the standard {@code spring.kafka.*} properties).
 * The gateway creates its topics when they are missing and sets their retention and
 * {@code min.insync.replicas} on every start ({@code spring.kafka.admin.modify-topic-configs}).
 *
 * @param inboundTopic      inbound messages, keyed by conversation, so one conversation stays in one partition
 * @param outboundTopic     replies to send, keyed by conversation (drafted or approved on one instance,
 *                          sent by whichever instance consumes them)
 * @param consumerGroup     all gateway instances share it: each message is handled by one instance
 * @param partitions        partitions created for the topics if they do not exist
 * @param replicationFactor copies of each partition created for the topics if they do not exist; 3, so that
 *                          a broker can fail without losing an acknowledged message; 1 only for a
 *                          single-broker development setup (a Kafka with fewer brokers stops the start)
 * @param minInsyncReplicas copies that must have a record before the brokers acknowledge it (the
 *                          producers send with {@code acks=all}); at most the replication factor (capped)
 * @param retention         how long the inbound and outbound topics keep records: long enough to look
 *                          into an incident, short enough that customers' words do not pile up
 * @param deadLetterRetention how long the dead-letter topics keep records, for people to look at them
 * @param auditRetention    how long the audit topic keeps events: longer than the bank's archive can
 *                          be away from consuming it
 * @param deliveryAttempts  a message whose handling fails is tried this often, then goes to the
 *                          dead-letter topic ({@code <topic>-dlt}) with the reason
 * @param retryBackoff      first wait between those tries; doubles, with jitter
 * @param consumers         consumers per instance for each of the inbound and outbound topics, each with
 *                          its own partitions (a consumer thread polls and hands records on; the work runs
 *                          elsewhere, so more consumers mostly spread the partitions of a busy instance)
 * @param maxInFlight       records a consumer takes from one partition before their offsets are committed
 *                          (a record's offset is committed once it and every record before it are done):
 *                          at this many the partition is paused until half are. Bounds the memory held for
 *                          a slow partition and what a crash delivers again (copies, skipped or harmless)
 * @param commitInterval    at most one offset commit per partition within this time (Kafka's own auto-commit
 *                          default): each commit is a record on the brokers' offsets topic, and one per record
 *                          finished cost about one per message; a crash delivers again up to this much more of
 *                          what was done, which the listeners skip. 0: commit as records finish
 * @param payloadKey        AES-256 key (32 bytes, base64) that seals the replies on the outbound topic;
 *                          empty: one key per cluster, made by the first instance and kept in Redis
 *                          ({@code <key-prefix>kafka:payload-key})
 * @param previousPayloadKeys keys replies may still be sealed with while the key changes (base64 each);
 *                          records sealed with them are opened, new ones are sealed with {@code payloadKey}
 */
@ConfigurationProperties(prefix = "assist.kafka", ignoreUnknownFields = false)
public record KafkaProperties(
        @DefaultValue("assist.inbound") String inboundTopic,
        @DefaultValue("assist.outbound") String outboundTopic,
        @DefaultValue("assist-gateway") String consumerGroup,
        @DefaultValue("12") int partitions,
        @DefaultValue("3") short replicationFactor,
        @DefaultValue("2") int minInsyncReplicas,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("14d") Duration deadLetterRetention,
        @DefaultValue("30d") Duration auditRetention,
        @DefaultValue("3") int deliveryAttempts,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("" + DEFAULT_CONSUMERS) int consumers,
        @DefaultValue("256") int maxInFlight,
        @DefaultValue("5s") Duration commitInterval,
        String payloadKey,
        List<String> previousPayloadKeys) {

    /** Also the listeners' fallback in their {@code concurrency} placeholder. */
    public static final int DEFAULT_CONSUMERS = 4;

    public KafkaProperties {
        if (partitions < 1 || replicationFactor < 1 || minInsyncReplicas < 1 || deliveryAttempts < 1) {
            throw new IllegalArgumentException("assist.kafka.partitions, replication-factor, min-insync-replicas and "
                    + "delivery-attempts must be at least 1");
        }
        // more consumers in the group than the topic has partitions only wait (the topic may exist already,
        // with another partition count than assist.kafka.partitions): allowed, not useful
        if (consumers < 1 || consumers > 64) {
            throw new IllegalArgumentException("assist.kafka.consumers must be within 1..64, not " + consumers);
        }
        if (maxInFlight < 1 || maxInFlight > 100_000) {
            throw new IllegalArgumentException("assist.kafka.max-in-flight must be within 1..100000, not " + maxInFlight);
        }
        if (commitInterval == null || commitInterval.isNegative() || commitInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("assist.kafka.commit-interval must be within 0..1m, not " + commitInterval);
        }
        for (Duration kept : new Duration[] {retention, deadLetterRetention, auditRetention}) {
            if (kept == null || kept.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("assist.kafka.retention, dead-letter-retention and audit-retention "
                        + "must be at least 1m");
            }
        }
        payloadKey = payloadKey == null || payloadKey.isBlank() ? null : payloadKey.strip();
        if (payloadKey != null) {
            checkKey("assist.kafka.payload-key", payloadKey);
        }
        previousPayloadKeys = previousPayloadKeys == null ? List.of() : List.copyOf(previousPayloadKeys);
        previousPayloadKeys.forEach(key -> checkKey("assist.kafka.previous-payload-keys", key));
    }

    /** Never the value: the message ends up in the log. */
    private static void checkKey(String setting, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " must be 32 bytes in base64 (openssl rand -base64 32); "
                    + "the value given is not base64");
        }
        if (key.length != PayloadCipher.KEY_BYTES) {
            throw new IllegalArgumentException(setting + " must be 32 bytes in base64 (openssl rand -base64 32), not "
                    + key.length + " bytes");
        }
    }

    public String inboundDeadLetterTopic() {
        return DeadLetters.topicFor(inboundTopic);
    }

    public String outboundDeadLetterTopic() {
        return DeadLetters.topicFor(outboundTopic);
    }

    /**
     * {@code min.insync.replicas} as created: the setting, but never more than there are copies (a
     * single-broker setup with replication factor 1 would refuse every write otherwise).
     */
    public int effectiveMinInsyncReplicas() {
        return Math.min(minInsyncReplicas, replicationFactor);
    }

    /** A topic of this gateway whose records expire after {@code retention}. */
    public NewTopic topic(String name, Duration retention) {
        return replicated(TopicBuilder.name(name))
                .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()))
                .build();
    }

    /** A compacted topic of this gateway: Kafka keeps the latest record of every key, however old. */
    public NewTopic compactedTopic(String name) {
        return replicated(TopicBuilder.name(name)).compact().build();
    }

    private TopicBuilder replicated(TopicBuilder topic) {
        return topic.partitions(partitions).replicas(replicationFactor)
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(effectiveMinInsyncReplicas()));
    }

    @Override
    public String toString() {
        // the keys stay out of logs and reports
        return "KafkaProperties[inboundTopic=" + inboundTopic + ", outboundTopic=" + outboundTopic + ", consumerGroup="
                + consumerGroup + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                + ", minInsyncReplicas=" + minInsyncReplicas + ", retention=" + retention + ", deadLetterRetention="
                + deadLetterRetention + ", auditRetention=" + auditRetention + ", deliveryAttempts=" + deliveryAttempts
                + ", retryBackoff=" + retryBackoff + ", consumers=" + consumers + ", maxInFlight=" + maxInFlight + ", payloadKey="
                + (payloadKey == null ? "none" : "(set)") + ", previousPayloadKeys=" + previousPayloadKeys.size() + "]";
    }
}
