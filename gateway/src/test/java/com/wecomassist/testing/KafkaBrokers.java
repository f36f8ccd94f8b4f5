package com.wecomassist.testing;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka cluster of several brokers in this JVM, for what one broker cannot show: topics with
 * three copies, two of them in sync. spring-kafka-test's {@code EmbeddedKafkaKraftBroker(3, …)} makes
 * every node a KRaft controller as well, and three controllers in one JVM never form their quorum
 * (Kafka 4.1: "Received unexpected invalid request error"); so one controller and N brokers, from the
 * same test kit underneath.
 */
public final class KafkaBrokers implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private KafkaBrokers(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static KafkaBrokers start(int brokers) {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(false).setNumControllerNodes(1).setNumBrokerNodes(brokers).build())
                    // a consumer group forms at once; the offsets topic small (its default: 50 partitions x copies)
                    .setConfigProp("group.initial.rebalance.delay.ms", 0)
                    .setConfigProp("offsets.topic.num.partitions", 4)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBrokers(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("could not start a Kafka cluster of " + brokers + " brokers", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public <T> T withAdmin(Function<Admin, T> work) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            return work.apply(admin);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the Kafka cluster", e);
        }
    }
}
