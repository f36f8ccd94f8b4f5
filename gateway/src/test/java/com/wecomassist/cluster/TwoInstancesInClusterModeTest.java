package com.wecomassist.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.AssistApplication;
import com.wecomassist.testing.OwnNettyResources;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.inbound.kafka.KafkaInboundListener;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.RedisTestServer;
import com.wecomassist.testing.Staff;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two gateway instances in cluster mode share one real Redis and one real (in-process KRaft) Kafka
 * broker and serve one 微信客服 account; the simulated WeCom sends callbacks to them in turn, as a
 * load balancer would, so both try to sync the same account at once, and messages pulled by one
 * may be answered by the other. Every customer question must be answered exactly once, in order; a
 * draft made on one instance can be approved through the other; and stopping an instance while it
 * has messages in hand loses none and sends none twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesInClusterModeTest {

    /** The Redis key prefix both instances share in this run. */
    static String prefix;

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Questions of the project's sample knowledge base, and a fragment of each answer. */
    private static final String[][] QUESTIONS = {
            {"手机银行转账限额是多少？", "单日20万元"}, {"网点营业时间是几点？", "9:00"}, {"信用卡怎么还款？", "自动还款"}};

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static int portA;
    static int portB;
    static String[] common;
    static WecomSimulator wecom;
    static EmbeddedKafkaKraftBroker kafka;

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafkaKraftBroker(1, 4, "assist.inbound", "assist.inbound-dlt");
        kafka.afterPropertiesSet();
        URI redis = RedisTestServer.uri();
        prefix = RedisTestServer.freshPrefix();
        portA = freePort();
        portB = freePort();
        common = new String[] {
                "assist.mode=cluster",
                "assist.key-prefix=" + prefix,
                "spring.data.redis.host=" + redis.getHost(),
                "spring.data.redis.port=" + redis.getPort(),
                "spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                // two consumers per instance, a partition each, also when a third instance joins (test 5)
                "assist.kafka.partitions=6",
                "assist.kafka.consumers=2",
                "assist.kafka.replication-factor=1",
                // both instances serve the simulated enterprise as if it were a real account
                "assist.wecom.corp-id=wwsimulatedbank001",
                "assist.wecom.token=SimulatorToken01",
                "assist.wecom.encoding-aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "assist.wecom.secret=simulator-secret",
                "assist.simulator.token=SimulatorToken01",
                "assist.simulator.encoding-aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "assist.simulator.secret=simulator-secret",
                "assist.wecom.api-base-url=http://127.0.0.1:" + portA + "/simulator",
                "assist.wecom.retry-backoff=20ms",
                // no quiet period: these customers write again the moment the answer arrives, before
                // the answer is in the history; the line the bot took up keeps the two apart
                "assist.reply.burst-quiet-period=0s"};
        // instance A also hosts the simulated WeCom, which calls A and B in turn
        a = new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class).run(args(common, "server.port=" + portA,
                // beside a configured account the simulator takes both words
                "assist.simulator.enabled=true", "assist.simulator.force=true",
                "assist.simulator.callback-urls=http://127.0.0.1:" + portA + "/wecom/callback,"
                        + "http://127.0.0.1:" + portB + "/wecom/callback"));
        b = new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class).run(args(common, "server.port=" + portB));
        wecom = a.getBean(WecomSimulator.class);
        // the consumer group has settled when each instance owns part of the inbound topic
        await().atMost(WAIT).until(() -> assigned(a) > 0 && assigned(b) > 0 && assigned(a) + assigned(b) == 6);
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
    @Order(1)
    void everyQuestionIsAnsweredOnceAndInOrderWhicheverInstanceGetsTheCallback() {
        String kf = wecom.openKfIds().get(0);
        List<String> customers = IntStream.range(0, 12).mapToObj(i -> "wmCluster" + i).toList();
        customers.parallelStream().forEach(c -> {
            for (int i = 0; i < QUESTIONS.length; i++) {
                wecom.customerWrites(kf, c, QUESTIONS[i][0]);
                int answered = i + 1;
                await().atMost(WAIT).until(() -> bot(kf, c).size() >= answered);
            }
        });
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        customers.forEach(c -> {
            assertThat(bot(kf, c)).as(c).hasSize(QUESTIONS.length);
            for (int i = 0; i < QUESTIONS.length; i++) {
                assertThat(bot(kf, c).get(i).text()).as(c + " answer " + i).contains(QUESTIONS[i][1]);
            }
        });
        // both instances answered: the topics spread the conversations over them
        assertThat(sent(a)).isPositive();
        assertThat(sent(b)).isPositive();
        // the access token lives in Redis: each instance fetched it at most once
        assertThat(wecom.calls("gettoken")).isBetween(1L, 3L);
    }

    @Test
    @Order(2)
    void bothInstancesReceivedCallbacks() {
        double beforeA = acceptedKfCallbacks(a);
        double beforeB = acceptedKfCallbacks(b);
        String kf = wecom.openKfIds().get(0);
        wecom.customerWrites(kf, "wmBoth", QUESTIONS[0][0]);
        await().atMost(WAIT).until(() -> bot(kf, "wmBoth").size() == 1);
        wecom.customerWrites(kf, "wmBoth", QUESTIONS[1][0]);
        await().atMost(WAIT).until(() -> bot(kf, "wmBoth").size() == 2);
        // the simulator sends callbacks to the instances in turn: each got one of these two
        assertThat(acceptedKfCallbacks(a)).isGreaterThan(beforeA);
        assertThat(acceptedKfCallbacks(b)).isGreaterThan(beforeB);
    }

    @Test
    @Order(3)
    void aDraftMadeOnOneInstanceIsApprovedThroughTheOther() {
        String kf = wecom.openKfIds().get(0);
        String customer = "wmApproval";
        double queuedOnA = queued(a);
        double queuedOnB = queued(b);
        wecom.customerWrites(kf, customer, "那个东西怎么弄");
        ApprovalQueue queue = a.getBean(ApprovalQueue.class);
        await().atMost(WAIT).until(() -> queue.pending().any(q -> q.draft().conversation().peer().equals(customer))
                .block(WAIT));
        PendingDraft draft = queue.pending().filter(q -> q.draft().conversation().peer().equals(customer))
                .blockFirst(WAIT).draft();
        assertThat(queued(a) - queuedOnA + queued(b) - queuedOnB).isEqualTo(1);
        int other = queued(a) > queuedOnA ? portB : portA;
        int drafter = other == portA ? portB : portA;

        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + other).build();
        web.post().uri("/api/approvals/{id}/claim", draft.draftId()).headers(Staff.as("alice")).exchange()
                .expectStatus().isOk();
        web.post().uri("/api/approvals/{id}/approve", draft.draftId()).headers(Staff.as("alice")).exchange()
                .expectStatus().isOk();
        await().atMost(WAIT).until(() -> bot(kf, customer).size() == 1);
        assertThat(bot(kf, customer).get(0).text()).isEqualTo(draft.draftText());

        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + drafter).build()
                .post().uri("/api/approvals/{id}/approve", draft.draftId()).headers(Staff.as("alice")).exchange()
                .expectStatus().isEqualTo(409);
        await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
        assertThat(bot(kf, customer)).hasSize(1);
    }

    private static double acceptedKfCallbacks(ConfigurableApplicationContext instance) {
        var counter = instance.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("assist.callback.accepted").tag("type", "kf").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    @Order(4)
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

    @Test
    @Order(5)
    void stoppingAnInstanceMidFlightLosesNoMessageAndSendsNothingTwice() {
        int portC = freePort();
        ConfigurableApplicationContext c = new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class)
                .run(args(common, "server.port=" + portC));
        try {
            await().atMost(WAIT).until(() -> assigned(c) > 0);
            String kf = wecom.openKfIds().get(0);
            List<String> customers = IntStream.range(0, 24).mapToObj(i -> "wmStop" + i).toList();
            customers.parallelStream().forEach(customer -> wecom.customerWrites(kf, customer, QUESTIONS[0][0]));
            KafkaInboundListener onC = c.getBean(KafkaInboundListener.class);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> onC.inFlight() > 0);
        } finally {
            c.close();
        }
        String kf = wecom.openKfIds().get(0);
        List<String> customers = IntStream.range(0, 24).mapToObj(i -> "wmStop" + i).toList();
        await().atMost(Duration.ofSeconds(90)).until(() -> customers.stream().allMatch(cu -> bot(kf, cu).size() >= 1));
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        customers.forEach(cu -> assertThat(bot(kf, cu)).as(cu).hasSize(1));
    }

    @Test
    @Order(6)
    void consoleUsersAndLockoutsAreSharedByTheInstances() {
        WebTestClient onA = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + portA).build();
        WebTestClient onB = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + portB).build();
        String password = "a-long-password-1";
        onA.post().uri("/api/users").headers(Staff.as("root")).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "li.shared", "password", password, "roles", List.of("AGENT"),
                        "serviceAccount", true))
                .exchange().expectStatus().isCreated();
        onB.get().uri("/api/me").headers(h -> h.setBasicAuth("li.shared", password)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.username").isEqualTo("li.shared");
        // five failures on A lock the name on B too (assist.console.max-failed-logins, default 5)
        for (int i = 0; i < 5; i++) {
            onA.get().uri("/api/me").headers(h -> h.setBasicAuth("li.shared", "wrong")).exchange()
                    .expectStatus().isUnauthorized();
        }
        onB.get().uri("/api/me").headers(h -> h.setBasicAuth("li.shared", password)).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    @Order(7)
    void aConsoleLoginOnOneInstanceIsKnownToTheOtherAndALogoutEndsItOnBoth() {
        WebTestClient onA = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + portA).build();
        WebTestClient onB = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + portB).build();
        String csrf = onA.get().uri("/login").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseCookies().getFirst("XSRF-TOKEN").getValue();
        var form = new org.springframework.util.LinkedMultiValueMap<String, String>();
        form.add("username", "gina");
        form.add("password", Staff.PASSWORD);
        form.add("_csrf", csrf);
        var login = onA.post().uri("/login").cookie("XSRF-TOKEN", csrf)
                .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
                .body(org.springframework.web.reactive.function.BodyInserters.fromFormData(form))
                .exchange().expectStatus().isFound().returnResult(String.class);
        String session = login.getResponseCookies().getFirst("SESSION").getValue();

        // the session is in Redis, where any instance finds it
        assertThat(a.getBean(org.springframework.data.redis.core.ReactiveStringRedisTemplate.class)
                .keys(prefix + "console-sessions:sessions:*").collectList().block()).isNotEmpty();
        onB.get().uri("/api/me").cookie("SESSION", session).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.username").isEqualTo("gina");

        onB.post().uri("/logout").cookie("SESSION", session).cookie("XSRF-TOKEN", csrf).header("X-XSRF-TOKEN", csrf)
                .exchange().expectStatus().isFound();
        onA.get().uri("/api/me").cookie("SESSION", session).exchange().expectStatus().isUnauthorized();
    }

    private static double queued(ConfigurableApplicationContext instance) {
        return instance.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("assist.route.decisions").tag("route", "approval").counters().stream()
                .filter(counter -> "low-confidence".equals(counter.getId().getTag("reason")))
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private static double sent(ConfigurableApplicationContext instance) {
        return instance.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("assist.outbound.sent").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
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
