package com.wecomassist.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.audit.redis.RedisAuditTrail;
import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.InOrderAcks;
import com.wecomassist.cluster.PayloadCipher;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.conversation.memory.InMemoryConversationStore;
import com.wecomassist.conversation.memory.InMemoryOnceMarks;
import com.wecomassist.conversation.redis.RedisConversationStore;
import com.wecomassist.conversation.redis.RedisOnceMarks;
import com.wecomassist.dashboard.memory.InMemoryCollaborationStats;
import com.wecomassist.outbound.kafka.KafkaOutboundHandOff;
import com.wecomassist.outbound.kafka.KafkaOutboundListener;
import com.wecomassist.outbound.wecom.WecomReplySender;
import com.wecomassist.outbound.wecom.WecomSessionTransfer;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.Turn;
import com.wecomassist.session.memory.InMemoryConversationHistory;
import com.wecomassist.session.redis.RedisConversationHistory;
import com.wecomassist.testing.RedisTestServer;
import com.wecomassist.testing.WireMocks;
import com.wecomassist.wecom.AccessToken;
import com.wecomassist.wecom.MutableClock;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomProperties;
import com.wecomassist.wecom.memory.InMemoryAccessTokenStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nothing sent twice, nothing lost on the sending side: the real dispatcher and WeCom client against
 * a WireMock WeCom, on the in-memory and the Redis adapters. Each reply is dispatched the way the
 * outbound stage does it: a failed dispatch is tried again (the outbound topic's delivery attempts),
 * and the last failure makes the reply {@linkplain ReplyDispatcher#undeliverable undeliverable}.
 */
class ReplyDispatcherDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The WeCom client's timeout where a test makes WeCom answer late (the answer comes 3 s later). */
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);
    private static final int AGENT_ID = 1000002;

    abstract static class Delivery {

        final MutableClock clock = new MutableClock(T0);
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final InMemoryAccessTokenStore tokens = new InMemoryAccessTokenStore();
        final AtomicInteger auditFailures = new AtomicInteger();
        final ConversationKey customer = ConversationKey.kf("wkOut", "wm" + System.nanoTime());
        final ConversationKey employee = ConversationKey.app(Integer.toString(AGENT_ID), "zhang" + System.nanoTime());
        WireMockServer wecom;
        WecomAccount account;
        AuditTrail audit;
        ReplyDispatcher dispatcher;

        abstract ConversationStore conversations();

        abstract ConversationHistory history();

        abstract OnceMarks marks();

        abstract AuditTrail trail();

        @BeforeEach
        void start() {
            wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            wecom.start();
            WireMocks.warmUp(wecom);
            account = new WecomAccount("wwcorp", "token", null, "secret", AGENT_ID, wecom::baseUrl, false);
            // the token is cached: the tests count and time the sends alone
            tokens.put(account.tokenCacheKey(), new AccessToken("T1", T0.plus(Duration.ofHours(2)))).block(WAIT);
            // the trail fails the next auditFailures records of a sent or not-sent reply
            AuditTrail real = trail();
            audit = new AuditTrail() {
                @Override
                public Mono<Void> record(AuditEvent event) {
                    boolean aboutAReply = event.type() == AuditEvent.Type.SENT
                            || event.type() == AuditEvent.Type.NOT_SENT;
                    return aboutAReply && auditFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                            ? Mono.error(new IllegalStateException("the audit store is down"))
                            : real.record(event);
                }

                @Override
                public Flux<AuditEvent> ofConversation(String conversation, int limit) {
                    return real.ofConversation(conversation, limit);
                }

                @Override
                public Flux<AuditEvent> forCustomer(String externalUserId) {
                    return real.forCustomer(externalUserId);
                }

                @Override
                public Mono<Long> eraseCustomer(String externalUserId) {
                    return real.eraseCustomer(externalUserId);
                }
            };
            dispatcher = dispatcher(Duration.ofMinutes(1), 3);
            for (ConversationKey key : List.of(customer, employee)) {
                conversations().update(key, c -> c.customerMessaged(T0, T0)).block(WAIT);
            }
        }

        @AfterEach
        void stop() {
            wecom.stop();
        }

        ReplyDispatcher dispatcher(Duration apiTimeout, int wecomRetries) {
            WecomProperties wecomSettings = new WecomProperties("wwcorp", "token", null, "secret", AGENT_ID,
                    URI.create(wecom.baseUrl()), Duration.ofMinutes(5), DataSize.ofKilobytes(64), apiTimeout,
                    wecomRetries, Duration.ofMillis(20), Duration.ofMinutes(5), Duration.ofHours(72), 1000,
                    Duration.ofMillis(100), Duration.ofSeconds(15), Duration.ZERO);
            WecomApiClient api = new WecomApiClient(WebClient.builder(), account, tokens, wecomSettings, meters, clock);
            OutboundProperties settings = new OutboundProperties(false, Duration.ofMinutes(30), 3,
                    Duration.ofMillis(20), Duration.ofMinutes(1));
            return new ReplyDispatcher(new WecomReplySender(api, AGENT_ID, settings.appDuplicateCheck()),
                    new WecomSessionTransfer(api, clock), conversations(), history(), audit, marks(),
                    new InMemoryCollaborationStats(Duration.ofDays(1), clock), settings, meters, clock);
        }

        /**
         * As the outbound topic's listener sends a reply: three tries, then undeliverable, whose own
         * failure does not keep the record from its dead letter (cluster.OrderedRecords).
         */
        void handOn(OutgoingReply reply) {
            dispatcher.dispatch(reply)
                    .retryWhen(Retry.backoff(2, Duration.ofMillis(20)))
                    .onErrorResume(e -> dispatcher.undeliverable(reply, e.getCause() != null ? e.getCause() : e)
                            .onErrorResume(alsoFailed -> Mono.empty()))
                    .block(WAIT);
        }

        @Test
        void aFailureToRecordASentReplyNeverSendsItAgainAndTheRecordsFollow() {
            wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).willReturn(okJson("{\"errcode\":0}")));
            // more failures than the tries in the conversation's lane: the rest is done in the background
            auditFailures.set(5);
            OutgoingReply answer = OutgoingReply.botAnswer("d-book", customer, "您好，本行信用卡首年免年费。", "m1", "信用卡");

            handOn(answer);
            handOn(answer);

            wecom.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")));
            await().atMost(WAIT).until(() -> sentEvents(customer, "d-book") == 1);
            assertThat(botTurns(customer)).as("one history line").extracting(Turn::ref).containsExactly("d-book");
            Conversation after = conversations().get(customer).block(WAIT);
            assertThat(after.repliesSinceCustomerMessage()).as("counted once against the window").isEqualTo(1);
            assertThat(after.state()).isEqualTo(ConversationState.BOT);
            assertThat(events(customer)).noneMatch(e -> e.type() == AuditEvent.Type.NOT_SENT);
            assertThat(meters.counter("assist.outbound.records_deferred").count()).isEqualTo(1);
        }

        @Test
        void aKfSendThatTimedOutAfterWecomDeliveredIsTriedAgainWithTheSameMsgid() {
            // no retry in the WeCom client: the outbound stage's next try sends again
            List<JsonNode> sends = sentAfterALateAnswer("/cgi-bin/kf/send_msg", "{\"errcode\":0}", 0,
                    OutgoingReply.botAnswer("d-late", customer, "您好，网点营业时间为9:00至17:00。", "m2", null));

            assertThat(sends.stream().map(b -> b.path("msgid").asString()).distinct().toList())
                    .as("every try carries the one msgid: the customer has one message").hasSize(1);
            await().atMost(WAIT).until(() -> sentEvents(customer, "d-late") == 1);
            assertThat(conversations().get(customer).block(WAIT).repliesSinceCustomerMessage()).isEqualTo(1);
            assertThat(botTurns(customer)).hasSize(1);
        }

        @Test
        void anAppTextWhoseOutcomeIsUnknownIsNotDeliveredTwice() {
            // the WeCom client's own retry sends again
            List<JsonNode> sends = sentAfterALateAnswer("/cgi-bin/message/send", "{\"errcode\":0,\"msgid\":\"app1\"}",
                    1, OutgoingReply.botAnswer("d-app", employee, "客户经理您好，该产品风险等级为R2。", "e1", null));

            assertThat(delivered(sends)).as("what the employee receives, as WeCom delivers it").isEqualTo(1);
            await().atMost(WAIT).until(() -> sentEvents(employee, "d-app") == 1);
            assertThat(conversations().get(employee).block(WAIT).repliesSinceCustomerMessage()).isEqualTo(1);
        }

        @Test
        void aReplyThatFailsForGoodHandsItsCustomerToPeopleEvenWhenItsRecordFailsAtFirst() {
            handOn(anApprovedAnswerWecomRefusesForGood("d-dead"));

            assertTheCustomerIsWithPeople();
        }

        /**
         * An instance stopped (killed) between claiming a reply and sending it: the record comes again
         * to another instance, which finds it claimed but not marked sent. It sends it, with the msgid
         * the first instance would have used (if that one did reach WeCom, WeCom keeps one message), and
         * records it once: the customer is answered, not lost. A bot answer and an agent's answer alike.
         */
        @Test
        void aReplyClaimedByAnInstanceThatStoppedIsSentWithTheSameMsgidAndRecordedOnce() {
            wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).willReturn(okJson("{\"errcode\":0}")));
            OutgoingReply answer = OutgoingReply.botAnswer("d-killed", customer, "您好，转账限额可在手机银行设置。", "m9", null);
            marks().mark("reply:d-killed", Duration.ofHours(72)).block(WAIT);

            handOn(answer);
            handOn(answer);

            assertThat(bodies("/cgi-bin/kf/send_msg")).as("sent once more").hasSize(1);
            await().atMost(WAIT).until(() -> sentEvents(customer, "d-killed") == 1);
            assertThat(botTurns(customer)).extracting(Turn::ref).containsExactly("d-killed");
            assertThat(conversations().get(customer).block(WAIT).repliesSinceCustomerMessage()).isEqualTo(1);
            assertThat(meters.counter("assist.outbound.resumed").count()).isEqualTo(1);

            // an agent's answer, its conversation waiting for it: sent, and the conversation back with the bot
            conversations().update(customer, c -> c.draftingStarted(T0, "q-d-approved")).block(WAIT);
            conversations().update(customer, c -> c.draftQueuedForApproval(T0)).block(WAIT);
            OutgoingReply approved = OutgoingReply.approvedDraft("d-approved", customer, "您好，已为您查询。", "alice",
                    false, "q-d-approved", null);
            marks().mark("reply:d-approved", Duration.ofHours(72)).block(WAIT);
            handOn(approved);
            await().atMost(WAIT).until(() -> sentEvents(customer, "d-approved") == 1);
            assertThat(conversations().get(customer).block(WAIT).state()).isEqualTo(ConversationState.BOT);
            assertThat(events(customer)).noneMatch(e -> e.type() == AuditEvent.Type.NOT_SENT);
        }

        /**
         * The same reply dispatched twice at once (a rebalance hands its record to a second instance
         * while the first is still sending): WeCom may get it twice, always with one msgid, and the
         * conversation's records are written once.
         */
        @Test
        void aReplyDispatchedTwiceAtOnceCarriesOneMsgidAndIsRecordedOnce() {
            wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg"))
                    .willReturn(okJson("{\"errcode\":0}").withFixedDelay(300)));
            OutgoingReply answer = OutgoingReply.botAnswer("d-twice", customer, "您好，挂失可拨打客服热线。", "m8", null);

            Mono.when(Mono.defer(() -> dispatcher.dispatch(answer)), Mono.defer(() -> dispatcher.dispatch(answer)))
                    .block(WAIT);

            assertThat(bodies("/cgi-bin/kf/send_msg").stream().map(b -> b.path("msgid").asString()).distinct().toList())
                    .as("every send carries the one msgid: WeCom keeps one message").hasSize(1);
            await().atMost(WAIT).until(() -> sentEvents(customer, "d-twice") == 1);
            assertThat(botTurns(customer)).extracting(Turn::ref).containsExactly("d-twice");
            assertThat(conversations().get(customer).block(WAIT).repliesSinceCustomerMessage()).isEqualTo(1);
        }

        /** A duplicate of a reply that was sent leaves WeCom and its conversation alone. */
        @Test
        void aDuplicateOfASentReplyIsNotSentAgain() {
            wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).willReturn(okJson("{\"errcode\":0}")));
            OutgoingReply answer = OutgoingReply.botAnswer("d-sent", customer, "您好。", "m7", null);
            handOn(answer);
            handOn(answer);
            wecom.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")));
            assertThat(meters.counter("assist.outbound.duplicates_skipped").count()).isEqualTo(1);
        }

        /**
         * The cluster mode's outbound topic: a reply that keeps failing goes to the dead-letter topic,
         * and its customer to people, even when recording that fails at first.
         */
        @Test
        void aReplyDeadLetteredOnTheOutboundTopicHandsItsCustomerToPeople() {
            OutgoingReply approved = anApprovedAnswerWecomRefusesForGood("d-dlt");
            PayloadCipher cipher = PayloadCipher.of(PayloadCipher.newKey(), List.of());
            KafkaOutboundListener listener = new KafkaOutboundListener(dispatcher, JSON,
                    new DeadLetters(kafkaTemplate(), meters), 3, Duration.ofMillis(20), cipher,
                    new InOrderAcks(16, InOrderAcks.Pauses.NONE));
            Sinks.Empty<Void> acknowledged = Sinks.empty();

            listener.onOutbound(new ConsumerRecord<>(OUTBOUND_TOPIC, 0, 0L, customer.id(),
                    KafkaOutboundHandOff.recordValue(JSON, cipher, approved)), acknowledged::tryEmitEmpty);
            acknowledged.asMono().block(WAIT);

            assertTheCustomerIsWithPeople();
            wecom.verify(3, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")));
            ConsumerRecord<String, String> dead = deadLetter(customer.id());
            assertThat(new String(dead.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .startsWith("failed 3 times");
        }

        /**
         * An agent's approved answer, its conversation waiting for it, that WeCom refuses for good
         * (a non-retryable errcode); the first try of its not-sent record fails too.
         */
        OutgoingReply anApprovedAnswerWecomRefusesForGood(String draftId) {
            conversations().update(customer, c -> c.draftingStarted(T0, "q-" + draftId)).block(WAIT);
            conversations().update(customer, c -> c.draftQueuedForApproval(T0)).block(WAIT);
            wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg"))
                    .willReturn(okJson("{\"errcode\":40003,\"errmsg\":\"invalid external userid\"}")));
            auditFailures.set(1);
            return OutgoingReply.approvedDraft(draftId, customer, "您好，已为您查询。", "alice", false, "q-" + draftId,
                    null);
        }

        /** In front of a person, not waiting for an approval: recorded as not sent and handed off, once each. */
        void assertTheCustomerIsWithPeople() {
            Conversation after = conversations().get(customer).block(WAIT);
            assertThat(after.state()).as("in front of a person, not waiting for an approval")
                    .isEqualTo(ConversationState.QUEUED);
            assertThat(after.handOff().reason()).isEqualTo("send-failed");
            assertThat(events(customer)).filteredOn(e -> e.type() == AuditEvent.Type.NOT_SENT).hasSize(1);
            assertThat(events(customer)).filteredOn(e -> e.type() == AuditEvent.Type.HANDED_OFF).hasSize(1);
        }

        /**
         * Hands the reply on while WeCom takes the first call of {@code path} (it delivers) but answers
         * 3 s later, long after the client's timeout: the outcome is unknown to the gateway. Later calls
         * are answered at once. The bodies of every call, once the late one was retried.
         */
        List<JsonNode> sentAfterALateAnswer(String path, String answer, int wecomRetries, OutgoingReply reply) {
            dispatcher = dispatcher(SHORT_TIMEOUT, wecomRetries);
            wecom.stubFor(post(urlPathEqualTo(path)).inScenario("late")
                    .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("quick")
                    .willReturn(okJson(answer).withFixedDelay(3000)));
            wecom.stubFor(post(urlPathEqualTo(path)).inScenario("late")
                    .whenScenarioStateIs("quick").willReturn(okJson(answer)));
            handOn(reply);
            await().atMost(WAIT).until(() -> bodies(path).size() >= 2);
            return bodies(path);
        }

        /**
         * The texts the employee receives from these message/send requests, as WeCom delivers them: a
         * request with the duplicate check on is dropped when the same request came within its interval.
         */
        static int delivered(List<JsonNode> appSends) {
            int delivered = 0;
            for (int i = 0; i < appSends.size(); i++) {
                JsonNode send = appSends.get(i);
                boolean checked = send.path("enable_duplicate_check").asInt(0) == 1
                        && send.path("duplicate_check_interval").asInt(0) > 0;
                boolean sameBefore = appSends.subList(0, i).stream().anyMatch(send::equals);
                if (!(checked && sameBefore)) {
                    delivered++;
                }
            }
            return delivered;
        }

        List<JsonNode> bodies(String path) {
            return wecom.findAll(postRequestedFor(urlPathEqualTo(path))).stream()
                    .map(r -> JSON.readTree(r.getBodyAsString())).toList();
        }

        List<AuditEvent> events(ConversationKey key) {
            return audit.ofConversation(key.id(), 100).collectList().block(WAIT);
        }

        long sentEvents(ConversationKey key, String replyId) {
            return events(key).stream().filter(e -> e.type() == AuditEvent.Type.SENT
                    && Objects.equals(e.subject(), replyId)).count();
        }

        List<Turn> botTurns(ConversationKey key) {
            return history().recent(key).block(WAIT).stream().filter(t -> t.author() == Turn.Author.BOT).toList();
        }
    }

    private static final String OUTBOUND_TOPIC = "assist.outbound";
    private static EmbeddedKafkaKraftBroker kafka;
    private static DefaultKafkaProducerFactory<String, String> producers;

    /** A real broker for the dead-letter topic, started for the first test that needs it. */
    private static synchronized KafkaTemplate<String, String> kafkaTemplate() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 1, OUTBOUND_TOPIC, DeadLetters.topicFor(OUTBOUND_TOPIC));
            kafka.afterPropertiesSet();
            producers = new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(kafka), new StringSerializer(),
                    new StringSerializer());
        }
        return new KafkaTemplate<>(producers);
    }

    /** The dead letter of this conversation's reply (both adapters' tests write to the one topic). */
    private static ConsumerRecord<String, String> deadLetter(String key) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "dlt-reader-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            kafka.consumeFromAnEmbeddedTopic(consumer, DeadLetters.topicFor(OUTBOUND_TOPIC));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500)).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
            return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            producers.destroy();
            kafka.destroy();
        }
    }

    @Nested
    class InMemory extends Delivery {
        final ConversationStore conversations = new InMemoryConversationStore(Duration.ofHours(1), clock);
        final ConversationHistory history = new InMemoryConversationHistory(20, Duration.ofHours(1));
        final OnceMarks marks = new InMemoryOnceMarks();
        final AuditTrail trail = new InMemoryAuditTrail(100, 100, Duration.ofHours(1), clock);

        ConversationStore conversations() { return conversations; }

        ConversationHistory history() { return history; }

        OnceMarks marks() { return marks; }

        AuditTrail trail() { return trail; }
    }

    @Nested
    class OnRedis extends Delivery {
        final String prefix = RedisTestServer.freshPrefix();
        final ConversationStore conversations = new RedisConversationStore(RedisTestServer.template(), prefix,
                Duration.ofHours(1), 10, clock);
        final ConversationHistory history = new RedisConversationHistory(RedisTestServer.template(), prefix, 20,
                Duration.ofHours(1));
        final OnceMarks marks = new RedisOnceMarks(RedisTestServer.template(), prefix);
        final AuditTrail trail = new RedisAuditTrail(RedisTestServer.template(), prefix, 100, Duration.ofHours(1));

        ConversationStore conversations() { return conversations; }

        ConversationHistory history() { return history; }

        OnceMarks marks() { return marks; }

        AuditTrail trail() { return trail; }
    }
}
