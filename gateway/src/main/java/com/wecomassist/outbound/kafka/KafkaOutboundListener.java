package com.wecomassist.outbound.kafka;

import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.InOrderAcks;
import com.wecomassist.cluster.KafkaProperties;
import com.wecomassist.cluster.OrderedRecords;
import com.wecomassist.cluster.PayloadCipher;
import com.wecomassist.cluster.RecordsInHand;
import com.wecomassist.cluster.SealedRecord;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.outbound.ReplyDispatcher;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes the outbound topic and sends each reply, one at a time per conversation: each record is
 * handed to its conversation's lane and the consumer goes on at once (a reply waits for the earlier
 * replies to its own customer, not for a slow send to another), with offsets committed in order per
 * partition as records finish ({@link InOrderAcks}). A record delivered again after a crash or a
 * rebalance is harmless: the dispatcher never sends a reply id twice. A send that keeps failing, or
 * a record that is not a sealed reply (or does not open with this gateway's keys), goes to the
 * dead-letter topic with the reason, still sealed; a reply that keeps failing is also recorded as not
 * sent and its customer handed to people ({@link ReplyDispatcher#undeliverable}).
 */
public class KafkaOutboundListener implements RecordsInHand, ConsumerSeekAware {

    public static final String ID = "assist-outbound";

    private final ReplyDispatcher dispatcher;
    private final OrderedRecords<SealedRecord> records;
    private final JsonMapper json;
    private final PayloadCipher cipher;

    public KafkaOutboundListener(ReplyDispatcher dispatcher, JsonMapper json, DeadLetters deadLetters,
                                 int deliveryAttempts, Duration retryBackoff, PayloadCipher cipher, InOrderAcks acks) {
        this.dispatcher = dispatcher;
        this.json = json;
        this.cipher = cipher;
        this.records = new OrderedRecords<>(SealedRecord.class, "a sealed reply", json, deadLetters, deliveryAttempts,
                retryBackoff, acks);
    }

    @KafkaListener(id = ID, topics = "${assist.kafka.outbound-topic:assist.outbound}",
            groupId = "${assist.kafka.consumer-group:assist-gateway}",
            concurrency = "${assist.kafka.consumers:" + KafkaProperties.DEFAULT_CONSUMERS + "}")
    public void onOutbound(ConsumerRecord<String, String> record, Acknowledgment acknowledgment) {
        records.take(record, acknowledgment, SealedRecord::key, sealed -> { },
                sealed -> opened(sealed).flatMap(dispatcher::dispatch),
                (sealed, failure) -> opened(sealed).flatMap(reply -> dispatcher.undeliverable(reply, failure)));
    }

    /** The reply inside, for the conversation the record names (a reply moved to another does not open). */
    private Mono<OutgoingReply> opened(SealedRecord sealed) {
        return Mono.fromCallable(() -> {
            OutgoingReply reply = json.readValue(cipher.open(sealed.sealed(), sealed.key()), OutgoingReply.class);
            if (!reply.conversation().id().equals(sealed.key())) {
                throw new IllegalArgumentException("a reply to " + reply.conversation() + " in a record of " + sealed.key());
            }
            return reply;
        });
    }

    /** Partitions taken from this consumer: what it still sends of them commits nothing. */
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
