package com.wecomassist.audit.kafka;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.audit.redis.RedisAuditTrail;
import com.wecomassist.cluster.KafkaWrites;
import com.wecomassist.error.AssistException;
import com.wecomassist.error.PermanentException;
import com.wecomassist.error.TransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cluster mode's trail: every event is written as JSON to the audit topic, keyed by conversation
 * (by subject for events about no conversation): a record holds one event as a JSON object, or the
 * events recorded together about one conversation as a JSON array of those objects, oldest first. An
 * event counts as recorded once the brokers acknowledged it ({@code acks=all}) and the copy kept for
 * reading took it too. The topic is the
 * durable trail the bank's archive consumes; reading ({@link #ofConversation}) goes to that copy,
 * which any instance can reach.
 *
 * <p>Delivery is at least once: when the copy fails after the topic took the event, the caller's
 * retry writes it to the topic again.
 */
public class KafkaAuditTrail implements AuditTrail {

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final RedisAuditTrail recent;

    /**
     * @param recent where each conversation's recent events are kept for reading, written after
     *               the topic took the event (from the same JSON)
     */
    public KafkaAuditTrail(KafkaTemplate<String, String> kafka, String topic, RedisAuditTrail recent) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.recent = Objects.requireNonNull(recent, "recent");
    }

    @Override
    public Mono<Void> record(AuditEvent event) {
        return recordAll(List.of(Objects.requireNonNull(event, "event")));
    }

    /**
     * One round trip for the batch ({@link KafkaWrites}); order kept per conversation. Events in a row
     * with the same key (a reply's steps: retrieved, drafted, checked, routed) go as one record holding
     * a JSON array of them, in order: one record per step of the flow rather than per event, each record
     * costing the brokers a write and a replication.
     */
    @Override
    public Mono<Void> recordAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        // each event is written as JSON once (a plain mapper's, not the application's: the bank's systems read
        // the topic); the topic's records and the copy for reading share it
        return Mono.fromCallable(() -> RedisAuditTrail.asJson(events))
                .onErrorMap(e -> new PermanentException("audit event cannot be written as JSON: " + e.getMessage(), e))
                .flatMap(written -> KafkaWrites.sendAll(kafka, topic, records(events, written))
                        .onErrorMap(e -> !(e instanceof AssistException),
                                e -> new TransientException("audit event not written to Kafka: " + e.getMessage(), e))
                        // the topic first: the copy for reading never shows an event the durable trail lacks
                        .then(Mono.defer(() -> recent.recordAllWritten(events, written))));
    }

    /**
     * Events in a row with the same key go as one record: a run of one event is its JSON object, a longer
     * run a JSON array of the events' objects, in order (what the mapper writes for the list).
     */
    static List<KafkaWrites.Keyed> records(List<AuditEvent> events, List<String> written) {
        List<KafkaWrites.Keyed> records = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= events.size(); i++) {
            if (i < events.size() && keyOf(events.get(i)).equals(keyOf(events.get(start)))) {
                continue;
            }
            String value = i - start == 1 ? written.get(start) : "[" + String.join(",", written.subList(start, i)) + "]";
            records.add(new KafkaWrites.Keyed(keyOf(events.get(start)), value));
            start = i;
        }
        return records;
    }

    @Override
    public Flux<AuditEvent> ofConversation(String conversation, int limit) {
        return recent.ofConversation(conversation, limit);
    }

    @Override
    public Flux<AuditEvent> forCustomer(String externalUserId) {
        return recent.forCustomer(externalUserId);
    }

    /**
     * Redacts the copy for reading. The topic is append-only and read by the bank's archive: the
     * {@code CUSTOMER_ERASED} events the erasure records (keyed by conversation, so each follows that
     * conversation's events in its partition) tell the archive to redact the same fields; the topic's
     * own records go with its retention.
     */
    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return recent.eraseCustomer(externalUserId);
    }

    /** One conversation's events stay in one partition, in order; a KB change is keyed by its entry. */
    private static String keyOf(AuditEvent event) {
        return event.conversation() != null ? event.conversation() : event.subject();
    }
}
