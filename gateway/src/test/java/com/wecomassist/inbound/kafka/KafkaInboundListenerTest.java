package com.wecomassist.inbound.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.InOrderAcks;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.conversation.memory.InMemoryOnceMarks;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.testing.OwnNettyResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster mode's inbound listener: a customer waits for their own answer, not for the others of a
 * poll; offsets are committed in order; a message is handled once even when its record comes again;
 * and one given up on is told to the handler (which puts the customer in front of a person) before it
 * is dead-lettered.
 */
class KafkaInboundListenerTest {

    private static final String TOPIC = "assist.inbound";
    /** Consumed by a real listener container in {@link #aSlowAnswerHoldsBackNeitherOtherCustomersNorItsOwnOffset}. */
    private static final String CONSUMED_TOPIC = "assist.inbound.consumed";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedKafkaKraftBroker kafka;
    private static DefaultKafkaProducerFactory<String, String> producers;

    @BeforeAll
    static void startKafka() {
        // one partition each: every conversation below shares it
        kafka = new EmbeddedKafkaKraftBroker(1, 1, TOPIC, DeadLetters.topicFor(TOPIC), CONSUMED_TOPIC,
                DeadLetters.topicFor(CONSUMED_TOPIC));
        kafka.afterPropertiesSet();
        producers = new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(kafka), new StringSerializer(),
                new StringSerializer());
    }

    @AfterAll
    static void stopKafka() {
        producers.destroy();
        kafka.destroy();
    }

    /**
     * A customer whose answer is slow (the model, a retry) holds back nobody else: the other customers'
     * messages behind it on its partition, which reach the consumer in a later poll, are answered
     * meanwhile. Before, the consumer took nothing new until its whole last poll was answered, and
     * each customer waited for the slowest answer of the poll before theirs (6.7 s for a 2.3 s pipeline
     * in the cluster load test). And the committed offset never passes the slow message until it is
     * answered, so a crash meanwhile delivers it again.
     */
    @Test
    void aSlowAnswerHoldsBackNeitherOtherCustomersNorItsOwnOffset() throws Exception {
        Sinks.Empty<Void> slowMayEnd = Sinks.empty();
        Sinks.Empty<Void> slowStarted = Sinks.empty();
        List<String> handled = new CopyOnWriteArrayList<>();
        InboundMessageHandler handler = message -> {
            if (message.messageId().equals("slow")) {
                slowStarted.tryEmitEmpty();
                return slowMayEnd.asMono().then(Mono.fromRunnable(() -> handled.add("slow")));
            }
            return Mono.fromRunnable(() -> handled.add(message.messageId()));
        };
        String group = "slow-answer-test";
        try (ConfigurableApplicationContext consumer = new SpringApplicationBuilder(OneInboundListener.class,
                OwnNettyResources.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> context.getBeanFactory().registerSingleton("handler", handler))
                // application.yml (its spring.kafka settings) applies as in the gateway
                .properties("spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                        "assist.kafka.inbound-topic=" + CONSUMED_TOPIC, "assist.kafka.consumer-group=" + group,
                        "assist.kafka.consumers=1")
                .run()) {
            var container = consumer.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer(KafkaInboundListener.ID);
            await().atMost(WAIT).until(() -> container.getAssignedPartitions() != null
                    && !container.getAssignedPartitions().isEmpty());
            KafkaTemplate<String, String> kafkaTemplate = new KafkaTemplate<>(producers);

            send(kafkaTemplate, message("slow", "wmSlow"));
            slowStarted.asMono().block(WAIT);
            // written once the slow one is in hand: they come in a later poll
            for (int i = 1; i <= 3; i++) {
                send(kafkaTemplate, message("m" + i, "wmOther" + i));
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> handled.containsAll(List.of("m1", "m2", "m3")));
            assertThat(handled).as("the slow answer is still in hand").doesNotContain("slow");
            // the consumer commits before each poll (at most 5 s apart); the others being done moves nothing
            await().pollDelay(Duration.ofSeconds(6)).atMost(WAIT).until(() -> true);
            assertThat(committed(group)).as("nothing is committed past the slow message at offset 0")
                    .satisfiesAnyOf(offset -> assertThat(offset).isNull(),
                            offset -> assertThat(offset.offset()).isZero());

            slowMayEnd.tryEmitEmpty();
            await().atMost(WAIT).until(() -> committed(group) != null && committed(group).offset() == 4);
            assertThat(handled).containsExactlyInAnyOrder("slow", "m1", "m2", "m3");
        }
    }

    /**
     * A record delivered again after its message was handled (an instance died or a rebalance moved
     * the partition before the offset was committed) is acknowledged without handling the message a
     * second time: no second count, draft or queued approval. A message given up on counts as handled.
     */
    @Test
    void aMessageDeliveredAgainAfterItWasHandledIsSkipped() {
        AtomicInteger handling = new AtomicInteger();
        List<String> skipped = new CopyOnWriteArrayList<>();
        InboundMessageHandler handler = new InboundMessageHandler() {
            @Override
            public Mono<Void> handle(InboundMessage message) {
                handling.incrementAndGet();
                return message.messageId().equals("broken") ? Mono.error(new IllegalStateException("test: down"))
                        : Mono.empty();
            }

            @Override
            public void alreadyHandled(InboundMessage message) {
                skipped.add(message.messageId());
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        KafkaInboundListener listener = listener(handler, meters);
        TopicPartition partition = new TopicPartition(TOPIC, 0);

        deliver(listener, 0, message("m1", "wmTwice"));
        deliver(listener, 1, message("broken", "wmBroken"));
        assertThat(handling).hasValue(1 + 2);
        // the partition moves away and back: both records come again from the committed offset
        listener.onPartitionsRevoked(List.of(partition));
        deliver(listener, 0, message("m1", "wmTwice"));
        deliver(listener, 1, message("broken", "wmBroken"));

        assertThat(handling).as("neither is handled again").hasValue(3);
        assertThat(skipped).containsExactly("m1", "broken");
        assertThat(meters.counter("assist.inbound.redelivered_skipped").count()).isEqualTo(2);
    }

    /**
     * A copy written to the topic right behind its original (a sync page pulled again: the sync loop keeps
     * no taken marks in cluster mode, {@link KafkaInboundHandOff#dropsCopies}) waits for the original's
     * handling to end, then finds it marked and is skipped, though both were delivered at once.
     */
    @Test
    void aCopyRightBehindItsOriginalIsSkippedOnceTheOriginalIsHandled() {
        AtomicInteger handling = new AtomicInteger();
        List<String> skipped = new CopyOnWriteArrayList<>();
        InboundMessageHandler slow = new InboundMessageHandler() {
            @Override
            public Mono<Void> handle(InboundMessage message) {
                handling.incrementAndGet();
                return Mono.delay(Duration.ofMillis(300)).then();
            }

            @Override
            public void alreadyHandled(InboundMessage message) {
                skipped.add(message.messageId());
            }
        };
        KafkaInboundListener listener = listener(slow, new SimpleMeterRegistry());
        InboundMessage original = message("mCopied", "wmCopied");
        Sinks.Empty<Void> first = Sinks.empty();
        Sinks.Empty<Void> second = Sinks.empty();
        listener.onInbound(new ConsumerRecord<>(TOPIC, 0, 0, original.conversation().id(),
                JSON.writeValueAsString(original)), first::tryEmitEmpty);
        listener.onInbound(new ConsumerRecord<>(TOPIC, 0, 1, original.conversation().id(),
                JSON.writeValueAsString(original)), second::tryEmitEmpty);
        first.asMono().block(WAIT);
        second.asMono().block(WAIT);

        assertThat(handling).hasValue(1);
        assertThat(skipped).containsExactly("mCopied");
        assertThat(new KafkaInboundHandOff(new KafkaTemplate<>(producers), TOPIC, JSON, text -> text).dropsCopies())
                .isTrue();
    }

    @Test
    void aMessageGivenUpOnIsToldToTheHandlerBeforeItIsDeadLettered() {
        List<String> givenUp = new CopyOnWriteArrayList<>();
        InboundMessageHandler failing = new InboundMessageHandler() {
            @Override
            public Mono<Void> handle(InboundMessage message) {
                return Mono.error(new IllegalStateException("test: the pipeline is down"));
            }

            @Override
            public Mono<Void> gaveUp(InboundMessage message, Throwable failure) {
                givenUp.add(message.messageId() + ": " + failure.getMessage());
                return Mono.empty();
            }
        };

        deliver(listener(failing, new SimpleMeterRegistry()), 0, message("m1", "wmCustomer"));

        assertThat(givenUp).containsExactly("m1: test: the pipeline is down");
    }

    private static KafkaInboundListener listener(InboundMessageHandler handler, MeterRegistry meters) {
        return new KafkaInboundListener(handler, JSON,
                new DeadLetters(new KafkaTemplate<>(producers), new SimpleMeterRegistry()), 2, Duration.ofMillis(10),
                new InOrderAcks(16, InOrderAcks.Pauses.NONE), new InMemoryOnceMarks(), Duration.ofHours(1), meters);
    }

    /** Hands the record to the listener as its consumer would and waits until it is acknowledged. */
    private static void deliver(KafkaInboundListener listener, long offset, InboundMessage message) {
        Sinks.Empty<Void> acknowledged = Sinks.empty();
        listener.onInbound(new ConsumerRecord<>(TOPIC, 0, offset, message.conversation().id(),
                JSON.writeValueAsString(message)), acknowledged::tryEmitEmpty);
        acknowledged.asMono().block(WAIT);
    }

    private static InboundMessage message(String id, String customer) {
        return new InboundMessage(id, ConversationKey.kf("wkA", customer), MessageOrigin.CUSTOMER, MessageKind.TEXT,
                "你好", Instant.parse("2026-12-06T08:00:00Z"), null, null);
    }

    private static void send(KafkaTemplate<String, String> kafkaTemplate, InboundMessage message) throws Exception {
        kafkaTemplate.send(CONSUMED_TOPIC, message.conversation().id(), JSON.writeValueAsString(message))
                .get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    private static OffsetAndMetadata committed(String group) throws Exception {
        return KafkaTestUtils.getCurrentOffset(kafka.getBrokersAsString(), group, CONSUMED_TOPIC, 0);
    }

    /** Spring Boot's Kafka set-up (with application.yml) and the inbound listener, nothing else. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(KafkaAutoConfiguration.class)
    static class OneInboundListener {

        @Bean
        KafkaInboundListener kafkaInboundListener(InboundMessageHandler handler, KafkaTemplate<String, String> kafka,
                                                  KafkaListenerEndpointRegistry containers) {
            OnceMarks marks = new InMemoryOnceMarks();
            return new KafkaInboundListener(handler, JSON, new DeadLetters(kafka, new SimpleMeterRegistry()), 3,
                    Duration.ofMillis(10), new InOrderAcks(256, InOrderAcks.pausing(containers, KafkaInboundListener.ID)),
                    marks, Duration.ofHours(1), new SimpleMeterRegistry());
        }
    }
}
