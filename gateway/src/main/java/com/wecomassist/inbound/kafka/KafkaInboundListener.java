package com.wecomassist.inbound.kafka;

import com.wecomassist.cluster.KafkaProperties;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.OrderedRecords;
import com.wecomassist.cluster.RecordsInHand;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes the inbound topic. The Mono return makes the container acknowledge each record when its
 * handling completed (out of order across conversations, with the consumer paused meanwhile);
 * the records of one poll arrive together, so conversation order is kept by the lanes, not
 * assumed from the partition. A failed handling is tried again with backoff; a record that still
 * fails is given up on (the handler puts its customer in front of a person: a dead letter answers
 * nobody) and, like one that is not an inbound message at all (poison), written to the dead-letter
 * topic with the reason and then acknowledged, so that one bad record never blocks its partition.
 */
public class KafkaInboundListener implements RecordsInHand {

    public static final String REASON_HEADER = DeadLetters.REASON_HEADER;

    private final InboundMessageHandler handler;
    private final OrderedRecords<InboundMessage> records;

    public KafkaInboundListener(InboundMessageHandler handler, JsonMapper json, DeadLetters deadLetters,
                                int deliveryAttempts, Duration retryBackoff) {
        this.handler = handler;
        this.records = new OrderedRecords<>(InboundMessage.class, "an inbound message", json, deadLetters,
                deliveryAttempts, retryBackoff);
    }

    @KafkaListener(id = "assist-inbound", topics = "${assist.kafka.inbound-topic:assist.inbound}",
            groupId = "${assist.kafka.consumer-group:assist-gateway}",
            concurrency = "${assist.kafka.consumers:" + KafkaProperties.DEFAULT_CONSUMERS + "}")
    public Mono<Void> onInbound(ConsumerRecord<String, String> record) {
        return records.handle(record, message -> message.conversation().id(), handler::arrived, handler::handle,
                handler::gaveUp);
    }

    /** Conversations with records being handled right now (shutdown waits for them). */
    @Override
    public int inFlight() {
        return records.inFlight();
    }
}
