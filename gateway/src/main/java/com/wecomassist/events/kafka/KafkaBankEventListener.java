package com.wecomassist.events.kafka;

import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.events.BankEvent;
import com.wecomassist.events.BankEvents;
import com.wecomassist.events.EventFields;
import com.wecomassist.events.EventJson;
import com.wecomassist.events.EventOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Reads the bank's events topic ({@code assist.events.topic}) in one consumer group for all instances (the
 * store is shared). A record is keyed by the customer (their external_userid or customer number, whichever
 * the event names) and its value is one event, as {@code POST /api/events} takes it.
 *
 * <p>At least once: a record delivered again is a {@link EventOutcome#DUPLICATE} by its event id. A record
 * that is not an event (unreadable, a field refused, its key not its customer) goes to the dead-letter
 * topic with the reason, and so does a {@link EventOutcome#REJECTED} one (too old, too far ahead: read, but
 * the bank should see it was not kept) and one whose storing still fails after
 * {@code assist.kafka.delivery-attempts}. Reasons name fields, never values: no customer number in them.
 */
public class KafkaBankEventListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaBankEventListener.class);
    public static final String ID = "assist-bank-events";

    private final BankEvents intake;
    private final EventFields fields;
    private final DeadLetters deadLetters;
    private final int attempts;
    private final Duration backoff;
    private final MeterRegistry meters;

    public KafkaBankEventListener(BankEvents intake, EventFields fields, DeadLetters deadLetters, int attempts,
                                  Duration backoff, MeterRegistry meters) {
        this.intake = intake;
        this.fields = fields;
        this.deadLetters = deadLetters;
        this.attempts = attempts;
        this.backoff = backoff;
        this.meters = meters;
    }

    @KafkaListener(id = ID, topics = "${assist.events.topic:assist.bank-events}",
            groupId = "${assist.events.consumer-group:assist-bank-events}",
            properties = "auto.offset.reset=earliest")
    public Mono<Void> onEvent(ConsumerRecord<String, String> record) {
        EventFields.Candidate candidate;
        try {
            candidate = candidateOf(record);
        } catch (RuntimeException e) {
            meters.counter("assist.events.received", "source", BankEvent.Source.KAFKA.name(), "outcome", "INVALID")
                    .increment();
            return deadLetter(record, "not a bank event: " + reasonOf(e));
        }
        return Mono.defer(() -> intake.take(List.of(candidate), BankEvent.Source.KAFKA))
                .retryWhen(Retry.backoff(attempts - 1L, backoff).jitter(0.5))
                .flatMap(results -> {
                    BankEvents.Result result = results.get(0);
                    return result.outcome() == EventOutcome.REJECTED
                            ? deadLetter(record, "rejected: " + result.reason()) : Mono.<Void>empty();
                })
                .onErrorResume(e -> deadLetter(record, "storing failed " + attempts + " times: "
                        + (e.getCause() != null ? e.getCause() : e)));
    }

    private EventFields.Candidate candidateOf(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("no value");
        }
        EventFields.Candidate candidate = fields.one(EventJson.MAPPER.readTree(record.value()));
        if (record.key() != null && !record.key().equals(candidate.customer())) {
            throw new IllegalArgumentException("the key is not the event's customer (external_userid or customer_no)");
        }
        return candidate;
    }

    /** Field names and rules, never a value: a JSON parser's message quotes the text it choked on. */
    private static String reasonOf(RuntimeException e) {
        if (e instanceof EventFields.NotAnEvent || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return "the value is not JSON";
    }

    private Mono<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
        meters.counter("assist.events.dead_letters").increment();
        log.warn("bank event record {}-{}@{} refused: {}", record.topic(), record.partition(), record.offset(), reason);
        return deadLetters.send(record, reason);
    }
}
