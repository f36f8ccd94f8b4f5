package com.wecomassist.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the gateway's topics that have fewer copies of a partition than
 * {@code assist.kafka.replication-factor} asks, in a warning: topics made by an older gateway (whose
 * default was one copy) or by hand. KafkaAdmin creates missing topics as asked and sets their
 * configuration, but Kafka does not add copies to an existing topic by itself.
 */
final class ReplicationCheck {

    private static final Logger log = LoggerFactory.getLogger(ReplicationCheck.class);
    private static final int WAIT_MS = 10_000;

    private final Map<String, Object> adminSettings;
    private final short replicationFactor;

    ReplicationCheck(Map<String, Object> adminSettings, short replicationFactor) {
        this.adminSettings = adminSettings;
        this.replicationFactor = replicationFactor;
    }

    /** The topics with too few copies (each also warned about); empty when Kafka cannot say. */
    List<String> warnAboutTopicsWithFewerCopies(List<String> topics) {
        try (Admin admin = Admin.create(adminSettings)) {
            Map<String, KafkaFuture<TopicDescription>> found = admin.describeTopics(topics,
                    new DescribeTopicsOptions().timeoutMs(WAIT_MS)).topicNameValues();
            return found.entrySet().stream().filter(topic -> fewerCopies(topic.getKey(), topic.getValue()))
                    .map(Map.Entry::getKey).toList();
        }
    }

    private boolean fewerCopies(String topic, KafkaFuture<TopicDescription> description) {
        TopicDescription found;
        try {
            found = description.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("could not describe Kafka topic {}: {}", topic, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        int fewest = found.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(replicationFactor);
        if (fewest >= replicationFactor) {
            return false;
        }
        log.warn("Kafka topic {} has partitions with {} {}, fewer than assist.kafka.replication-factor {}: Kafka does "
                        + "not add copies to an existing topic; reassign its partitions (kafka-reassign-partitions.sh) "
                        + "so that its messages survive a broker's failure",
                topic, fewest, fewest == 1 ? "copy" : "copies", replicationFactor);
        return true;
    }
}
