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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
 * An update starts from the value this instance last saw when it has one (no read before the write;
 * the version check still decides), so a turn's writes cost one script call each.
 */
public class RedisConversationStore implements ConversationStore {

    // An absent key counts as version 0, the version of a fresh conversation. A conversation waiting
    // for a person (ARGV[4] = 1) is kept without expiry and listed in the index (scored by when it
    // started waiting), in the same atomic write: the list can never miss a handed-off conversation.
    // A conversation with an open 猜你想问 menu (ARGV[7] its deadline, else empty) is listed in a second
    // index scored by the deadline, in the same write, so no instance's lapse watch misses a menu.
    // An entry is removed from an index only when the value written over may be listed there (ARGV[8],
    // ARGV[9]: the value the change was based on waited for a person / had a menu, or was absent): the
    // version check makes that value the stored one, and most writes then cost no ZREM.
    // Answers "1" when written; otherwise the stored value ("" when absent), so that the retry needs no
    // read of its own.
    private static final RedisScript<String> COMPARE_AND_SET = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            local version = 0
            if current then
              version = tonumber(cjson.decode(current)['version'])
            end
            if version ~= tonumber(ARGV[1]) then
              return current or ''
            end
            if ARGV[4] == '1' then
              redis.call('SET', KEYS[1], ARGV[2])
              redis.call('ZADD', KEYS[2], ARGV[6], ARGV[5])
            else
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              if ARGV[8] == '1' then
                redis.call('ZREM', KEYS[2], ARGV[5])
              end
            end
            if ARGV[7] ~= '' then
              redis.call('ZADD', KEYS[3], ARGV[7], ARGV[5])
            elseif ARGV[9] == '1' then
              redis.call('ZREM', KEYS[3], ARGV[5])
            end
            return '1'
            """, String.class);

    /** The value and its entries in both indexes in one step: no index names a forgotten conversation. */
    private static final RedisScript<Long> ERASE = RedisScript.of("""
            local gone = redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            return gone
            """, Long.class);

    /** Conversations whose last value is remembered: about 200 bytes each. */
    private static final int REMEMBERED = 50_000;
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
    /**
     * The value this instance last read or wrote per conversation, with its stored JSON: the first
     * attempt's starting point ({@link #update}), and what a read that finds the same JSON answers
     * without parsing it again (most reads find what this instance wrote last: a turn reads its
     * conversation twice and writes it three times). Never answers {@link #get} by itself: a read
     * always asks Redis. Bounded by starting over when full: a value forgotten only costs its next
     * update a read and its next read a parse. (Not a Caffeine cache: its writes may park the thread
     * under contention, and this runs on the event loop.)
     */
    private final ConcurrentMap<String, Seen> lastSeen = new ConcurrentHashMap<>();

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
                .map(json -> parsed(key.id(), json))
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    lastSeen.remove(key.id());
                    return Conversation.fresh(key, clock.instant());
                }));
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
                .doOnNext(key -> lastSeen.remove(key.substring(prefix.length())))
                .concatMap(key -> redis.execute(ERASE, List.of(key, waitingIndex, menuIndex),
                        List.of(key.substring(prefix.length()))).next())
                .reduce(0L, Long::sum);
    }

    /**
     * The first attempt starts from the value this instance last read or wrote for the conversation,
     * when it has one, instead of reading it again: the turn's stages write one conversation several
     * times in a row, and the version check catches a value changed meanwhile (by another instance).
     * Such a remembered value only ever leads to a compare-and-set: if it is stale, the script answers
     * the stored value and the change is applied to that at once; if the change would be refused or
     * change nothing, the value is read before answering, so no refusal is based on a stale value.
     * A conflict's retry starts from the value the script answered, again without a read.
     */
    @Override
    public Mono<Transition> update(ConversationKey key, Function<Conversation, Transition> change) {
        return Mono.defer(() -> {
            Seen seen = lastSeen.get(key.id());
            AtomicReference<Conversation> next = new AtomicReference<>(seen == null ? null : seen.value());
            AtomicBoolean remembered = new AtomicBoolean(next.get() != null);
            Mono<Transition> attempt = Mono.defer(() -> {
                Conversation known = next.getAndSet(null);
                boolean fromMemory = remembered.getAndSet(false) && known != null;
                return (known != null ? Mono.just(known) : get(key))
                        .flatMap(current -> write(key, current, change, fromMemory, next));
            });
            return attempt.onErrorResume(StaleMemory.class, stale -> attempt)
                    .retryWhen(Retry.backoff(maxCasRetries, FIRST_BACKOFF).maxBackoff(MAX_BACKOFF).jitter(0.5)
                            .filter(VersionConflict.class::isInstance)
                            // Fail closed: after the last lost race the caller gets an error, never a blind overwrite.
                            .onRetryExhaustedThrow((spec, signal) -> new ConversationConflictException(key,
                                    maxCasRetries + 1)));
        });
    }

    /**
     * @param fromMemory {@code current} is the value remembered from before this update, not one just read
     * @param next       where a conflict leaves the stored value for the next attempt
     */
    private Mono<Transition> write(ConversationKey key, Conversation current, Function<Conversation, Transition> change,
                                   boolean fromMemory, AtomicReference<Conversation> next) {
        Transition transition = Objects.requireNonNull(change.apply(current), "the change returned null");
        Conversation changed = transition.conversation();
        if (!transition.allowed()) {
            return fromMemory ? Mono.error(StaleMemory.INSTANCE) : Mono.just(Transition.refused(current, transition.refusal()));
        }
        if (changed.equals(current)) {
            return fromMemory ? Mono.error(StaleMemory.INSTANCE) : Mono.just(transition);
        }
        if (!changed.key().equals(key)) {
            return Mono.error(new IllegalArgumentException("a change cannot move conversation " + key + " to " + changed.key()));
        }
        Conversation stored = changed.withVersion(current.version() + 1);
        boolean absent = current.version() == 0;
        String json = JSON.writeValueAsString(stored);
        return redis.execute(COMPARE_AND_SET, List.of(prefix + key.id(), waitingIndex, menuIndex),
                        List.of(Long.toString(current.version()), json, Long.toString(idleTtl.toMillis()),
                                stored.waitsForPerson() ? "1" : "0", key.id(),
                                Long.toString(waitingSince(stored).toEpochMilli()),
                                stored.menu() == null ? "" : Long.toString(stored.menu().expiresAt().toEpochMilli()),
                                absent || current.waitsForPerson() ? "1" : "0",
                                absent || current.menu() != null ? "1" : "0"))
                .next()
                .flatMap(answer -> {
                    if ("1".equals(answer)) {
                        return Mono.just(Transition.allowed(remember(stored, json)));
                    }
                    Conversation now = answer.isEmpty() ? Conversation.fresh(key, clock.instant())
                            : parsed(key.id(), answer);
                    if (answer.isEmpty()) {
                        lastSeen.remove(key.id());
                    }
                    next.set(now);
                    return Mono.error(fromMemory ? StaleMemory.INSTANCE : new VersionConflict());
                });
    }

    /** The stored JSON as a value: the one remembered when the JSON is the same, else parsed and remembered. */
    private Conversation parsed(String id, String json) {
        Seen seen = lastSeen.get(id);
        if (seen != null && seen.json().equals(json)) {
            return seen.value();
        }
        return remember(JSON.readValue(json, Conversation.class), json);
    }

    private Conversation remember(Conversation conversation, String json) {
        if (lastSeen.size() >= REMEMBERED) {
            lastSeen.clear();
        }
        lastSeen.put(conversation.key().id(), new Seen(conversation, json));
        return conversation;
    }

    /** A conversation's value and the JSON it is stored as (Conversation is immutable: sharing it is safe). */
    private record Seen(Conversation value, String json) {
    }

    private static Instant waitingSince(Conversation conversation) {
        return conversation.handOff() != null ? conversation.handOff().since() : conversation.updatedAt();
    }

    /**
     * The remembered value was not the stored one (or cannot decide the change): tried again at once from
     * the stored value, not counted as a lost race. Only ever seen by the update, hence no stack trace.
     */
    private static final class StaleMemory extends RuntimeException {
        static final StaleMemory INSTANCE = new StaleMemory();

        private StaleMemory() {
            super("remembered value is stale", null, false, false);
        }
    }

    /** Another writer got there first; only ever seen by the retry, hence no stack trace. */
    private static final class VersionConflict extends RuntimeException {
        VersionConflict() {
            super("version conflict", null, false, false);
        }
    }
}
