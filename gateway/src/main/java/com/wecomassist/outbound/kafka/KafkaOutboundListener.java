package com.wecomassist.outbound.kafka;

import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.inbound.ConversationLanes;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.outbound.ReplyDispatcher;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes the outbound topic and sends each reply, one at a time per conversation (the records of
 * one poll arrive together, so the lanes keep the order). A send that keeps failing, or a record
 * that is not a reply, goes to the dead-letter topic with the reason.
 */
public class KafkaOutboundListener {

    private final ReplyDispatcher dispatcher;
    private final JsonMapper json;
    private final DeadLetters deadLetters;
    private final int deliveryAttempts;
    private final Duration retryBackoff;
    private final ConversationLanes lanes = new ConversationLanes();

    public KafkaOutboundListener(ReplyDispatcher dispatcher, JsonMapper json, DeadLetters deadLetters,
                                 int deliveryAttempts, Duration retryBackoff) {
        this.dispatcher = dispatcher;
        this.json = json;
        this.deadLetters = deadLetters;
        this.deliveryAttempts = deliveryAttempts;
        this.retryBackoff = retryBackoff;
    }

    @KafkaListener(id = "assist-outbound", topics = "${assist.kafka.outbound-topic:assist.outbound}",
            groupId = "${assist.kafka.consumer-group:assist-gateway}")
    public Mono<Void> onOutbound(ConsumerRecord<String, String> record) {
        OutgoingReply reply;
        try {
            reply = json.readValue(record.value(), OutgoingReply.class);
        } catch (RuntimeException e) {
            return deadLetters.send(record, "not a reply: " + e.getMessage());
        }
        return lanes.submit(reply.conversation().id(), () -> Mono.defer(() -> dispatcher.dispatch(reply))
                        .retryWhen(Retry.backoff(deliveryAttempts - 1L, retryBackoff).jitter(0.5)))
                .onErrorResume(e -> deadLetters.send(record, "sending failed " + deliveryAttempts + " times: "
                        + (e.getCause() != null ? e.getCause() : e)));
    }

    /** Conversations with records being handled right now (shutdown waits for them). */
    public int inFlight() {
        return lanes.activeLanes();
    }
}
