package com.wecomassist.load.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * What the gateways wrote to Kafka during a run, per topic: records (the sum of the partitions' end
 * offsets) and bytes on the broker's disk (its log directories), read with the admin client before
 * and after. Bytes include Kafka's own batch headers: they are the cost on the broker, not the payload.
 */
public final class KafkaTraffic {

    /** One topic at one moment. */
    public record Topic(long records, long bytes) {
    }

    private KafkaTraffic() {
    }

    /** Every topic of the broker (internal ones included: consumer offsets are part of the cost). */
    public static Map<String, Topic> read(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        try (Admin admin = Admin.create(p)) {
            var names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get(20, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(names).allTopicNames().get(20, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(part -> latest.put(new TopicPartition(name, part.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(20, TimeUnit.SECONDS);
            Map<String, Long> records = ends.entrySet().stream().collect(Collectors.groupingBy(e -> e.getKey().topic(),
                    Collectors.summingLong(e -> e.getValue().offset())));
            Map<String, Long> bytes = new HashMap<>();
            var brokers = admin.describeCluster().nodes().get(20, TimeUnit.SECONDS).stream()
                    .map(org.apache.kafka.common.Node::id).toList();
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions()
                    .get(20, TimeUnit.SECONDS).values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
                        bytes.merge(r.getKey().topic(), r.getValue().size(), Long::sum);
                    }
                }
            }
            Map<String, Topic> out = new TreeMap<>();
            for (String name : names) {
                out.put(name, new Topic(records.getOrDefault(name, 0L), bytes.getOrDefault(name, 0L)));
            }
            return out;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the topics of " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records and bytes written between two readings, topics that did not grow left out. */
    public static Map<String, Topic> delta(Map<String, Topic> before, Map<String, Topic> after) {
        Map<String, Topic> d = new TreeMap<>();
        after.forEach((name, now) -> {
            Topic then = before.getOrDefault(name, new Topic(0, 0));
            Topic grown = new Topic(Math.max(0, now.records() - then.records()), Math.max(0, now.bytes() - then.bytes()));
            if (grown.records() > 0 || grown.bytes() > 0) {
                d.put(name, grown);
            }
        });
        return d;
    }
}
