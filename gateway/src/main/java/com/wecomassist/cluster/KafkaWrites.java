package com.wecomassist.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writing records to a topic the one way the cluster mode does: off the event loop, because
 * KafkaProducer.send can wait for cluster metadata (max.block.ms); every record sent before any
 * acknowledgement is awaited, so a batch costs one round trip, and records with one key keep their
 * order (the producer is idempotent). Completes when the brokers acknowledged every record.
 */
public final class KafkaWrites {

    /** One record: its key (which partition, hence which order) and its value. */
    public record Keyed(String key, String value) {
    }

    private KafkaWrites() {
    }

    public static Mono<Void> send(KafkaTemplate<String, String> kafka, String topic, String key, String value) {
        return sendAll(kafka, topic, List.of(new Keyed(key, value)));
    }

    public static Mono<Void> sendAll(KafkaTemplate<String, String> kafka, String topic, List<Keyed> records) {
        if (records.isEmpty()) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> {
                    CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
                    for (int i = 0; i < acks.length; i++) {
                        acks[i] = kafka.send(topic, records.get(i).key(), records.get(i).value());
                    }
                    return CompletableFuture.allOf(acks);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture);
    }
}
