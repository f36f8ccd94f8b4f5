package com.wecomassist.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.events.BankEvent;
import com.wecomassist.events.BankEvents;
import com.wecomassist.testing.ClusterInstances;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The bank's events topic in cluster mode, on a real (in-process KRaft) broker and Redis: events by
 * external_userid and by customer number (linked or not) are kept, a record delivered twice is kept once,
 * and what is not an event, or is refused, goes to the dead-letter topic with the reason (and no customer
 * number).
 */
class KafkaBankEventListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "assist.bank-events";

    static ClusterInstances cluster;
    static ConfigurableApplicationContext gateway;
    static DefaultKafkaProducerFactory<String, String> producers;

    @BeforeAll
    static void start() {
        cluster = ClusterInstances.on(1, List.of(TOPIC, DeadLetters.topicFor(TOPIC)), "assist.kafka.consumers=1",
                "assist.kafka.retry-backoff=50ms");
        gateway = cluster.start("server.port=0", "assist.simulator.enabled=true");
        producers = new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(cluster.kafka()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stop() {
        if (producers != null) {
            producers.destroy();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eventsAreKeptOnceAndWhatIsNotOneIsDeadLettered() throws Exception {
        KafkaTemplate<String, String> kafka = new KafkaTemplate<>(producers);
        BankEvents events = gateway.getBean(BankEvents.class);
        Instant now = Instant.now();
        gateway.getBean(CustomerLinks.class).upsert(new CustomerLink("wmKafkaEv1", "CN-KE-1", "mia", null,
                CustomerLink.Source.API, now, now)).block(WAIT);

        String direct = event("k-1", "external_userid", "wmKafkaEv2", "large_transfer", now.minusSeconds(30),
                ",\"attributes\":{\"amount\":500000,\"note\":\"对方手机13912345678\"}");
        send(kafka, "wmKafkaEv2", direct);
        send(kafka, "wmKafkaEv2", direct); // delivered again
        send(kafka, "CN-KE-1", event("k-2", "customer_no", "CN-KE-1", "purchase", now.minusSeconds(20), ""));
        send(kafka, "CN-KE-SECRET-9", event("k-3", "customer_no", "CN-KE-SECRET-9", "wealth_maturity",
                now.minusSeconds(10), ""));
        // not events, or refused
        send(kafka, "wmPoison", "this is not JSON");
        send(kafka, "wmSomeoneElse", event("k-4", "external_userid", "wmKafkaEv4", "purchase", now, ""));
        send(kafka, "CN-KE-SECRET-5", "{\"event_id\":\"k-5\",\"customer_no\":\"CN-KE-SECRET-5\",\"occurred_at\":\""
                + now + "\"}");
        send(kafka, "wmKafkaEv6", event("k-6", "external_userid", "wmKafkaEv6", "purchase",
                now.minus(Duration.ofDays(100)), ""));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(received("ACCEPTED")).isGreaterThanOrEqualTo(2.0);
            assertThat(received("DUPLICATE")).isGreaterThanOrEqualTo(1.0);
            assertThat(received("UNLINKED")).isGreaterThanOrEqualTo(1.0);
        });
        List<BankEvent> two = events.recent("wmKafkaEv2", now.minus(Duration.ofDays(1)), 10).collectList().block(WAIT);
        assertThat(two).extracting(BankEvent::id).containsExactly("k-1");
        assertThat(two.get(0).source()).isEqualTo(BankEvent.Source.KAFKA);
        assertThat(two.get(0).attributes().get("amount")).isEqualTo(500000L);
        assertThat(two.get(0).attributes().get("note").toString()).doesNotContain("13912345678");
        assertThat(events.recent("wmKafkaEv1", now.minus(Duration.ofDays(1)), 10).collectList().block(WAIT))
                .extracting(BankEvent::id).containsExactly("k-2");

        List<ConsumerRecord<String, String>> dead = deadLetters(4);
        assertThat(dead).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("wmPoison", "wmSomeoneElse", "CN-KE-SECRET-5", "wmKafkaEv6");
        for (ConsumerRecord<String, String> record : dead) {
            String reason = new String(record.headers().lastHeader(DeadLetters.REASON_HEADER).value(),
                    StandardCharsets.UTF_8);
            assertThat(reason).doesNotContain("CN-KE-SECRET");
            if (record.key().equals("wmKafkaEv6")) {
                assertThat(reason).startsWith("rejected: OLDER_THAN_WINDOW");
            } else {
                assertThat(reason).startsWith("not a bank event");
            }
        }
        assertThat(events.recent("wmKafkaEv4", Instant.EPOCH, 10).collectList().block(WAIT)).isEmpty();
        assertThat(events.recent("wmKafkaEv6", Instant.EPOCH, 10).collectList().block(WAIT)).isEmpty();
    }

    private static String event(String id, String customerField, String customer, String type, Instant at,
                                String more) {
        return "{\"event_id\":\"" + id + "\",\"" + customerField + "\":\"" + customer + "\",\"type\":\"" + type
                + "\",\"occurred_at\":\"" + at + "\"" + more + "}";
    }

    private static void send(KafkaTemplate<String, String> kafka, String key, String value) throws Exception {
        kafka.send(TOPIC, key, value).get(30, TimeUnit.SECONDS);
    }

    private static double received(String outcome) {
        var counter = gateway.getBean(MeterRegistry.class).find("assist.events.received")
                .tags("source", "KAFKA", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<ConsumerRecord<String, String>> deadLetters(int expected) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(cluster.kafka(), "dlt-reader-" + System.nanoTime(),
                false);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            cluster.kafka().consumeFromAnEmbeddedTopic(consumer, DeadLetters.topicFor(TOPIC));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500)).forEach(seen::add);
                return seen.size() >= expected;
            });
            return seen;
        }
    }
}
