package com.wecomassist.conversation.redis;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationConflictException;
import com.wecomassist.conversation.ConversationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import com.wecomassist.conversation.Transition;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.domain.Range;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster-mode conversation state: one JSON string per conversation. A write compares the stored
 * version with the one the change was based on inside a Lua script and sets the value only when
 * they match, so instances never overwrite each other; on a mismatch the update reads again and
 * retries with a short jittered backoff. Every write renews the idle expiry; a conversation waiting
 * for a person has none and is listed in a sorted set (the waiting index) written by the same script.
 */
public class RedisConversationStore implements ConversationStore {

    // An absent key counts as version 0, the version of a fresh conversation. A conversation waiting
    // for a person (ARGV[4] = 1) is kept without expiry and listed in the index (scored by when it
    // started waiting), in the same atomic write: the list can never miss a handed-off conversation.
    // A conversation with an open 猜你想问 menu (ARGV[7] its deadline, else empty) is listed in a second
    // index scored by the deadline, in the same write, so no instance's lapse watch misses a menu.
    private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            local version = 0
            if current then
              version = tonumber(cjson.decode(current)['version'])
            end
            if version ~= tonumber(ARGV[1]) then
              return 0
            end
            if ARGV[4] == '1' then
              redis.call('SET', KEYS[1], ARGV[2])
              redis.call('ZADD', KEYS[2], ARGV[6], ARGV[5])
            else
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              redis.call('ZREM', KEYS[2], ARGV[5])
            end
            if ARGV[7] ~= '' then
              redis.call('ZADD', KEYS[3], ARGV[7], ARGV[5])
            else
              redis.call('ZREM', KEYS[3], ARGV[5])
            end
            return 1
            """, Long.class);

    /** The value and its entries in both indexes in one step: no index names a forgotten conversation. */
    private static final RedisScript<Long> ERASE = RedisScript.of("""
            local gone = redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            return gone
            """, Long.class);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(5);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(100);

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final String waitingIndex;
    private final String menuIndex;
    private final Duration idleTtl;
    private final int maxCasRetries;
    private final Clock clock;

    public RedisConversationStore(ReactiveStringRedisTemplate redis, String keyPrefix, Duration idleTtl,
                                  int maxCasRetries, Clock clock) {
        this.redis = redis;
        this.prefix = keyPrefix + "session:conversation:";
        this.waitingIndex = keyPrefix + "session:waiting-for-person";
        this.menuIndex = keyPrefix + "session:menus-open";
        this.idleTtl = idleTtl;
        this.maxCasRetries = maxCasRetries;
        this.clock = clock;
    }

    @Override
    public Mono<Conversation> get(ConversationKey key) {
        return redis.opsForValue().get(prefix + key.id())
                .map(json -> JSON.readValue(json, Conversation.class))
                .switchIfEmpty(Mono.fromSupplier(() -> Conversation.fresh(key, clock.instant())));
    }

    @Override
    public Flux<Conversation> waiting() {
        return redis.opsForZSet().range(waitingIndex, Range.unbounded())
                .map(id -> prefix + id)
                .collectList()
                .flatMapMany(keys -> keys.isEmpty() ? Flux.empty() : redis.opsForValue().multiGet(keys)
                        // a value removed by hand leaves its id in the index: skipped (absent values read as null)
                        .flatMapIterable(values -> values.stream().filter(Objects::nonNull).toList()))
                .map(json -> JSON.readValue(json, Conversation.class))
                .filter(Conversation::waitsForPerson)
                .sort(WAITING_ORDER);
    }

    @Override
    public Flux<Conversation> menusLapsed(Instant now) {
        return redis.opsForZSet().rangeByScore(menuIndex, Range.closed(0.0, (double) now.toEpochMilli()))
                .map(id -> prefix + id)
                .collectList()
                .flatMapMany(keys -> keys.isEmpty() ? Flux.empty() : redis.opsForValue().multiGet(keys)
                        // an expired or removed value leaves its id in the index: skipped
                        .flatMapIterable(values -> values.stream().filter(Objects::nonNull).toList()))
                .map(json -> JSON.readValue(json, Conversation.class))
                .filter(c -> c.menu() != null && c.menu().lapsedAt(now))
                .sort(java.util.Comparator.comparing(c -> c.menu().expiresAt()));
    }

    @Override
    public Flux<Conversation> forCustomer(String externalUserId) {
        return CustomerKeys.of(redis, prefix, externalUserId)
                .concatMap(key -> redis.opsForValue().get(key))
                .map(json -> JSON.readValue(json, Conversation.class))
                .sort(java.util.Comparator.comparing(c -> c.key().id()));
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return CustomerKeys.of(redis, prefix, externalUserId)
                .concatMap(key -> redis.execute(ERASE, List.of(key, waitingIndex, menuIndex),
                        List.of(key.substring(prefix.length()))).next())
                .reduce(0L, Long::sum);
    }

    @Override
    public Mono<Transition> update(ConversationKey key, Function<Conversation, Transition> change) {
        return Mono.defer(() -> get(key).flatMap(current -> write(key, current, change)))
                .retryWhen(Retry.backoff(maxCasRetries, FIRST_BACKOFF).maxBackoff(MAX_BACKOFF).jitter(0.5)
                        .filter(VersionConflict.class::isInstance)
                        // Fail closed: after the last lost race the caller gets an error, never a blind overwrite.
                        .onRetryExhaustedThrow((spec, signal) -> new ConversationConflictException(key, maxCasRetries + 1)));
    }

    private Mono<Transition> write(ConversationKey key, Conversation current, Function<Conversation, Transition> change) {
        Transition transition = Objects.requireNonNull(change.apply(current), "the change returned null");
        Conversation next = transition.conversation();
        if (!transition.allowed()) {
            return Mono.just(Transition.refused(current, transition.refusal()));
        }
        if (next.equals(current)) {
            return Mono.just(transition);
        }
        if (!next.key().equals(key)) {
            return Mono.error(new IllegalArgumentException("a change cannot move conversation " + key + " to " + next.key()));
        }
        Conversation stored = next.withVersion(current.version() + 1);
        return Mono.fromCallable(() -> JSON.writeValueAsString(stored))
                .flatMap(json -> redis.execute(COMPARE_AND_SET, List.of(prefix + key.id(), waitingIndex, menuIndex),
                        List.of(Long.toString(current.version()), json, Long.toString(idleTtl.toMillis()),
                                stored.waitsForPerson() ? "1" : "0", key.id(),
                                Long.toString(waitingSince(stored).toEpochMilli()),
                                stored.menu() == null ? "" : Long.toString(stored.menu().expiresAt().toEpochMilli())))
                        .next())
                .flatMap(written -> written == 1L ? Mono.just(Transition.allowed(stored))
                        : Mono.error(new VersionConflict()));
    }

    private static Instant waitingSince(Conversation conversation) {
        return conversation.handOff() != null ? conversation.handOff().since() : conversation.updatedAt();
    }

    /** Another writer got there first; only ever seen by the retry, hence no stack trace. */
    private static final class VersionConflict extends RuntimeException {
        VersionConflict() {
            super("version conflict", null, false, false);
        }
    }
}
