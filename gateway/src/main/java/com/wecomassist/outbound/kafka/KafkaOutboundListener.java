package com.wecomassist.outbound.kafka;

import com.wecomassist.cluster.KafkaProperties;
import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.OrderedRecords;
import com.wecomassist.cluster.RecordsInHand;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.outbound.ReplyDispatcher;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes the outbound topic and sends each reply, one at a time per conversation (the records of
 * one poll arrive together, so the lanes keep the order). A send that keeps failing, or a record
 * that is not a reply, goes to the dead-letter topic with the reason; a reply that keeps failing is
 * also recorded as not sent and its customer handed to people ({@link ReplyDispatcher#undeliverable}).
 */
public class KafkaOutboundListener implements RecordsInHand {

    private final ReplyDispatcher dispatcher;
    private final OrderedRecords<OutgoingReply> records;

    public KafkaOutboundListener(ReplyDispatcher dispatcher, JsonMapper json, DeadLetters deadLetters,
                                 int deliveryAttempts, Duration retryBackoff) {
        this.dispatcher = dispatcher;
        this.records = new OrderedRecords<>(OutgoingReply.class, "a reply", json, deadLetters, deliveryAttempts,
                retryBackoff);
    }

    @KafkaListener(id = "assist-outbound", topics = "${assist.kafka.outbound-topic:assist.outbound}",
            groupId = "${assist.kafka.consumer-group:assist-gateway}",
            concurrency = "${assist.kafka.consumers:" + KafkaProperties.DEFAULT_CONSUMERS + "}")
    public Mono<Void> onOutbound(ConsumerRecord<String, String> record) {
        return records.handle(record, reply -> reply.conversation().id(), reply -> { }, dispatcher::dispatch,
                dispatcher::undeliverable);
    }

    /** Conversations with replies being sent right now (shutdown waits for them). */
    @Override
    public int inFlight() {
        return records.inFlight();
    }
}
