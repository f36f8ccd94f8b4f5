package com.wecomassist.inbound.kafka;

import com.wecomassist.cluster.KafkaWrites;
import com.wecomassist.error.TransientException;
import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.InboundMessage;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster mode's hand-off: the message is written to the inbound topic, keyed by conversation,
 * and counts as taken once the brokers acknowledged it. Any instance of the consumer group then
 * handles it, so a message survives the instance that pulled it.
 */
public class KafkaInboundHandOff implements InboundHandOff {

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final JsonMapper json;

    public KafkaInboundHandOff(KafkaTemplate<String, String> kafka, String topic, JsonMapper json) {
        this.kafka = kafka;
        this.topic = topic;
        this.json = json;
    }

    @Override
    public Mono<Void> handOn(InboundMessage message) {
        return Mono.fromCallable(() -> json.writeValueAsString(message))
                .flatMap(value -> KafkaWrites.send(kafka, topic, message.conversation().id(), value))
                .onErrorMap(e -> !(e instanceof TransientException),
                        e -> new TransientException("inbound message not written to Kafka: " + e.getMessage(), e))
                .then();
    }
}
