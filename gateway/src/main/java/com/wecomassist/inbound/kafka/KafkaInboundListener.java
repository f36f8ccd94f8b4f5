package com.wecomassist.inbound.kafka;

import com.wecomassist.inbound.ConversationLanes;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes the inbound topic. The Mono return makes the container acknowledge each record when its
 * handling completed (out of order across conversations, with the consumer paused meanwhile);
 * the records of one poll arrive together, so conversation order is kept by the lanes, not
 * assumed from the partition. A failed handling is tried again with backoff; a record that still
 * fails, or is not an inbound message at all (poison), is written to the dead-letter topic with
 * the reason and then acknowledged, so that one bad record never blocks its partition.
 */
public class KafkaInboundListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaInboundListener.class);
    public static final String REASON_HEADER = "assist-dead-letter-reason";

    private final InboundMessageHandler handler;
    private final JsonMapper json;
    private final KafkaTemplate<String, String> kafka;
    private final String deadLetterTopic;
    private final int deliveryAttempts;
    private final Duration retryBackoff;
    private final MeterRegistry meters;
    private final ConversationLanes lanes = new ConversationLanes();

    public KafkaInboundListener(InboundMessageHandler handler, JsonMapper json, KafkaTemplate<String, String> kafka,
                                String deadLetterTopic, int deliveryAttempts, Duration retryBackoff,
                                MeterRegistry meters) {
        this.handler = handler;
        this.json = json;
        this.kafka = kafka;
        this.deadLetterTopic = deadLetterTopic;
        this.deliveryAttempts = deliveryAttempts;
        this.retryBackoff = retryBackoff;
        this.meters = meters;
    }

    @KafkaListener(id = "assist-inbound", topics = "${assist.kafka.inbound-topic:assist.inbound}",
            groupId = "${assist.kafka.consumer-group:assist-gateway}")
    public Mono<Void> onInbound(ConsumerRecord<String, String> record) {
        InboundMessage message;
        try {
            message = json.readValue(record.value(), InboundMessage.class);
        } catch (RuntimeException e) {
            return deadLetter(record, "not an inbound message: " + e.getMessage());
        }
        return lanes.submit(message.conversation().id(), () -> Mono.defer(() -> handler.handle(message))
                        .retryWhen(Retry.backoff(deliveryAttempts - 1L, retryBackoff).jitter(0.5)))
                .onErrorResume(e -> deadLetter(record, "handling failed " + deliveryAttempts + " times: "
                        + (e.getCause() != null ? e.getCause() : e)));
    }

    private Mono<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
        log.error("inbound record {}-{}@{} goes to {}: {}", record.topic(), record.partition(), record.offset(),
                deadLetterTopic, reason);
        meters.counter("assist.inbound.dead_letters").increment();
        ProducerRecord<String, String> dead = new ProducerRecord<>(deadLetterTopic, record.key(), record.value());
        dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        dead.headers().add("assist-source", (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        // Not acknowledged until the dead letter is written: a failure here redelivers the record.
        return Mono.fromFuture(() -> kafka.send(dead))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }
}
