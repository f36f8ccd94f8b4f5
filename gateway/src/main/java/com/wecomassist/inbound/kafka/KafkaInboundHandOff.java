package com.wecomassist.inbound.kafka;

import com.wecomassist.cluster.KafkaWrites;
import com.wecomassist.error.TransientException;
import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.InboundMessage;
import java.util.function.UnaryOperator;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster mode's hand-off: the message is written to the inbound topic, keyed by conversation,
 * and counts as taken once the brokers acknowledged it. Any instance of the consumer group then
 * handles it, so a message survives the instance that pulled it.
 *
 * <p>Its text is masked first: the topic, its dead letters and the brokers' disks keep records for days
 * and are read by more people than the conversation is, and nothing after the hand-off needs the
 * text in clear (the reply flow masks it on intake anyway, so it answers the same masked words in
 * either mode).
 */
public class KafkaInboundHandOff implements InboundHandOff {

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final JsonMapper json;
    private final UnaryOperator<String> mask;

    /** @param mask personal data in a text replaced by its masked form ({@code PiiMasker::mask}) */
    public KafkaInboundHandOff(KafkaTemplate<String, String> kafka, String topic, JsonMapper json,
                               UnaryOperator<String> mask) {
        this.kafka = kafka;
        this.topic = topic;
        this.json = json;
        this.mask = mask;
    }

    @Override
    public Mono<Void> handOn(InboundMessage message) {
        return Mono.fromCallable(() -> json.writeValueAsString(masked(message)))
                .flatMap(value -> KafkaWrites.send(kafka, topic, message.conversation().id(), value))
                .onErrorMap(e -> !(e instanceof TransientException),
                        e -> new TransientException("inbound message not written to Kafka: " + e.getMessage(), e))
                .then();
    }

    /**
     * A copy is written behind its original on the same partition (both keyed by the conversation), and
     * the listener takes a conversation's records one at a time, checking each one's handled mark at its
     * turn ({@link KafkaInboundListener}): by then the original's handling has ended and marked it.
     */
    @Override
    public boolean dropsCopies() {
        return true;
    }

    private InboundMessage masked(InboundMessage m) {
        return m.text() == null ? m : new InboundMessage(m.messageId(), m.conversation(), m.origin(), m.kind(),
                mask.apply(m.text()), m.sentAt(), m.servicerUserId(), m.event(), m.menuId());
    }
}
