package com.wecomassist.customerlinks.kafka;

import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.customerlinks.LinkFields;
import com.wecomassist.customerlinks.LinkOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the bank's links topic ({@code assist.customer-links.topic}) in one consumer group for all
 * instances (the store is shared). A record is keyed by external_userid and its value is JSON with the
 * CSV's fields, {@code {"external_userid", "customer_no", "manager_userid", "tier", "as_of"}}, or
 * {@code {"external_userid", "as_of", "removed": true}} to unlink.
 *
 * <p>At least once: a record delivered again, or records of one poll written in another order, change
 * nothing, because every write is decided by its {@code as_of} ({@link CustomerLinks}). A record that is
 * not a link (unreadable, a field refused, its key not its external_userid) goes to the dead-letter topic
 * with the reason; so does one whose writing still fails after {@code assist.kafka.delivery-attempts}.
 * Customer numbers are never logged: the reasons name fields, not values.
 */
public class KafkaCustomerLinkListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaCustomerLinkListener.class);
    public static final String ID = "assist-customer-links";

    private final CustomerLinks links;
    private final LinkFields fields;
    private final JsonMapper json;
    private final DeadLetters deadLetters;
    private final int attempts;
    private final Duration backoff;
    private final MeterRegistry meters;
    private final Clock clock;

    public KafkaCustomerLinkListener(CustomerLinks links, LinkFields fields, JsonMapper json, DeadLetters deadLetters,
                                     int attempts, Duration backoff, MeterRegistry meters, Clock clock) {
        this.links = links;
        this.fields = fields;
        this.json = json;
        this.deadLetters = deadLetters;
        this.attempts = attempts;
        this.backoff = backoff;
        this.meters = meters;
        this.clock = clock;
    }

    @KafkaListener(id = ID, topics = "${assist.customer-links.topic:assist.customer-links}",
            groupId = "${assist.customer-links.consumer-group:assist-customer-links}",
            properties = "auto.offset.reset=earliest")
    public Mono<Void> onLink(ConsumerRecord<String, String> record) {
        Mono<LinkOutcome> write;
        try {
            write = writeOf(record);
        } catch (RuntimeException e) {
            return deadLetter(record, "not a customer link: " + e.getMessage());
        }
        return write
                .doOnNext(outcome -> meters.counter("assist.customer_links.written", "source", "KAFKA",
                        "outcome", outcome.name()).increment())
                .retryWhen(Retry.backoff(attempts - 1L, backoff).jitter(0.5))
                .then()
                .onErrorResume(e -> deadLetter(record, "writing failed " + attempts + " times: "
                        + (e.getCause() != null ? e.getCause() : e)));
    }

    /** The write the record asks for (not yet subscribed). */
    private Mono<LinkOutcome> writeOf(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("no value (a removal is {\"external_userid\", \"as_of\", "
                    + "\"removed\": true}: without its time it cannot be ordered)");
        }
        JsonNode node = json.readTree(record.value());
        if (!node.isObject()) {
            throw new IllegalArgumentException("the value is not a JSON object");
        }
        String customer = LinkFields.externalUserId(text(node, "external_userid"));
        if (record.key() != null && !record.key().equals(customer)) {
            throw new IllegalArgumentException("the key is not the record's external_userid");
        }
        if (node.path("removed").asBoolean(false)) {
            var asOf = LinkFields.asOf(text(node, "as_of"), clock.instant());
            return Mono.defer(() -> links.remove(customer, asOf, CustomerLink.Source.KAFKA));
        }
        CustomerLink link = fields.link(customer, text(node, "customer_no"), text(node, "manager_userid"),
                text(node, "tier"), text(node, "as_of"), CustomerLink.Source.KAFKA, clock.instant());
        return Mono.defer(() -> links.upsert(link));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private Mono<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
        meters.counter("assist.customer_links.dead_letters").increment();
        log.warn("customer link record {}-{}@{} refused: {}", record.topic(), record.partition(), record.offset(),
                reason);
        return deadLetters.send(record, reason);
    }
}
