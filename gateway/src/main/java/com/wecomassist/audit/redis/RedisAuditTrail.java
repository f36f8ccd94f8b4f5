package com.wecomassist.audit.redis;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditSkeleton;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.redis.CustomerKeys;
import com.wecomassist.conversation.redis.ListExpiry;
import com.wecomassist.error.AssistException;
import com.wecomassist.error.PermanentException;
import com.wecomassist.error.TransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each conversation's recent events in a Redis list (JSON, oldest first), so that any instance can
 * show a conversation's trail. An append is one RPUSH of the events; the instance whose push made the
 * list too long trims it (so concurrent appends from several instances stay bounded), and the
 * retention is renewed as {@link ListExpiry} says, not with every append. Only a copy for reading:
 * the durable trail is the Kafka topic ({@link com.wecomassist.audit.kafka.KafkaAuditTrail}). Events
 * about no conversation are not kept.
 */
public class RedisAuditTrail implements AuditTrail {

    /** ARGV: pairs of an event's stored JSON and its skeleton's; each found is replaced where it is. */
    private static final RedisScript<Long> REDACT = RedisScript.of("""
            local skeletons = {}
            for i = 1, #ARGV, 2 do skeletons[ARGV[i]] = ARGV[i + 1] end
            local changed = 0
            for i, json in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
              local skeleton = skeletons[json]
              if skeleton then
                redis.call('LSET', KEYS[1], i - 1, skeleton)
                changed = changed + 1
              end
            end
            return changed
            """, Long.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final int maxPerConversation;
    private final ListExpiry expiry;

    public RedisAuditTrail(ReactiveStringRedisTemplate redis, String keyPrefix, int maxPerConversation,
                           Duration retention) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = keyPrefix + "audit:";
        this.maxPerConversation = maxPerConversation;
        this.expiry = new ListExpiry(redis, retention);
    }

    @Override
    public Mono<Void> record(AuditEvent event) {
        return recordAll(List.of(Objects.requireNonNull(event, "event")));
    }

    /** One push per run of events about the same conversation (usually one for the whole batch). */
    @Override
    public Mono<Void> recordAll(List<AuditEvent> events) {
        return Mono.fromCallable(() -> asJson(events))
                .onErrorMap(e -> new PermanentException("audit event cannot be written as JSON: " + e.getMessage(), e))
                .flatMap(written -> recordAllWritten(events, written));
    }

    /**
     * Each event as the JSON it is kept as: a plain mapper's, not the application's ({@code spring.jackson.*}
     * must not change what the bank's systems read on the topic); instants as ISO-8601 strings.
     */
    public static List<String> asJson(List<AuditEvent> events) {
        List<String> written = new ArrayList<>(events.size());
        for (AuditEvent event : events) {
            written.add(JSON.writeValueAsString(event));
        }
        return written;
    }

    /**
     * As {@link #recordAll}, with each event's JSON already written ({@code written.get(i)} is
     * {@code events.get(i)}'s, by {@link #asJson}): the durable trail writes it once for both.
     */
    public Mono<Void> recordAllWritten(List<AuditEvent> events, List<String> written) {
        if (events.size() != written.size()) {
            return Mono.error(new IllegalArgumentException("one JSON text per event: " + events.size() + " events, "
                    + written.size() + " texts"));
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String conversation = events.get(i).conversation();
            if (conversation == null) {
                continue;
            }
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last == null || !last.conversation().equals(conversation)) {
                last = new Run(conversation, new ArrayList<>());
                runs.add(last);
            }
            last.values().add(written.get(i));
        }
        return Flux.fromIterable(runs).concatMap(run -> append(key(run.conversation()), run.values())).then();
    }

    /** Events in a row about one conversation: one push. */
    private record Run(String conversation, List<String> values) {
    }

    private Mono<Void> append(String key, List<String> values) {
        return redis.opsForList().rightPushAll(key, values)
                .flatMap(length -> Mono.when(
                        length > maxPerConversation ? redis.opsForList().trim(key, -maxPerConversation, -1) : Mono.empty(),
                        expiry.pushed(key, length, values.size())))
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("audit event not kept in Redis: " + e.getMessage(), e));
    }

    @Override
    public Flux<AuditEvent> ofConversation(String conversation, int limit) {
        if (conversation == null || conversation.isBlank()) {
            return Flux.error(new IllegalArgumentException("name the conversation"));
        }
        if (limit < 1) {
            return Flux.empty();
        }
        return redis.opsForList().range(key(conversation), -limit, -1)
                .map(json -> JSON.readValue(json, AuditEvent.class))
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("audit trail not read from Redis: " + e.getMessage(), e));
    }

    @Override
    public Flux<AuditEvent> forCustomer(String externalUserId) {
        return CustomerKeys.of(redis, prefix, externalUserId)
                .sort()
                .concatMap(key -> redis.opsForList().range(key, 0, -1))
                .map(json -> JSON.readValue(json, AuditEvent.class))
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("audit trail not read from Redis: " + e.getMessage(), e));
    }

    /**
     * Per conversation: the list is read, each event with text gets its skeleton, and one script puts
     * each skeleton where its event still is (found by its stored JSON, so events appended or trimmed
     * meanwhile are no matter; the list's expiry stays as it was).
     */
    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return CustomerKeys.of(redis, prefix, externalUserId)
                .concatMap(key -> redis.opsForList().range(key, 0, -1)
                        .concatMapIterable(json -> {
                            AuditEvent event = JSON.readValue(json, AuditEvent.class);
                            AuditEvent skeleton = AuditSkeleton.of(event);
                            return skeleton == event ? List.<String>of() : List.of(json, JSON.writeValueAsString(skeleton));
                        })
                        .collectList()
                        .flatMap(pairs -> pairs.isEmpty() ? Mono.just(0L)
                                : redis.execute(REDACT, List.of(key), pairs).next()))
                .reduce(0L, Long::sum)
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("audit trail not redacted in Redis: " + e.getMessage(), e));
    }

    private String key(String conversation) {
        return prefix + conversation;
    }
}
