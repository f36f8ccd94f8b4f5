package com.wecomassist.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cluster mode's Kafka topics (brokers through the standard {@code spring.kafka.*} properties).
 *
 * @param inboundTopic      inbound messages, keyed by conversation, so one conversation stays in one partition
 * @param outboundTopic     replies to send, keyed by conversation (drafted or approved on one instance,
 *                          sent by whichever instance consumes them)
 * @param consumerGroup     all gateway instances share it: each message is handled by one instance
 * @param partitions        partitions created for the topics if they do not exist
 * @param replicationFactor replicas created for the topics if they do not exist (3 in production)
 * @param deliveryAttempts  a message whose handling fails is tried this often, then goes to the
 *                          dead-letter topic ({@code <topic>-dlt}) with the reason
 * @param retryBackoff      first wait between those tries; doubles, with jitter
 * @param consumers         consumers per instance for each of the inbound and outbound topics, each with
 *                          its own partitions. A consumer takes no new records until every record of its
 *                          last poll is done (out-of-order acknowledgements), and an inbound record is done
 *                          only when it is answered (model latency included): with one consumer every
 *                          message waited for the slowest of the batch before it (cluster load test)
 */
@ConfigurationProperties(prefix = "assist.kafka", ignoreUnknownFields = false)
public record KafkaProperties(
        @DefaultValue("assist.inbound") String inboundTopic,
        @DefaultValue("assist.outbound") String outboundTopic,
        @DefaultValue("assist-gateway") String consumerGroup,
        @DefaultValue("12") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("3") int deliveryAttempts,
        @DefaultValue("1s") java.time.Duration retryBackoff,
        @DefaultValue("" + DEFAULT_CONSUMERS) int consumers) {

    /** Also the listeners' fallback in their {@code concurrency} placeholder. */
    public static final int DEFAULT_CONSUMERS = 4;

    public KafkaProperties {
        if (partitions < 1 || replicationFactor < 1 || deliveryAttempts < 1) {
            throw new IllegalArgumentException("assist.kafka.partitions, replication-factor and delivery-attempts "
                    + "must be at least 1");
        }
        // more consumers in the group than the topic has partitions only wait (the topic may exist already,
        // with another partition count than assist.kafka.partitions): allowed, not useful
        if (consumers < 1 || consumers > 64) {
            throw new IllegalArgumentException("assist.kafka.consumers must be within 1..64, not " + consumers);
        }
    }

    public String inboundDeadLetterTopic() {
        return DeadLetters.topicFor(inboundTopic);
    }

    public String outboundDeadLetterTopic() {
        return DeadLetters.topicFor(outboundTopic);
    }
}
