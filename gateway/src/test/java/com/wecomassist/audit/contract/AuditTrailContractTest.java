package com.wecomassist.audit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditEvent.Type;
import com.wecomassist.audit.AuditSkeleton;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.audit.kafka.KafkaAuditTrail;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.audit.redis.RedisAuditTrail;
import com.wecomassist.error.TransientException;
import com.wecomassist.testing.RedisTestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail's contract, for the embedded adapter (memory and log) and the cluster one (Kafka
 * topic plus a Redis copy, on a real in-process broker and a real Redis).
 */
class AuditTrailContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MAX_PER_CONVERSATION = 5;
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final String TOPIC = "assist.audit.test";

    abstract static class Contract {

        abstract AuditTrail trail();

        /** A conversation id no other test uses (the Kafka topic is shared by the whole class). */
        String conversation;

        @BeforeEach
        void freshConversation() {
            conversation = "kf:wkBank:wm" + UUID.randomUUID();
        }

        @Test
        void keepsEveryFieldInOrder() {
            AuditTrail trail = trail();
            List<AuditEvent> events = List.of(
                    event(Type.MESSAGE_RECEIVED, "msg-1", "customer", Map.of("kind", "text")),
                    event(Type.DRAFTED, "d-1", "bot", Map.of("model", "kb-template", "prompt", "draft-system@1")),
                    event(Type.SENT, "d-1", "bot", Map.of("msgids", List.of("m-a", "m-b"))));
            events.forEach(e -> StepVerifier.create(trail.record(e)).expectComplete().verify(WAIT));

            StepVerifier.create(trail.ofConversation(conversation, 10))
                    .expectNextSequence(events)
                    .expectComplete()
                    .verify(WAIT);
        }

        @Test
        void aLimitGivesTheMostRecentOldestFirst() {
            AuditTrail trail = trail();
            recordNumbered(trail, conversation, 4);

            StepVerifier.create(trail.ofConversation(conversation, 2).map(AuditEvent::subject))
                    .expectNext("s3", "s4")
                    .expectComplete()
                    .verify(WAIT);
            StepVerifier.create(trail.ofConversation(conversation, 0)).expectComplete().verify(WAIT);
        }

        @Test
        void keepsOnlyTheLastEventsOfAConversation() {
            AuditTrail trail = trail();
            recordNumbered(trail, conversation, MAX_PER_CONVERSATION + 3);

            StepVerifier.create(trail.ofConversation(conversation, 100).map(AuditEvent::subject))
                    .expectNext("s4", "s5", "s6", "s7", "s8")
                    .expectComplete()
                    .verify(WAIT);
        }

        @Test
        void otherConversationsAreUnaffected() {
            AuditTrail trail = trail();
            String other = conversation + "-other";
            recordNumbered(trail, other, 2);
            recordNumbered(trail, conversation, MAX_PER_CONVERSATION + 3);

            StepVerifier.create(trail.ofConversation(other, 100).map(AuditEvent::subject))
                    .expectNext("s1", "s2")
                    .expectComplete()
                    .verify(WAIT);
            StepVerifier.create(trail.ofConversation(conversation + "-nobody", 100)).expectComplete().verify(WAIT);
        }

        @Test
        void detailsComeBackAsTheyWent() {
            AuditTrail trail = trail();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("text", "客户说：\"我的卡丢了\"\n请帮忙 = 急");
            details.put("entries", List.of("kb-17@3", "kb-4@12"));
            details.put("confidence", 0.82);
            details.put("hits", 3);
            details.put("epochMillis", 1_764_000_000_123L);
            details.put("positions", List.of(4, 17));
            details.put("none", List.of());
            details.put("autoSend", false);
            AuditEvent checked = event(Type.CHECKED, "d-9", "bot", details);
            StepVerifier.create(trail.record(checked)).expectComplete().verify(WAIT);

            StepVerifier.create(trail.ofConversation(conversation, 1))
                    .assertNext(back -> {
                        assertThat(back).isEqualTo(checked);
                        assertThat(back.details()).containsExactlyInAnyOrderEntriesOf(details);
                    })
                    .expectComplete()
                    .verify(WAIT);
        }

        @Test
        void anEventAboutNoConversationIsRecordedButListedNowhere() {
            AuditTrail trail = trail();
            AuditEvent kbChanged = new AuditEvent(Type.KB_CHANGED, null, "kb-17", "content-team",
                    Instant.parse("2026-11-24T09:00:00Z"), Map.of("version", 4));
            StepVerifier.create(trail.record(kbChanged)).expectComplete().verify(WAIT);
            StepVerifier.create(trail.ofConversation("kb-17", 10)).expectComplete().verify(WAIT);
        }

        @Test
        void aBatchIsKeptInOrderPerConversation() {
            AuditTrail trail = trail();
            String other = conversation + "-batch";
            List<AuditEvent> batch = List.of(event(Type.RETRIEVED, "d-1", "bot", Map.of("i", 1)),
                    event(Type.DRAFTED, "d-1", "bot", Map.of("i", 2)),
                    new AuditEvent(Type.NOT_SENT, other, "m-9", "bot", Instant.parse("2026-11-24T08:00:01Z"), Map.of()),
                    event(Type.CHECKED, "d-1", "bot", Map.of("i", 3)),
                    event(Type.ROUTED, "d-1", "bot", Map.of("i", 4)));
            StepVerifier.create(trail.recordAll(batch)).expectComplete().verify(WAIT);

            StepVerifier.create(trail.ofConversation(conversation, 100).map(AuditEvent::type))
                    .expectNext(Type.RETRIEVED, Type.DRAFTED, Type.CHECKED, Type.ROUTED)
                    .expectComplete()
                    .verify(WAIT);
            StepVerifier.create(trail.ofConversation(other, 100).map(AuditEvent::type))
                    .expectNext(Type.NOT_SENT)
                    .expectComplete()
                    .verify(WAIT);
        }

        @Test
        void staysBoundedUnderConcurrentRecords() {
            AuditTrail trail = trail();
            Flux.range(0, 40).flatMap(i -> trail.record(event(Type.ROUTED, "s" + i, "bot", Map.of("i", i))))
                    .then().block(WAIT);
            StepVerifier.create(trail.ofConversation(conversation, 100).count())
                    .expectNext((long) MAX_PER_CONVERSATION)
                    .expectComplete()
                    .verify(WAIT);
        }

        void recordNumbered(AuditTrail trail, String conv, int count) {
            for (int i = 1; i <= count; i++) {
                AuditEvent e = new AuditEvent(Type.ROUTED, conv, "s" + i, "bot",
                        Instant.parse("2026-11-24T08:00:00Z").plusSeconds(i), Map.of("route", "auto"));
                StepVerifier.create(trail.record(e)).expectComplete().verify(WAIT);
            }
        }

        AuditEvent event(Type type, String subject, String actor, Map<String, Object> details) {
            return new AuditEvent(type, conversation, subject, actor, Instant.parse("2026-11-24T08:00:00.123456789Z"),
                    details);
        }

        // ---------------------------------------------------------------- a customer's personal data

        /** Five steps of one conversation (what the contract keeps), four of them with text. */
        static List<AuditEvent> stepsOf(String id) {
            Instant at = Instant.parse("2026-11-24T08:00:00.123Z");
            return List.of(
                    AuditEvent.of(id, "m1", "customer", at, new AuditDetails.MessageReceived("TEXT", "我叫张三，卡丢了",
                            at.toString(), null)),
                    AuditEvent.of(id, "d-m1", "bot", at, new AuditDetails.Drafted("ANSWER", "KB_TEMPLATE", "kb-template",
                            List.of("draft-system@1"), List.of("kb-7@2"), null, "您好张三，请立即挂失")),
                    AuditEvent.of(id, "d-m1", "bot", at, new AuditDetails.Checked("REVIEW",
                            List.of("pii.name@1 REVIEW [2,4) 张三"), List.of("bank@1"), false, "RULES", false, List.of())),
                    AuditEvent.of(id, "d-m1", "carol", at, new AuditDetails.Rejected("客户张三另有诉求", true)),
                    AuditEvent.of(id, "m1", "wecom", at, new AuditDetails.HandedOff(false, "fraud-or-lost-card", 100)));
        }

        @Test
        void aCustomersEventsAreExportedAndRedactedToTheirSkeletonInPlace() {
            AuditTrail trail = trail();
            String customer = "wmErase" + UUID.randomUUID().toString().substring(0, 8);
            String onA = "kf:wkA:" + customer;
            String onB = "kf:wkB:" + customer;
            String other = "kf:wkA:wmKeep" + customer;
            for (String id : List.of(onA, other, onB)) {
                trail.recordAll(stepsOf(id)).block(WAIT);
            }

            List<AuditEvent> exported = trail.forCustomer(customer).collectList().block(WAIT);
            assertThat(exported).containsExactlyElementsOf(java.util.stream.Stream.concat(stepsOf(onA).stream(),
                    stepsOf(onB).stream()).toList());

            assertThat(trail.eraseCustomer(customer).block(WAIT)).isEqualTo(8);

            List<AuditEvent> redacted = trail.ofConversation(onA, 100).collectList().block(WAIT);
            assertThat(redacted).extracting(AuditEvent::type, AuditEvent::subject, AuditEvent::actor, AuditEvent::at)
                    .containsExactlyElementsOf(stepsOf(onA).stream()
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.type(), e.subject(), e.actor(), e.at())).toList());
            assertThat(trail.forCustomer(customer).collectList().block(WAIT).toString())
                    .doesNotContain("张三").doesNotContain("挂失");
            assertThat(redacted.get(1).details()).containsEntry("text", AuditSkeleton.ERASED)
                    .containsEntry("sources", List.of("kb-7@2")).containsEntry("model", "kb-template");
            assertThat(redacted.get(2).details()).containsEntry("hits", AuditSkeleton.ERASED)
                    .containsEntry("action", "REVIEW");
            assertThat(redacted.get(3).details()).containsEntry("reason", AuditSkeleton.ERASED);
            assertThat(redacted.get(4)).isEqualTo(stepsOf(onA).get(4));

            assertThat(trail.ofConversation(other, 100).collectList().block(WAIT)).isEqualTo(stepsOf(other));
            assertThat(trail.eraseCustomer(customer).block(WAIT)).as("nothing left to redact").isZero();
            assertThat(trail.eraseCustomer("wmNobody").block(WAIT)).isZero();
            // the trail goes on after an erasure
            trail.record(stepsOf(onA).get(0)).block(WAIT);
            assertThat(trail.ofConversation(onA, 100).collectList().block(WAIT)).last().isEqualTo(stepsOf(onA).get(0));
        }
    }

    @Nested
    class InMemory extends Contract {
        final AuditTrail trail = new InMemoryAuditTrail(MAX_PER_CONVERSATION, 100, RETENTION, Clock.systemUTC());

        AuditTrail trail() { return trail; }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class InCluster extends Contract {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        EmbeddedKafkaKraftBroker kafka;
        DefaultKafkaProducerFactory<String, String> producers;
        KafkaTemplate<String, String> template;
        ReactiveStringRedisTemplate redis;
        String prefix;
        AuditTrail trail;

        @BeforeAll
        void start() {
            kafka = new EmbeddedKafkaKraftBroker(1, 2, TOPIC);
            kafka.afterPropertiesSet();
            producers = new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), new StringSerializer());
            template = new KafkaTemplate<>(producers);
            redis = RedisTestServer.template();
        }

        @AfterAll
        void stop() {
            if (producers != null) {
                producers.destroy();
            }
            if (kafka != null) {
                kafka.destroy();
            }
        }

        @Override
        AuditTrail trail() {
            // a fresh Redis prefix per test; the topic is shared, each test has its own conversation ids
            prefix = RedisTestServer.freshPrefix();
            trail = new KafkaAuditTrail(template, TOPIC, new RedisAuditTrail(redis, prefix, MAX_PER_CONVERSATION, RETENTION));
            return trail;
        }

        @Test
        void everyEventIsOnTheTopicAsJsonKeyedByConversation() {
            AuditTrail trail = trail();
            AuditEvent drafted = event(Type.DRAFTED, "d-1", "bot",
                    Map.of("entries", List.of("kb-17@3"), "confidence", 0.82, "model", "deepseek-chat"));
            AuditEvent sent = event(Type.SENT, "d-1", "bot", Map.of("msgids", List.of("m-a")));
            StepVerifier.create(trail.record(drafted).then(trail.record(sent))).expectComplete().verify(WAIT);

            List<ConsumerRecord<String, String>> records = readTopic(r -> conversation.equals(r.key()), 2);
            assertThat(records).extracting(ConsumerRecord::key).containsOnly(conversation);
            JsonNode first = JSON.readTree(records.get(0).value());
            assertThat(first.get("type").asString()).isEqualTo("DRAFTED");
            assertThat(first.get("conversation").asString()).isEqualTo(conversation);
            assertThat(first.get("subject").asString()).isEqualTo("d-1");
            assertThat(first.get("actor").asString()).isEqualTo("bot");
            assertThat(first.get("at").asString()).isEqualTo("2026-11-24T08:00:00.123456789Z");
            assertThat(first.get("details").get("entries").get(0).asString()).isEqualTo("kb-17@3");
            assertThat(first.get("details").get("confidence").asDouble()).isEqualTo(0.82);
            assertThat(JSON.readValue(records.get(1).value(), AuditEvent.class)).isEqualTo(sent);
        }

        @Test
        void aBatchReachesTheTopicInOrder() {
            AuditTrail trail = trail();
            List<AuditEvent> batch = List.of(event(Type.RETRIEVED, "d-2", "bot", Map.of()),
                    event(Type.DRAFTED, "d-2", "bot", Map.of()), event(Type.CHECKED, "d-2", "bot", Map.of()),
                    event(Type.ROUTED, "d-2", "bot", Map.of()));
            StepVerifier.create(trail.recordAll(batch)).expectComplete().verify(WAIT);

            // one record for the step, its events as one JSON array in order
            List<ConsumerRecord<String, String>> records = readTopic(r -> conversation.equals(r.key()), 1);
            JsonNode events = JSON.readTree(records.get(0).value());
            assertThat(events.isArray()).isTrue();
            List<AuditEvent> read = new ArrayList<>();
            events.forEach(e -> read.add(JSON.treeToValue(e, AuditEvent.class)));
            assertThat(read).containsExactlyElementsOf(batch);
        }

        @Test
        void aBatchAboutSeveralKeysIsOneRecordPerRunOfOneKey() {
            AuditTrail trail = trail();
            String entry = "kb-" + UUID.randomUUID();
            AuditEvent kbChanged = new AuditEvent(Type.KB_CHANGED, null, entry, "content-team",
                    Instant.parse("2026-11-24T09:00:00Z"), Map.of("version", 5));
            List<AuditEvent> batch = List.of(event(Type.RETRIEVED, "d-3", "bot", Map.of()),
                    event(Type.DRAFTED, "d-3", "bot", Map.of()), kbChanged, event(Type.SENT, "d-3", "bot", Map.of()));
            StepVerifier.create(trail.recordAll(batch)).expectComplete().verify(WAIT);

            List<ConsumerRecord<String, String>> ofConversation = readTopic(r -> conversation.equals(r.key()), 2);
            assertThat(JSON.readTree(ofConversation.get(0).value()).size()).isEqualTo(2);
            assertThat(JSON.readValue(ofConversation.get(1).value(), AuditEvent.class)).isEqualTo(batch.get(3));
            ConsumerRecord<String, String> ofEntry = readTopic(r -> entry.equals(r.key()), 1).get(0);
            assertThat(JSON.readValue(ofEntry.value(), AuditEvent.class)).isEqualTo(kbChanged);
        }

        @Test
        void anEventAboutNoConversationIsKeyedBySubject() {
            AuditTrail trail = trail();
            String entry = "kb-" + UUID.randomUUID();
            AuditEvent kbChanged = new AuditEvent(Type.KB_CHANGED, null, entry, "content-team",
                    Instant.parse("2026-11-24T09:00:00Z"), Map.of("version", 4));
            StepVerifier.create(trail.record(kbChanged)).expectComplete().verify(WAIT);

            ConsumerRecord<String, String> record = readTopic(r -> entry.equals(r.key()), 1).get(0);
            assertThat(JSON.readValue(record.value(), AuditEvent.class)).isEqualTo(kbChanged);
        }

        @Test
        void theCopyForReadingExpires() {
            AuditTrail trail = trail();
            recordNumbered(trail, conversation, 1);
            Duration ttl = redis.getExpire(prefix + "audit:" + conversation).block(WAIT);
            assertThat(ttl).isPositive().isLessThanOrEqualTo(RETENTION);
        }

        @Test
        void anUnreachableKafkaIsAnErrorAndNothingIsShown() {
            DefaultKafkaProducerFactory<String, String> nowhere = new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 500,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1000),
                    new StringSerializer(), new StringSerializer());
            try {
                String prefix = RedisTestServer.freshPrefix();
                AuditTrail broken = new KafkaAuditTrail(new KafkaTemplate<>(nowhere), TOPIC,
                        new RedisAuditTrail(redis, prefix, MAX_PER_CONVERSATION, RETENTION));

                StepVerifier.create(broken.record(event(Type.SENT, "d-1", "bot", Map.of())))
                        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransientException.class)
                                .hasMessageContaining("not written to Kafka"))
                        .verify(WAIT);
                StepVerifier.create(broken.ofConversation(conversation, 10)).expectComplete().verify(WAIT);
            } finally {
                nowhere.destroy();
            }
        }

        private List<ConsumerRecord<String, String>> readTopic(java.util.function.Predicate<ConsumerRecord<String, String>> wanted,
                                                               int count) {
            Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "audit-reader-" + UUID.randomUUID(), false);
            props.put("auto.offset.reset", "earliest");
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                    new StringDeserializer()).createConsumer()) {
                kafka.consumeFromAnEmbeddedTopic(consumer, TOPIC);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (found.size() < count && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        if (wanted.test(r)) {
                            found.add(r);
                        }
                    });
                }
            }
            assertThat(found).as("records on " + TOPIC).hasSize(count);
            return found;
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void theRedactedCopyStillExpires() {
            AuditTrail trail = trail();
            trail.recordAll(stepsOf(conversation)).block(WAIT);
            assertThat(trail.eraseCustomer(conversation.substring(conversation.lastIndexOf(':') + 1)).block(WAIT))
                    .isEqualTo(4);
            Duration ttl = redis.getExpire(prefix + "audit:" + conversation).block(WAIT);
            assertThat(ttl).isPositive().isLessThanOrEqualTo(RETENTION);
        }
    }
}
