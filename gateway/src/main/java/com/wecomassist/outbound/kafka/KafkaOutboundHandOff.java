package com.wecomassist.outbound.kafka;

import com.wecomassist.cluster.KafkaWrites;
import com.wecomassist.cluster.PayloadCipher;
import com.wecomassist.cluster.SealedRecord;
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
 *
 * <p>The reply is sealed ({@link PayloadCipher}): its text goes to the customer as it is, so it cannot
 * be masked, and an agent's words may quote the customer's card or ID number. Sealing also means the
 * listener sends only replies this gateway wrote.
 */
public class KafkaOutboundHandOff implements OutboundHandOff {

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final JsonMapper json;
    private final PayloadCipher cipher;

    public KafkaOutboundHandOff(KafkaTemplate<String, String> kafka, String topic, JsonMapper json,
                                PayloadCipher cipher) {
        this.kafka = kafka;
        this.topic = topic;
        this.json = json;
        this.cipher = cipher;
    }

    @Override
    public Mono<Void> handOn(OutgoingReply reply) {
        return Mono.fromCallable(() -> recordValue(json, cipher, reply))
                .flatMap(value -> KafkaWrites.send(kafka, topic, reply.conversation().id(), value))
                .onErrorMap(e -> !(e instanceof TransientException),
                        e -> new TransientException("reply not written to Kafka: " + e.getMessage(), e))
                .then();
    }

    /** The outbound record's value for a reply, keyed by its conversation: a {@link SealedRecord} as JSON. */
    public static String recordValue(JsonMapper json, PayloadCipher cipher, OutgoingReply reply) {
        String key = reply.conversation().id();
        return json.writeValueAsString(new SealedRecord(key, cipher.seal(json.writeValueAsString(reply), key)));
    }
}
