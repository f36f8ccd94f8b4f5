package com.wecomassist.inbound.kafka;

import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.InOrderAcks;
import com.wecomassist.cluster.KafkaProperties;
import com.wecomassist.cluster.OrderedRecords;
import com.wecomassist.cluster.RecordsInHand;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes the inbound topic. Each record is handed to its conversation's lane and the consumer goes
 * on at once, so a customer waits for the pipeline and the earlier messages of their own conversation,
 * not for the rest of a poll; offsets are committed in order per partition as records finish
 * ({@link InOrderAcks}), so a crash delivers again from the first record not finished.
 *
 * <p>A record delivered again whose message was handled already (its handling ended here or on
 * another instance before the offset was committed) is skipped: a mark per WeCom msgid, set when the
 * handling ends and checked when the record's turn comes, keeps the customer's message from being
 * counted, drafted and queued twice. A failed handling is tried again with backoff; a record that
 * still fails is given up on (the handler puts its customer in front of a person: a dead letter
 * answers nobody) and, like one that is not an inbound message at all (poison), written to the
 * dead-letter topic with the reason and then acknowledged, so that one bad record never blocks its
 * partition.
 */
public class KafkaInboundListener implements RecordsInHand, ConsumerSeekAware {

    public static final String ID = "assist-inbound";
    public static final String REASON_HEADER = DeadLetters.REASON_HEADER;
    /** Marks an inbound msgid whose handling ended (answered, folded into a later line, given up on). */
    static final String HANDLED = "inbound-handled:";

    private static final Logger log = LoggerFactory.getLogger(KafkaInboundListener.class);

    private final InboundMessageHandler handler;
    private final OrderedRecords<InboundMessage> records;
    private final OnceMarks marks;
    private final Duration handledFor;
    private final Counter redelivered;

    /**
     * @param handledFor how long a handled msgid is remembered: as long as the sync loop remembers it
     *                   was taken ({@code assist.wecom.dedupe-ttl}); a record comes again within
     *                   seconds or minutes of its handling (the committed offset trails by the
     *                   records in flight)
     */
    public KafkaInboundListener(InboundMessageHandler handler, JsonMapper json, DeadLetters deadLetters,
                                int deliveryAttempts, Duration retryBackoff, InOrderAcks acks, OnceMarks marks,
                                Duration handledFor, MeterRegistry meters) {
        this.handler = handler;
        this.marks = marks;
        this.handledFor = handledFor;
        this.redelivered = meters.counter("assist.inbound.redelivered_skipped");
        this.records = new OrderedRecords<>(InboundMessage.class, "an inbound message", json, deadLetters,
                deliveryAttempts, retryBackoff, acks);
    }

    @KafkaListener(id = ID, topics = "${assist.kafka.inbound-topic:assist.inbound}",
            groupId = "${assist.kafka.consumer-group:assist-gateway}",
            concurrency = "${assist.kafka.consumers:" + KafkaProperties.DEFAULT_CONSUMERS + "}")
    public void onInbound(ConsumerRecord<String, String> record, Acknowledgment acknowledgment) {
        records.take(record, acknowledgment, message -> message.conversation().id(), handler::arrived,
                this::handleOnce, (message, failure) -> handler.gaveUp(message, failure).then(handled(message)));
    }

    /** Runs at the message's turn in its conversation, each attempt: a message handled before is skipped. */
    private Mono<Void> handleOnce(InboundMessage message) {
        return marks.marked(HANDLED + message.messageId()).flatMap(done -> {
            if (done) {
                redelivered.increment();
                log.debug("{} was handled before: skipped", message);
                handler.alreadyHandled(message);
                return Mono.empty();
            }
            return handler.handle(message).then(handled(message));
        });
    }

    /** Marks the message handled; a mark that cannot be set only lets a copy delivered again be handled again. */
    private Mono<Void> handled(InboundMessage message) {
        return marks.mark(HANDLED + message.messageId(), handledFor)
                .onErrorResume(e -> {
                    log.warn("could not mark {} as handled: {}", message, e.toString());
                    return Mono.just(false);
                })
                .then();
    }

    /** Partitions taken from this consumer: what it still handles of them commits nothing. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        records.revoked(partitions);
    }

    /** Records taken and not yet finished (shutdown waits for them). */
    @Override
    public int inFlight() {
        return records.inFlight();
    }

    @Override
    public void acknowledgeFinished() {
        records.acknowledgeFinished();
    }
}
