package com.wecomassist.load.cluster;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka cluster (Kafka's KRaft test kit, which spring-kafka-test brings: one controller and
 * {@code --brokers} brokers, 3 by default as the gateway's {@code assist.kafka.replication-factor}
 * asks) in its own process, for the cluster load test and the fault checks: no Kafka server is
 * installed on the load machine, and in the gateway's JVM it would share its heap. Listens on
 * loopback at free ports that it prints as {@code kafka ready: <bootstrap servers>; …} for the
 * launcher, keeps its logs in a temporary directory and stops by itself after {@code --max-seconds}:
 *
 * <pre>--brokers 1 --max-seconds 3600</pre>
 *
 * One controller, not every node one: spring-kafka-test's {@code EmbeddedKafkaKraftBroker(3, …)} makes
 * each broker a controller too, and three controllers in one JVM do not form their quorum (Kafka 4.1).
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = com.wecomassist.load.stub.StubsMain.options(args);
        long maxSeconds = Math.min(Long.parseLong(o.getOrDefault("max-seconds", "1800")), 4 * 3600);
        int brokers = Integer.parseInt(o.getOrDefault("brokers", "3"));
        if (brokers < 1 || brokers > 5) {
            throw new IllegalArgumentException("--brokers must be within 1..5, not " + brokers);
        }
        // no topics of its own: the gateways create theirs (assist.kafka.partitions, replication-factor)
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(false).setNumControllerNodes(1).setNumBrokerNodes(brokers).build())
                .setConfigProp("group.initial.rebalance.delay.ms", 0)
                // Kafka's own topics with as many copies as there are brokers (at most its default, 3)
                .setConfigProp("offsets.topic.replication.factor", (short) Math.min(brokers, 3))
                .setConfigProp("offsets.topic.num.partitions", 8)
                .setConfigProp("transaction.state.log.replication.factor", (short) Math.min(brokers, 3))
                .setConfigProp("transaction.state.log.min.isr", Math.min(brokers, 2))
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                cluster.close();
            } catch (Exception e) {
                System.out.println("kafka: could not stop cleanly: " + e);
            }
        }));
        System.out.println("kafka ready: " + cluster.bootstrapServers() + "; " + brokers
                + (brokers == 1 ? " broker" : " brokers") + "; stopping by itself after " + maxSeconds + " s");
        if (!stop.await(maxSeconds, TimeUnit.SECONDS)) {
            System.out.println("kafka: --max-seconds reached, stopping");
            System.exit(0);
        }
    }
}
