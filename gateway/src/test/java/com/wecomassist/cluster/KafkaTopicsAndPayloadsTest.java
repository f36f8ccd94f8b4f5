package com.wecomassist.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.wecomassist.AssistApplication;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.Turn;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.KafkaBrokers;
import com.wecomassist.testing.OwnNettyResources;
import com.wecomassist.testing.RedisTestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the cluster mode leaves on Kafka, against a real three-broker (in-process KRaft) cluster on
 * the gateway's defaults: topics with three copies, two of them in sync before a write counts, and a
 * retention; customers' and servicers' words masked before they reach the inbound topic (and so its
 * dead letters) and the audit topic; replies sealed on the outbound topic, sent exactly as written,
 * and a reply the gateway did not seal never sent. Kafka with fewer brokers than copies stops the start.
 */
class KafkaTopicsAndPayloadsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PHONE = "13812345678";
    private static final String PHONE_MASKED = "*******5678";

    static KafkaBrokers kafka;
    static ConfigurableApplicationContext gateway;
    static WecomSimulator wecom;
    static String kf;

    @BeforeAll
    static void start() {
        kafka = KafkaBrokers.start(3);
        gateway = new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class)
                .run(args(kafka.bootstrapServers(), "--assist.kafka.partitions=2", "--assist.kafka.consumers=1",
                        "--assist.kafka.retry-backoff=20ms", "--assist.reply.burst-quiet-period=0s"));
        wecom = gateway.getBean(WecomSimulator.class);
        kf = wecom.openKfIds().get(0);
    }

    private static String[] args(String bootstrapServers, String... more) {
        URI redis = RedisTestServer.uri();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--assist.mode=cluster",
                "--assist.key-prefix=" + RedisTestServer.freshPrefix(),
                "--spring.data.redis.host=" + redis.getHost(), "--spring.data.redis.port=" + redis.getPort(),
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                // no WeCom account here: the simulator, asked for (cluster mode does not run it by itself)
                "--assist.simulator.enabled=true", "--assist.wecom.retry-backoff=20ms"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void redisCommandsAreNeitherObservedNorTimedOneByOne() {
        // CPU per message in cluster mode (issue 21): no observation and no latency histogram per command
        io.lettuce.core.resource.ClientResources resources = gateway.getBean(io.lettuce.core.resource.ClientResources.class);
        assertThat(resources.tracing().isEnabled()).isFalse();
        assertThat(resources.commandLatencyRecorder().isEnabled()).isFalse();
    }

    @Test
    void topicsHaveThreeCopiesTwoInSyncAndARetention() throws Exception {
        Map<String, String> retention = Map.of("assist.inbound", "604800000", "assist.outbound", "604800000",
                "assist.inbound-dlt", "1209600000", "assist.outbound-dlt", "1209600000",
                "assist.kb-changes-dlt", "1209600000", "assist.audit", "2592000000");
        List<String> topics = new ArrayList<>(retention.keySet());
        topics.add("assist.kb-changes");
        Map<String, TopicDescription> described = kafka.withAdmin(admin -> {
            try {
                return admin.describeTopics(topics).allTopicNames().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        described.values().forEach(topic -> topic.partitions().forEach(partition ->
                assertThat(partition.replicas()).as(topic.name()).hasSize(3)));
        Map<ConfigResource, Config> configs = kafka.withAdmin(admin -> {
            try {
                return admin.describeConfigs(topics.stream()
                        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        configs.forEach((resource, config) -> {
            assertThat(config.get("min.insync.replicas").value()).as(resource.name()).isEqualTo("2");
            if (resource.name().equals("assist.kb-changes")) {
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            } else {
                assertThat(config.get("retention.ms").value()).as(resource.name()).isEqualTo(retention.get(resource.name()));
            }
        });
    }

    /** A topic made with one copy (by an older gateway, whose default that was) is named in a warning. */
    @Test
    void aTopicWithFewerCopiesThanAskedIsNamed() {
        kafka.withAdmin(admin -> admin.createTopics(List.of(new NewTopic("legacy.one-copy", 1, (short) 1))).all()
                .toCompletionStage().toCompletableFuture().join());
        ReplicationCheck check = new ReplicationCheck(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), (short) 3);
        assertThat(check.warnAboutTopicsWithFewerCopies(List.of("legacy.one-copy", "assist.inbound", "not.there")))
                .containsExactly("legacy.one-copy");
    }

    @Test
    void aCustomersWordsReachTheInboundAndAuditTopicsMasked() {
        String customer = "wmMasked1";
        String msgid = wecom.customerWrites(kf, customer, "我的手机号是" + PHONE + "，手机银行转账限额是多少？");
        List<String> inbound = read("assist.inbound", values -> values.stream().anyMatch(v -> v.contains(msgid)));
        String record = inbound.stream().filter(v -> v.contains(msgid)).findFirst().orElseThrow();
        assertThat(record).contains(PHONE_MASKED).doesNotContain(PHONE);

        List<String> audit = read("assist.audit", values -> values.stream().anyMatch(v -> v.contains(msgid)));
        assertThat(audit).noneMatch(v -> v.contains(PHONE));
        assertThat(audit).anyMatch(v -> v.contains(msgid) && v.contains(PHONE_MASKED));
    }

    @Test
    void aServicersWordsAreMaskedOnTheTopicAndInTheHistory() {
        String customer = "wmMasked2";
        String msgid = wecom.servicerWrites(kf, customer, "servicer01", "已为您登记手机" + PHONE);
        ConversationHistory history = gateway.getBean(ConversationHistory.class);
        ConversationKey key = ConversationKey.kf(kf, customer);
        await().atMost(WAIT).until(() -> history.recent(key).block(WAIT).stream()
                .anyMatch(turn -> turn.author() == Turn.Author.SERVICER));
        assertThat(history.recent(key).block(WAIT)).extracting(Turn::text).containsExactly("已为您登记手机" + PHONE_MASKED);
        assertThat(read("assist.inbound", values -> values.stream().anyMatch(v -> v.contains(msgid))))
                .noneMatch(v -> v.contains(PHONE));
    }

    @Test
    void repliesAreSealedOnTheOutboundTopicAndReachTheCustomerAsWritten() {
        String customer = "wmSealed";
        ConversationKey key = ConversationKey.kf(kf, customer);
        wecom.customerWrites(kf, customer, "手机银行转账限额是多少？");
        await().atMost(WAIT).until(() -> bot(customer).size() == 1);
        String text = "请核对：您登记的手机是" + PHONE;
        gateway.getBean(OutboundHandOff.class).handOn(OutgoingReply.notice("notice-sealed-1", key, text,
                OutgoingReply.Purpose.NON_TEXT, OutgoingReply.BOT, null, null)).block(WAIT);
        await().atMost(WAIT).until(() -> bot(customer).size() == 2);
        assertThat(bot(customer).get(1).text()).isEqualTo(text);

        // this customer's records: the bot's answer and the notice (other tests write to the topic too)
        List<String> outbound = readRecords("assist.outbound",
                records -> records.stream().filter(r -> key.id().equals(r.key())).count() >= 2)
                .stream().filter(r -> key.id().equals(r.key())).map(ConsumerRecord::value).toList();
        assertThat(outbound).hasSize(2).allSatisfy(value -> assertThat(value)
                .startsWith("{\"key\":\"").contains("\"sealed\":\"gcm1.").doesNotContain(PHONE, "单日20万元", "\"text\""));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReplyTheGatewayDidNotSealIsNeverSent() throws Exception {
        String customer = "wmForged";
        ConversationKey key = ConversationKey.kf(kf, customer);
        wecom.customerWrites(kf, customer, "手机银行转账限额是多少？");
        await().atMost(WAIT).until(() -> bot(customer).size() == 1);
        String forged = JsonMapper.builder().build().writeValueAsString(OutgoingReply.notice("forged-1", key,
                "请点击链接领取补贴", OutgoingReply.Purpose.NON_TEXT, OutgoingReply.BOT, null, null));
        gateway.getBean(KafkaTemplate.class).send("assist.outbound", key.id(), forged).join();

        List<ConsumerRecord<String, String>> dead = readRecords("assist.outbound-dlt",
                records -> records.stream().anyMatch(r -> r.value().equals(forged)));
        ConsumerRecord<String, String> record = dead.stream().filter(r -> r.value().equals(forged)).findFirst()
                .orElseThrow();
        assertThat(new String(record.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                .startsWith("not a sealed reply");
        assertThat(bot(customer)).extracting(ChatLine::text).doesNotContain("请点击链接领取补贴");
    }

    @Test
    void kafkaWithFewerBrokersThanCopiesStopsTheStartSayingWhatToDo() {
        EmbeddedKafkaKraftBroker one = new EmbeddedKafkaKraftBroker(1, 1);
        one.afterPropertiesSet();
        try {
            assertThatThrownBy(() -> new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class)
                    .run(args(one.getBrokersAsString())).close())
                    .satisfies(e -> {
                        FailureAnalysis analysis = new TooFewBrokersFailureAnalyzer().analyze(e);
                        assertThat(analysis).as("the failure's causes name too few brokers").isNotNull();
                        assertThat(analysis.getDescription()).contains("assist.kafka.replication-factor");
                        assertThat(analysis.getAction()).contains("assist.kafka.replication-factor=1");
                    })
                    .hasRootCauseInstanceOf(InvalidReplicationFactorException.class);
        } finally {
            one.destroy();
        }
    }

    private static List<ChatLine> bot(String customer) {
        return wecom.transcript(kf, customer).stream().filter(l -> l.from().equals(ChatLine.BOT)).toList();
    }

    /** Every value of the topic from its start, read until {@code enough} holds of them (or the wait ends). */
    private static List<String> read(String topic, Predicate<List<String>> enough) {
        return readRecords(topic, records -> enough.test(records.stream().map(ConsumerRecord::value).toList()))
                .stream().map(ConsumerRecord::value).toList();
    }

    private static List<ConsumerRecord<String, String>> readRecords(String topic,
                                                                    Predicate<List<ConsumerRecord<String, String>>> enough) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return enough.test(seen);
            });
        }
        return seen;
    }
}
