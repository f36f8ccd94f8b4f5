package com.wecomassist.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes a record that cannot be handled to its topic's dead-letter topic ({@code <topic>-dlt}),
 * with the reason and where it came from in headers, so one bad record never blocks its partition
 * and nobody loses track of it.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    public static final String REASON_HEADER = "assist-dead-letter-reason";
    public static final String SOURCE_HEADER = "assist-source";

    private final KafkaTemplate<String, String> kafka;
    private final MeterRegistry meters;

    public DeadLetters(KafkaTemplate<String, String> kafka, MeterRegistry meters) {
        this.kafka = kafka;
        this.meters = meters;
    }

    public static String topicFor(String topic) {
        return topic + "-dlt";
    }

    /** Completes once the dead letter is written: acknowledge the original only then. */
    public Mono<Void> send(ConsumerRecord<String, String> record, String reason) {
        String deadLetterTopic = topicFor(record.topic());
        log.error("record {}-{}@{} goes to {}: {}", record.topic(), record.partition(), record.offset(),
                deadLetterTopic, reason);
        meters.counter("assist.kafka.dead_letters", "topic", record.topic()).increment();
        ProducerRecord<String, String> dead = new ProducerRecord<>(deadLetterTopic, record.key(), record.value());
        dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(SOURCE_HEADER, (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        // KafkaProducer.send can wait for metadata: never on the consumer's or an event-loop thread
        return Mono.fromFuture(() -> kafka.send(dead))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }
}
