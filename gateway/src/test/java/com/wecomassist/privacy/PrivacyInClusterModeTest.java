package com.wecomassist.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.ClusterInstances;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's personal data in cluster mode: two instances on one real Redis and one real (in-process
 * KRaft) Kafka broker, customers served by whichever instance takes their messages. The export through
 * one instance holds what both wrote; the erasure through the other leaves nothing in Redis that names
 * the customer but their trail's redacted skeleton; and the audit topic, the durable trail the bank's
 * archive reads, carries a {@code CUSTOMER_ERASED} event after each of their conversations' events, so
 * the archive can redact its own copy.
 */
class PrivacyInClusterModeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KF_A = "wkClusterPrivacyA";
    private static final String KF_B = "wkClusterPrivacyB";
    private static final String UNSURE = "那个东西怎么弄";
    private static final String CONFIDENT = "手机银行转账限额是多少？";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ClusterInstances cluster;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static WecomSimulator wecom;

    @BeforeAll
    static void start() {
        int portA = ClusterInstances.freePort();
        int portB = ClusterInstances.freePort();
        cluster = ClusterInstances.on(2, List.of("assist.inbound", "assist.inbound-dlt", "assist.audit"),
                "assist.kafka.consumers=1",
                // both instances serve the simulated enterprise (hosted by A) as if it were a real account
                "assist.wecom.corp-id=wwsimulatedbank001",
                "assist.wecom.token=SimulatorToken01",
                "assist.wecom.encoding-aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "assist.wecom.secret=simulator-secret",
                "assist.wecom.api-base-url=http://127.0.0.1:" + portA + "/simulator",
                "assist.reply.burst-quiet-period=300ms");
        a = cluster.start("server.port=" + portA, "assist.simulator.enabled=true", "assist.simulator.force=true",
                "assist.simulator.token=SimulatorToken01",
                "assist.simulator.encoding-aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "assist.simulator.secret=simulator-secret",
                "assist.simulator.open-kf-ids=" + KF_A + "," + KF_B,
                "assist.simulator.callback-urls=http://127.0.0.1:" + portA + "/wecom/callback,"
                        + "http://127.0.0.1:" + portB + "/wecom/callback");
        b = cluster.start("server.port=" + portB);
        wecom = a.getBean(WecomSimulator.class);
        await().atMost(WAIT).until(() -> assigned(a) + assigned(b) == 2 && assigned(a) > 0 && assigned(b) > 0);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anErasureThroughOneInstanceLeavesNothingOfTheCustomerForAnyAndTellsTheArchive() {
        String customer = "wmClusterPrivacy" + System.nanoTime();
        String bystander = "wmClusterBystander" + System.nanoTime();
        wecom.customerWrites(KF_B, customer, CONFIDENT);
        await().atMost(WAIT).until(() -> botLines(KF_B, customer) >= 1);
        wecom.customerWrites(KF_A, customer, UNSURE);
        wecom.customerWrites(KF_A, bystander, UNSURE);
        ApprovalQueue queue = b.getBean(ApprovalQueue.class);
        await().atMost(WAIT).until(() -> queue.pending().filter(q -> q.draft().conversation().peer().equals(customer)
                || q.draft().conversation().peer().equals(bystander)).count().block(WAIT) == 2);
        // the bank links the customer through A (Redis: their hash and their 管户's index entry)
        api(a).put().uri("/api/customer-links/{id}", customer)
                .bodyValue(Map.of("customerNo", "CN-CLUSTER-1", "managerUserId", "mia", "asOf", "2026-12-01"))
                .exchange().expectStatus().isOk();
        // both are an employee's 客户联系 contacts, written through A (Redis: the customer's hash and history,
        // the employee's set and counts, the churn set for the one who removed the employee)
        com.wecomassist.contacts.ContactDirectory contactsA = a.getBean(com.wecomassist.contacts.ContactDirectory.class);
        java.time.Instant added = java.time.Instant.now().minusSeconds(60);
        for (String who : List.of(customer, bystander)) {
            contactsA.apply(com.wecomassist.contacts.ContactEvent.callback(
                    com.wecomassist.contacts.ContactEvent.Kind.ADDED, who, "privacyTestEmployee", added, "branch-qr", null, null))
                    .block(WAIT);
        }
        contactsA.apply(com.wecomassist.contacts.ContactEvent.callback(
                com.wecomassist.contacts.ContactEvent.Kind.REMOVED_BY_CUSTOMER, customer, "privacyTestEmployee", added.plusSeconds(30),
                null, null, null)).block(WAIT);

        Map<String, Object> export = export(b, customer);
        assertThat(export.get("conversations")).isEqualTo(List.of(id(KF_A, customer), id(KF_B, customer)));
        Map<String, Object> counts = map(export.get("counts"));
        for (String store : List.of("conversations", "history", "approvalQueue", "auditTrail", "knowledgeGaps",
                "checkedTexts", "customerLinks", "contactDirectory")) {
            assertThat(((Number) counts.get(store)).longValue()).as(store).isPositive();
        }
        assertThat(JSON.writeValueAsString(export)).contains(UNSURE, CONFIDENT, "CN-CLUSTER-1");

        Map<String, Object> erased = map(api(a).delete().uri("/api/privacy/customers/{id}", customer).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("erased"));
        assertThat(((Number) erased.get("approvalQueue")).longValue()).isEqualTo(1);
        assertThat(((Number) erased.get("conversations")).longValue()).isEqualTo(2);
        assertThat(((Number) erased.get("customerLinks")).longValue()).isEqualTo(1);
        assertThat(((Number) erased.get("contactDirectory")).longValue()).as("one relationship, two history lines")
                .isEqualTo(3);

        // the other instance finds nothing of it but the trail's skeleton
        Map<String, Object> after = export(b, customer);
        Map<String, Object> stores = map(after.get("stores"));
        stores.forEach((store, items) -> assertThat(store.equals("auditTrail") || ((List<?>) items).isEmpty())
                .as(store).isTrue());
        assertThat(JSON.writeValueAsString(after)).doesNotContain(UNSURE).doesNotContain(CONFIDENT);
        assertThat(queue.pending().map(q -> q.draft().conversation().peer()).collectList().block(WAIT))
                .contains(bystander).doesNotContain(customer);

        // in Redis, whatever names the customer is their trail's skeleton, without a word of theirs
        List<String> naming = redisElements().stream().filter(e -> e.contains(customer)).toList();
        assertThat(naming).isNotEmpty().allSatisfy(element -> assertThat(element)
                .startsWith(cluster.prefix() + "audit:kf:").doesNotContain(UNSURE).doesNotContain(CONFIDENT));
        assertThat(redisElements()).noneMatch(element -> element.contains("CN-CLUSTER-1"));
        // the directory through the other instance: the bystander is still the employee's customer, counted once
        com.wecomassist.contacts.ContactDirectory contactsB = b.getBean(com.wecomassist.contacts.ContactDirectory.class);
        assertThat(contactsB.customer(customer).blockOptional(WAIT)).isEmpty();
        assertThat(contactsB.customersOf("privacyTestEmployee", null, 100).block(WAIT).relationships())
                .extracting(r -> r.externalUserId()).containsExactly(bystander);
        assertThat(contactsB.countsOf("privacyTestEmployee").block(WAIT))
                .isEqualTo(Map.of(com.wecomassist.contacts.ContactStatus.ACTIVE, 1L));

        // the durable trail: an erasure event follows each of their conversations' events in its partition
        List<ConsumerRecord<String, String>> topic = auditTopic();
        for (String conversation : List.of(id(KF_A, customer), id(KF_B, customer))) {
            List<ConsumerRecord<String, String>> ofIt = topic.stream().filter(r -> conversation.equals(r.key())).toList();
            ConsumerRecord<String, String> erasure = ofIt.stream().filter(r -> types(r).contains("CUSTOMER_ERASED"))
                    .findFirst().orElseThrow();
            ConsumerRecord<String, String> received = ofIt.stream().filter(r -> types(r).contains("MESSAGE_RECEIVED"))
                    .findFirst().orElseThrow();
            assertThat(erasure.partition()).isEqualTo(received.partition());
            assertThat(erasure.offset()).isGreaterThan(received.offset());
            JsonNode event = JSON.readTree(erasure.value());
            assertThat(event.get("actor").asString()).isEqualTo("root");
            assertThat(event.get("details").get("externalUserId").asString()).isEqualTo(customer);
            assertThat(erasure.value()).doesNotContain(UNSURE).doesNotContain(CONFIDENT);
        }
    }

    /** Every element of every key under the prefix (strings, list items, hash fields and values, set members), with its key. */
    private static List<String> redisElements() {
        ReactiveStringRedisTemplate redis = RedisTestServer.template();
        return redis.scan(ScanOptions.scanOptions().match(cluster.prefix() + "*").count(1000).build()).distinct()
                .concatMap(key -> redis.type(key).flatMapMany(type -> {
                    Flux<String> values = switch (type) {
                        case STRING -> redis.opsForValue().get(key).flux();
                        case LIST -> redis.opsForList().range(key, 0, -1);
                        case HASH -> redis.<String, String>opsForHash().entries(key)
                                .map(e -> e.getKey() + "=" + e.getValue());
                        case SET -> redis.opsForSet().members(key);
                        case ZSET -> redis.opsForZSet().range(key, org.springframework.data.domain.Range.unbounded());
                        default -> Flux.<String>empty();
                    };
                    return values.map(value -> key + " " + value).defaultIfEmpty(key + " ");
                }))
                .collectList().block(WAIT);
    }

    private static List<ConsumerRecord<String, String>> auditTopic() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(cluster.kafka(), "privacy-archive-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            cluster.kafka().consumeFromAnEmbeddedTopic(consumer, "assist.audit");
            await().atMost(WAIT).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(1)).forEach(records::add);
                return records.stream().filter(r -> types(r).contains("CUSTOMER_ERASED")).count() >= 2;
            });
        }
        return records;
    }

    /** A record holds one event (a JSON object) or several of one conversation (a JSON array of them). */
    private static List<String> types(ConsumerRecord<String, String> record) {
        JsonNode value = JSON.readTree(record.value());
        List<String> types = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(event -> types.add(event.get("type").asString()));
        } else {
            types.add(value.get("type").asString());
        }
        return types;
    }

    private static Map<String, Object> export(ConfigurableApplicationContext instance, String customer) {
        return JSON.readValue(api(instance).get().uri("/api/privacy/customers/{id}/export", customer).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), Map.class);
    }

    private static WebTestClient api(ConfigurableApplicationContext instance) {
        return ClusterInstances.client(instance, "root", WAIT);
    }

    private static long botLines(String kf, String customer) {
        return wecom.transcript(kf, customer).stream().filter(l -> l.from().equals(ChatLine.BOT)).count();
    }

    private static int assigned(ConfigurableApplicationContext instance) {
        var partitions = instance.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
                .getListenerContainer("assist-inbound").getAssignedPartitions();
        return partitions == null ? 0 : partitions.size();
    }

    private static String id(String kf, String customer) {
        return ConversationKey.kf(kf, customer).id();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
