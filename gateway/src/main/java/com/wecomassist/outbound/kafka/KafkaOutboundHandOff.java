package com.wecomassist.outbound.kafka;

import com.wecomassist.cluster.KafkaWrites;
import com.wecomassist.error.TransientException;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster mode's outbound: the reply is written to the outbound topic, keyed by conversation,
 * and counts as handed on once the brokers acknowledged it; whichever instance consumes it sends
 * it. So a reply approved on one instance survives that instance.
 */
public class KafkaOutboundHandOff implements OutboundHandOff {

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final JsonMapper json;

    public KafkaOutboundHandOff(KafkaTemplate<String, String> kafka, String topic, JsonMapper json) {
        this.kafka = kafka;
        this.topic = topic;
        this.json = json;
    }

    @Override
    public Mono<Void> handOn(OutgoingReply reply) {
        return Mono.fromCallable(() -> json.writeValueAsString(reply))
                .flatMap(value -> KafkaWrites.send(kafka, topic, reply.conversation().id(), value))
                .onErrorMap(e -> !(e instanceof TransientException),
                        e -> new TransientException("reply not written to Kafka: " + e.getMessage(), e))
                .then();
    }
}
