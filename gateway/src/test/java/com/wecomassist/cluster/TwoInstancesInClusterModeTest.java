package com.wecomassist.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.AssistApplication;
import com.wecomassist.inbound.kafka.KafkaInboundListener;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.RedisTestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Two gateway instances in cluster mode share one real Redis and one real (in-process KRaft) Kafka
 * broker and serve one 微信客服 account; the simulated WeCom sends callbacks to them in turn, as a
 * load balancer would, so both try to sync the same account at once, and messages pulled by one
 * may be answered by the other. Every customer message must be answered exactly once, in order.
 */
class TwoInstancesInClusterModeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static WecomSimulator wecom;
    static EmbeddedKafkaKraftBroker kafka;

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafkaKraftBroker(1, 4, "assist.inbound", "assist.inbound-dlt");
        kafka.afterPropertiesSet();
        URI redis = RedisTestServer.uri();
        String prefix = RedisTestServer.freshPrefix();
        int portA = freePort();
        int portB = freePort();
        String[] common = {
                "assist.mode=cluster",
                "assist.key-prefix=" + prefix,
                "spring.data.redis.host=" + redis.getHost(),
                "spring.data.redis.port=" + redis.getPort(),
                "spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "assist.kafka.partitions=4",
                // both instances serve the simulated enterprise as if it were a real account
                "assist.wecom.corp-id=wwsimulatedbank001",
                "assist.wecom.token=SimulatorToken01",
                "assist.wecom.encoding-aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "assist.wecom.secret=simulator-secret",
                "assist.wecom.api-base-url=http://127.0.0.1:" + portA + "/simulator",
                "assist.wecom.retry-backoff=20ms"};
        // instance A also hosts the simulated WeCom, which calls A and B in turn
        a = new SpringApplicationBuilder(AssistApplication.class).run(args(common, "server.port=" + portA,
                "assist.simulator.enabled=true",
                "assist.simulator.callback-urls=http://127.0.0.1:" + portA + "/wecom/callback,"
                        + "http://127.0.0.1:" + portB + "/wecom/callback"));
        b = new SpringApplicationBuilder(AssistApplication.class).run(args(common, "server.port=" + portB));
        wecom = a.getBean(WecomSimulator.class);
        // the consumer group has settled when each instance owns part of the inbound topic
        await().atMost(WAIT).until(() -> assigned(a) > 0 && assigned(b) > 0 && assigned(a) + assigned(b) == 4);
    }

    private static int assigned(ConfigurableApplicationContext instance) {
        var partitions = instance.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
                .getListenerContainer("assist-inbound").getAssignedPartitions();
        return partitions == null ? 0 : partitions.size();
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    void everyMessageIsAnsweredExactlyOnceWhicheverInstanceGetsTheCallback() {
        String kf = wecom.openKfIds().get(0);
        List<String> customers = IntStream.range(0, 12).mapToObj(i -> "wmCluster" + i).toList();
        customers.parallelStream().forEach(c -> {
            for (int i = 1; i <= 3; i++) {
                wecom.customerWrites(kf, c, "问题" + i);
            }
        });
        await().atMost(WAIT).until(() -> customers.stream().allMatch(c -> bot(kf, c).size() >= 3));
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        customers.forEach(c -> assertThat(bot(kf, c)).as(c).hasSize(3));
        // both instances answered: the inbound topic spread the conversations over them
        assertThat(sent(a)).isPositive();
        assertThat(sent(b)).isPositive();
        // the access token lives in Redis: each instance fetched it at most once
        assertThat(wecom.calls("gettoken")).isBetween(1L, 2L);
    }

    @Test
    void bothInstancesReceivedCallbacks() {
        double beforeA = acceptedKfCallbacks(a);
        double beforeB = acceptedKfCallbacks(b);
        String kf = wecom.openKfIds().get(0);
        wecom.customerWrites(kf, "wmBoth", "一");
        wecom.customerWrites(kf, "wmBoth", "二");
        await().atMost(WAIT).until(() -> bot(kf, "wmBoth").size() == 2);
        // the simulator sends callbacks to the instances in turn: each got one of these two
        assertThat(acceptedKfCallbacks(a)).isGreaterThan(beforeA);
        assertThat(acceptedKfCallbacks(b)).isGreaterThan(beforeB);
    }

    private static double acceptedKfCallbacks(ConfigurableApplicationContext instance) {
        var counter = instance.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("assist.callback.accepted").tag("type", "kf").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReason() {
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, String> template = a.getBean(KafkaTemplate.class);
        template.send("assist.inbound", "kf:x:y", "this is not an inbound message").join();
        Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "dlt-reader-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            kafka.consumeFromAnEmbeddedTopic(consumer, "assist.inbound-dlt");
            ConsumerRecord<String, String> dead = KafkaTestUtils.getSingleRecord(consumer, "assist.inbound-dlt",
                    Duration.ofSeconds(30));
            assertThat(dead.value()).isEqualTo("this is not an inbound message");
            assertThat(new String(dead.headers().lastHeader(KafkaInboundListener.REASON_HEADER).value(),
                    java.nio.charset.StandardCharsets.UTF_8)).startsWith("not an inbound message");
        }
    }

    private static double sent(ConfigurableApplicationContext instance) {
        var counter = instance.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("assist.reply.sent").counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<ChatLine> bot(String kf, String customer) {
        return wecom.transcript(kf, customer).stream().filter(l -> l.from().equals(ChatLine.BOT)).toList();
    }

    /** Command-line arguments: they override application.yml, unlike default properties. */
    private static String[] args(String[] common, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(common), java.util.Arrays.stream(more))
                .map(p -> "--" + p).toArray(String[]::new);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
