package com.wecomassist.knowledge.kafka;

import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.kb.entry.EntryChange;
import com.wecomassist.knowledge.KnowledgeBaseAccess;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the whole changes topic, from the beginning, in a consumer group of this instance's own
 * (every instance must see every change), and applies each change to the local knowledge base on
 * its scheduler. Applying is idempotent by version, so this instance's own changes coming back,
 * redeliveries and records of one poll applied out of order are all harmless.
 *
 * <p>A record that is not a change at all is written to the dead-letter topic with the reason and
 * skipped; so is one whose applying still fails after the configured attempts (logged as an error:
 * this instance then misses that version until the entry changes again).
 */
public class KafkaKbChangeListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaKbChangeListener.class);
    public static final String LISTENER_ID = "assist-kb-changes";

    private final KnowledgeBaseAccess access;
    private final EntryChangeJson json;
    private final DeadLetters deadLetters;
    private final String groupId;
    private final int attempts;
    private final Duration backoff;
    private final MeterRegistry meters;

    public KafkaKbChangeListener(KnowledgeBaseAccess access, JsonMapper json, DeadLetters deadLetters,
                                 String groupId, int attempts, Duration backoff, MeterRegistry meters) {
        this.access = access;
        this.json = new EntryChangeJson(json);
        this.deadLetters = deadLetters;
        this.groupId = groupId;
        this.attempts = attempts;
        this.backoff = backoff;
        this.meters = meters;
    }

    /** This instance's own consumer group (read by the listener annotation). */
    public String getGroupId() {
        return groupId;
    }

    @KafkaListener(id = LISTENER_ID, topics = "${assist.kb.changes-topic:assist.kb-changes}",
            groupId = "#{__listener.groupId}", properties = "auto.offset.reset=earliest")
    public Mono<Void> onChange(ConsumerRecord<String, String> record) {
        EntryChange change;
        try {
            change = json.read(record.value());
            if (record.key() != null && !record.key().equals(change.entryId())) {
                throw new IllegalArgumentException("key " + record.key() + " is not the entry id " + change.entryId());
            }
        } catch (RuntimeException e) {
            return deadLetter(record, "not a knowledge-base change: " + e.getMessage());
        }
        return access.call(kb -> kb.apply(change))
                .doOnNext(applied -> {
                    if (applied) {
                        meters.counter("assist.kb.changes_applied").increment();
                        log.debug("applied knowledge-base change {}@{}", change.entryId(), change.version());
                    }
                })
                .retryWhen(Retry.backoff(attempts - 1L, backoff).jitter(0.5))
                .then()
                .onErrorResume(e -> deadLetter(record, "applying failed " + attempts + " times: "
                        + (e.getCause() != null ? e.getCause() : e)));
    }

    private Mono<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
        meters.counter("assist.kb.dead_letters").increment();
        return deadLetters.send(record, reason);
    }
}
