package com.wecomassist.load.cluster;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (spring-kafka-test's KRaft broker, one node) in its own process for scenario 3:
 * no Kafka server is installed on the load machine, and in the gateway's JVM it would share its heap.
 * Listens on loopback at a free port (the test kit picks it: spring-kafka-test 4.0 ignores
 * {@code kafkaPorts} for KRaft) that it prints as {@code kafka ready: <bootstrap servers>; …} for the
 * launcher, keeps its logs in a temporary directory and stops by itself after {@code --max-seconds}:
 *
 * <pre>--max-seconds 3600</pre>
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> o = com.wecomassist.load.stub.StubsMain.options(args);
        long maxSeconds = Math.min(Long.parseLong(o.getOrDefault("max-seconds", "1800")), 4 * 3600);
        // no topics of its own: the gateways create theirs (assist.kafka.partitions)
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            broker.destroy();
        }));
        System.out.println("kafka ready: " + broker.getBrokersAsString() + "; stopping by itself after " + maxSeconds + " s");
        if (!stop.await(maxSeconds, TimeUnit.SECONDS)) {
            System.out.println("kafka: --max-seconds reached, stopping");
            System.exit(0);
        }
    }
}
