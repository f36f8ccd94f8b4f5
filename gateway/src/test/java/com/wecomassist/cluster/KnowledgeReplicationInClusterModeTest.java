package com.wecomassist.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.AssistApplication;
import com.wecomassist.testing.OwnNettyResources;
import com.wecomassist.inbound.kafka.KafkaInboundListener;
import com.wecomassist.knowledge.kafka.KafkaKbChangeListener;
import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.retrieve.Retriever;
import com.wecomassist.testing.RedisTestServer;
import com.wecomassist.testing.Staff;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Knowledge-base replication in cluster mode: gateway instances on one real Redis and one real
 * (in-process KRaft) Kafka broker. What the content team publishes through one instance is served
 * by the others within seconds, and an instance started later catches up from the compacted topic.
 */
class KnowledgeReplicationInClusterModeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOPIC = "assist.kb-changes";

    static EmbeddedKafkaKraftBroker kafka;
    static String[] common;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2);
        kafka.afterPropertiesSet();
        URI redis = RedisTestServer.uri();
        common = new String[] {
                "assist.mode=cluster",
                "assist.key-prefix=" + RedisTestServer.freshPrefix(),
                "spring.data.redis.host=" + redis.getHost(),
                "spring.data.redis.port=" + redis.getPort(),
                "spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "assist.kafka.partitions=2",
                // one broker here; and no WeCom account: the simulator, asked for (cluster mode does not run it by itself)
                "assist.kafka.replication-factor=1",
                "assist.simulator.enabled=true",
                "assist.kb.dir=",
                "server.port=0"};
        a = startInstance();
        b = startInstance();
    }

    private static ConfigurableApplicationContext startInstance() {
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class)
                .run(java.util.Arrays.stream(common).map(p -> "--" + p).toArray(String[]::new));
        // reading the changes topic from its first record once the consumer owns both partitions
        await().atMost(WAIT).until(() -> {
            var partitions = instance.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer(KafkaKbChangeListener.LISTENER_ID).getAssignedPartitions();
            return partitions != null && partitions.size() == 2;
        });
        return instance;
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] {b, a}) {
            if (instance != null) {
                instance.close();
            }
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    void anEntryPublishedOnOneInstanceIsServedByTheOthersAndALaterInstanceCatchesUp() {
        String id = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        WebTestClient apiA = api(a);
        apiA.post().uri("/api/kb/entries").headers(Staff.as("alice")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "question", "外币现钞怎么预约取款？",
                        "variants", List.of("想取美元现金要预约吗", "取外币现金需要提前说吗"),
                        "answer", "单笔提取等值1万美元以上外币现钞，请提前一个工作日通过手机银行或致电网点预约。",
                        "category", "外汇"))
                .exchange().expectStatus().isCreated();
        apiA.post().uri("/api/kb/entries/{id}/submit?version=1", id).headers(Staff.as("alice"))
                .exchange().expectStatus().isOk();
        long publishedAt = System.nanoTime();
        apiA.post().uri("/api/kb/entries/{id}/publish?version=2", id).headers(Staff.as("bob"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(3);
        // a sample entry taken off air on A goes off air everywhere
        apiA.post().uri("/api/kb/entries/demo-001/archive?version=1").headers(Staff.as("bob"))
                .exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(10)).until(() -> topEntry(b, "我要取美元现金，需要预约吗").equals(id + "@3"));
        double seconds = (System.nanoTime() - publishedAt) / 1e9;
        assertThat(seconds).as("seconds until instance B served it").isLessThan(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> !served(b, "demo-001"));
        // B's API sees the served version (drafts and reviews stay with the instance that saved them)
        api(b).get().uri("/api/kb/entries/{id}", id).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.served.version").isEqualTo(3);

        ConfigurableApplicationContext c = startInstance();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> topEntry(c, "我要取美元现金，需要预约吗").equals(id + "@3")
                    && !served(c, "demo-001"));
        } finally {
            c.close();
        }
    }

    @Test
    void theChangesTopicIsCompacted() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.getBrokersAsString()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            Config config = admin.describeConfigs(Set.of(topic)).all().get().get(topic);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        }
    }

    @Test
    void aRecordThatIsNotAChangeGoesToTheDeadLetterTopicWithItsReason() {
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, String> template = a.getBean(KafkaTemplate.class);
        template.send(TOPIC, "demo-002", "{\"entryId\": \"demo-002\"}").join();
        Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "kb-dlt-reader-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            // created by the gateway (not by the test broker), so subscribed to directly
            consumer.subscribe(List.of(TOPIC + "-dlt"));
            // each instance reads the whole topic, so each writes its own dead letter
            ConsumerRecord<String, String> dead = KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(30), 1)
                    .records(TOPIC + "-dlt").iterator().next();
            assertThat(dead.value()).isEqualTo("{\"entryId\": \"demo-002\"}");
            assertThat(new String(dead.headers().lastHeader(KafkaInboundListener.REASON_HEADER).value(),
                    StandardCharsets.UTF_8)).startsWith("not a knowledge-base change: missing or invalid version");
        }
        // and the entry is still served as before
        assertThat(served(a, "demo-002")).isTrue();
        assertThat(served(b, "demo-002")).isTrue();
    }

    private static WebTestClient api(ConfigurableApplicationContext instance) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(WAIT)
                .defaultHeaders(Staff.as("alice"))
                .build();
    }

    /** The top retrieved entry as id@version, through the retriever the reply pipeline uses. */
    private static String topEntry(ConfigurableApplicationContext instance, String question) {
        Retrieval r = instance.getBean(Retriever.class).retrieve(question, 3).block(WAIT);
        return r.entries().isEmpty() ? "" : r.entries().get(0).entryId() + "@" + r.entries().get(0).version();
    }

    private static boolean served(ConfigurableApplicationContext instance, String id) {
        byte[] body = api(instance).get().uri("/api/kb/entries/{id}", id).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return !new String(body, StandardCharsets.UTF_8).contains("\"served\":null");
    }
}
