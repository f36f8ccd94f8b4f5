package com.wecomassist.customerlinks.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
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
 * The bank's links topic in cluster mode, on a real (in-process KRaft) broker and Redis: links written in
 * any order end as the newest says, a record delivered twice changes nothing, a removal is ordered by its
 * time too, and what is not a link goes to the dead-letter topic with the reason (and no customer number).
 */
class KafkaCustomerLinkListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "assist.customer-links";

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
    void linksEndAsTheNewestRecordSaysAndWhatIsNotALinkIsDeadLettered() throws Exception {
        KafkaTemplate<String, String> kafka = new KafkaTemplate<>(producers);
        CustomerLinks links = gateway.getBean(CustomerLinks.class);
        String newer = link("wmKafka1", "CN-K1", "mia", "2026-12-02T00:00:00Z");
        send(kafka, "wmKafka1", newer);
        send(kafka, "wmKafka1", link("wmKafka1", "CN-K1", "bob", "2026-12-01T00:00:00Z")); // older: stale
        send(kafka, "wmKafka1", newer);                                                    // delivered again
        // a removal that overtakes the link it removes
        send(kafka, "wmKafka2", "{\"external_userid\":\"wmKafka2\",\"as_of\":\"2026-12-05\",\"removed\":true}");
        send(kafka, "wmKafka2", link("wmKafka2", "CN-K2", "mia", "2026-12-03T00:00:00Z"));
        send(kafka, "wmKafka3", link("wmKafka3", "CN-K3", "mia", "2026-12-03T00:00:00Z"));
        send(kafka, "wmKafka3", "{\"external_userid\":\"wmKafka3\",\"as_of\":\"2026-12-04\",\"removed\":true}");
        // not links
        send(kafka, "wmPoison", "this is not JSON");
        send(kafka, "wmSomeoneElse", link("wmKafka4", "CN-SECRET-4", "mia", "2026-12-03T00:00:00Z"));
        send(kafka, "wmKafka5", link("wmKafka5", "CN-SECRET-5", "mia", Instant.now().plus(Duration.ofDays(3)).toString()));
        send(kafka, "wmKafka6", "{\"external_userid\":\"wmKafka6\",\"removed\":true}");

        await().atMost(WAIT).untilAsserted(() -> {
            CustomerLink one = links.link("wmKafka1").block(WAIT);
            assertThat(one).isNotNull();
            assertThat(one.managerUserId()).isEqualTo("mia");
            assertThat(one.source()).isEqualTo(CustomerLink.Source.KAFKA);
            assertThat(written("STALE")).isGreaterThanOrEqualTo(2.0); // bob's, and wmKafka2's link after its removal
            assertThat(written("UNCHANGED")).isGreaterThanOrEqualTo(1.0);
        });
        List<ConsumerRecord<String, String>> dead = deadLetters(4);
        assertThat(dead).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("wmPoison", "wmSomeoneElse", "wmKafka5", "wmKafka6");
        for (ConsumerRecord<String, String> record : dead) {
            String reason = new String(record.headers().lastHeader(DeadLetters.REASON_HEADER).value(),
                    StandardCharsets.UTF_8);
            assertThat(reason).startsWith("not a customer link").doesNotContain("CN-SECRET");
        }
        assertThat(links.link("wmKafka2").blockOptional(WAIT)).isEmpty();
        assertThat(links.link("wmKafka3").blockOptional(WAIT)).isEmpty();
        assertThat(links.link("wmKafka4").blockOptional(WAIT)).isEmpty();
        assertThat(links.link("wmKafka5").blockOptional(WAIT)).isEmpty();
        assertThat(links.customersOf("mia", null, 10).block(WAIT).links()).extracting(CustomerLink::externalUserId)
                .containsExactly("wmKafka1");
    }

    private static String link(String customer, String no, String manager, String asOf) {
        return "{\"external_userid\":\"" + customer + "\",\"customer_no\":\"" + no + "\",\"manager_userid\":\""
                + manager + "\",\"tier\":null,\"as_of\":\"" + asOf + "\"}";
    }

    private static void send(KafkaTemplate<String, String> kafka, String key, String value) throws Exception {
        kafka.send(TOPIC, key, value).get(30, TimeUnit.SECONDS);
    }

    private static double written(String outcome) {
        var counter = gateway.getBean(MeterRegistry.class).find("assist.customer_links.written")
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
