package com.wecomassist.inbound.kafka;

import com.wecomassist.inbound.ConversationLanes;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.cluster.DeadLetters;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Mono;
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

    public static final String REASON_HEADER = DeadLetters.REASON_HEADER;

    private final InboundMessageHandler handler;
    private final JsonMapper json;
    private final DeadLetters deadLetters;
    private final int deliveryAttempts;
    private final Duration retryBackoff;
    private final ConversationLanes lanes = new ConversationLanes();

    public KafkaInboundListener(InboundMessageHandler handler, JsonMapper json, DeadLetters deadLetters,
                                int deliveryAttempts, Duration retryBackoff) {
        this.handler = handler;
        this.json = json;
        this.deadLetters = deadLetters;
        this.deliveryAttempts = deliveryAttempts;
        this.retryBackoff = retryBackoff;
    }

    @KafkaListener(id = "assist-inbound", topics = "${assist.kafka.inbound-topic:assist.inbound}",
            groupId = "${assist.kafka.consumer-group:assist-gateway}")
    public Mono<Void> onInbound(ConsumerRecord<String, String> record) {
        InboundMessage message;
        try {
            message = json.readValue(record.value(), InboundMessage.class);
        } catch (RuntimeException e) {
            return deadLetters.send(record, "not an inbound message: " + e.getMessage());
        }
        handler.arrived(message);
        return lanes.submit(message.conversation().id(), () -> Mono.defer(() -> handler.handle(message))
                        .retryWhen(Retry.backoff(deliveryAttempts - 1L, retryBackoff).jitter(0.5)))
                .onErrorResume(e -> deadLetters.send(record, "handling failed " + deliveryAttempts + " times: "
                        + (e.getCause() != null ? e.getCause() : e)));
    }

    /** Conversations with records being handled right now (shutdown waits for them). */
    public int inFlight() {
        return lanes.activeLanes();
    }
}
