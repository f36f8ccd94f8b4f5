package com.wecomassist.audit.redis;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.error.AssistException;
import com.wecomassist.error.PermanentException;
import com.wecomassist.error.TransientException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each conversation's recent events in a Redis list (JSON, oldest first), so that any instance can
 * show a conversation's trail. Append, trim and expiry run in one script, so concurrent appends from
 * several instances stay bounded. Only a copy for reading: the durable trail is the Kafka topic
 * ({@link com.wecomassist.audit.kafka.KafkaAuditTrail}). Events about no conversation are not kept.
 */
public class RedisAuditTrail implements AuditTrail {

    private static final RedisScript<Long> APPEND = RedisScript.of("""
            redis.call('RPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """, Long.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final int maxPerConversation;
    private final Duration retention;

    public RedisAuditTrail(ReactiveStringRedisTemplate redis, String keyPrefix, int maxPerConversation,
                           Duration retention) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = keyPrefix + "audit:";
        this.maxPerConversation = maxPerConversation;
        this.retention = retention;
    }

    @Override
    public Mono<Void> record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (event.conversation() == null) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> JSON.writeValueAsString(event))
                .onErrorMap(e -> new PermanentException("audit event cannot be written as JSON: " + e.getMessage(), e))
                .flatMap(json -> redis.execute(APPEND, List.of(key(event.conversation())),
                        List.of(json, Integer.toString(maxPerConversation), Long.toString(retention.toMillis()))).then())
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

    private String key(String conversation) {
        return prefix + conversation;
    }
}
