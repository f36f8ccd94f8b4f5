package com.wecomassist.knowledge.kafka;

import com.wecomassist.cluster.KafkaWrites;
import com.wecomassist.error.TransientException;
import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryChange;
import com.wecomassist.knowledge.KbChangeBus;
import com.wecomassist.knowledge.KnowledgeBaseAccess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster mode's bus: each change is written to the compacted changes topic, keyed by entry id
 * (one partition per entry, so its versions stay in order and compaction keeps the latest), and
 * counts as published once the brokers acknowledged it.
 *
 * <p>A change Kafka does not acknowledge within the publish timeout is remembered by entry id and,
 * every resend interval, the entry's <em>current</em> served state is sent again until Kafka takes
 * it. Sending the current state rather than the old change means a late resend can never leave an
 * older version last on the compacted topic. What is still unsent when the instance stops is
 * logged as an error by id: it is saved here but the other instances miss it until it is edited again.
 */
public class KafkaKbChangeBus implements KbChangeBus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaKbChangeBus.class);

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final Duration timeout;
    private final KnowledgeBaseAccess access;
    private final EntryChangeJson json;
    private final Set<String> unsent = ConcurrentHashMap.newKeySet();
    private final Disposable resender;

    public KafkaKbChangeBus(KafkaTemplate<String, String> kafka, String topic, Duration timeout,
                            Duration resendInterval, KnowledgeBaseAccess access, JsonMapper json) {
        this.kafka = kafka;
        this.topic = topic;
        this.timeout = timeout;
        this.access = access;
        this.json = new EntryChangeJson(json);
        this.resender = Flux.interval(resendInterval, resendInterval)
                .filter(tick -> !unsent.isEmpty())
                .concatMap(tick -> resend().onErrorResume(e -> Mono.empty()))
                .subscribe();
    }

    @Override
    public Mono<Void> publish(List<EntryChange> changes) {
        if (changes.isEmpty()) {
            return Mono.empty();
        }
        return send(changes);
    }

    /** Entries whose change Kafka has not acknowledged yet (re-sent in the background). */
    public Set<String> unsent() {
        return Set.copyOf(unsent);
    }

    private Mono<Void> send(List<EntryChange> changes) {
        return Mono.fromCallable(() -> changes.stream()
                        .map(change -> new KafkaWrites.Keyed(change.entryId(), json.write(change))).toList())
                .flatMap(records -> KafkaWrites.sendAll(kafka, topic, records))
                .timeout(timeout)
                .doOnError(e -> {
                    changes.forEach(c -> unsent.add(c.entryId()));
                    log.warn("knowledge-base changes {} not acknowledged by Kafka, re-sent every while: {}",
                            changes.stream().map(c -> c.entryId() + "@" + c.version()).toList(), e.toString());
                })
                .onErrorMap(e -> new TransientException("not acknowledged by Kafka within " + timeout + ": "
                        + e.getMessage(), e))
                .then();
    }

    private Mono<Void> resend() {
        List<String> ids = List.copyOf(unsent);
        unsent.removeAll(ids);
        return access.call(kb -> ids.stream().map(id -> current(kb, id)).flatMap(Optional::stream).toList())
                .doOnError(e -> unsent.addAll(ids))
                .flatMap(changes -> send(changes)
                        .doOnSuccess(v -> log.info("knowledge-base changes re-sent to Kafka: {}", ids)));
    }

    /** What this instance serves for the entry now, as a change (a removal when nothing is served). */
    private static Optional<EntryChange> current(KnowledgeBase kb, String id) {
        Optional<Entry> served = kb.served(id);
        if (served.isPresent()) {
            return served.map(EntryChange::upsert);
        }
        return kb.latest(id).map(latest -> EntryChange.delete(id, latest.version()));
    }

    @Override
    public void close() {
        resender.dispose();
        if (!unsent.isEmpty()) {
            log.error("stopping with knowledge-base entries whose changes Kafka never acknowledged: {}. They are "
                    + "saved on this instance only; edit them again to replicate them.", unsent);
        }
    }
}
