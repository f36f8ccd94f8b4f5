package com.wecomassist.inbound.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's message whose handling keeps failing in cluster mode is not only dead-lettered: the
 * handler is told it was given up on, so that the customer is put in front of a person (a dead letter
 * answers nobody). Before, the listener dead-lettered it and the customer waited for good.
 */
class KafkaInboundListenerTest {

    private static final String TOPIC = "assist.inbound";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static EmbeddedKafkaKraftBroker kafka;
    private static DefaultKafkaProducerFactory<String, String> producers;

    @BeforeAll
    static void startKafka() {
        kafka = new EmbeddedKafkaKraftBroker(1, 1, TOPIC, DeadLetters.topicFor(TOPIC));
        kafka.afterPropertiesSet();
        producers = new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(kafka), new StringSerializer(),
                new StringSerializer());
    }

    @AfterAll
    static void stopKafka() {
        producers.destroy();
        kafka.destroy();
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
        KafkaInboundListener listener = new KafkaInboundListener(failing, JSON,
                new DeadLetters(new KafkaTemplate<>(producers), new SimpleMeterRegistry()), 2, Duration.ofMillis(10));
        ConversationKey key = ConversationKey.kf("wkA", "wmCustomer");
        InboundMessage message = new InboundMessage("m1", key, MessageOrigin.CUSTOMER, MessageKind.TEXT, "你好",
                Instant.parse("2026-12-06T08:00:00Z"), null, null);

        listener.onInbound(new ConsumerRecord<>(TOPIC, 0, 0L, key.id(), JSON.writeValueAsString(message)))
                .block(Duration.ofSeconds(30));

        assertThat(givenUp).containsExactly("m1: test: the pipeline is down");
    }
}
