package com.wecomassist.conversation.redis;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * The expiry of a per-conversation list that grows by RPUSH (the history, the audit copy), kept
 * {@code ttl} after its last push without a PEXPIRE after every push. It is set when a push created
 * the list (a new, expired or erased conversation: the list's length is what was just pushed), and
 * otherwise only when this instance has not set it on that key for {@link #renewEvery}: so a list
 * expires between {@code ttl - renewEvery} and {@code ttl} after its last push. A conversation's turns
 * come seconds apart, so most pushes cost the RPUSH alone (one command instead of a script call with
 * RPUSH and PEXPIRE inside: three, as the server counts them).
 *
 * <p>Not atomic with the push: a process that stops between the RPUSH that created a list and the
 * PEXPIRE leaves a list without expiry until a later push renews it (a push from an instance that
 * has no renewal of that key on record, or one {@code renewEvery} later). The list stays bounded by
 * its trim and is found by erasure like any other.
 */
public final class ListExpiry {

    /** Longest wait between two renewals of one key from one instance (a conversation is minutes long). */
    private static final Duration MAX_RENEW_EVERY = Duration.ofMinutes(1);
    /** Keys whose last renewal is remembered: about 100 bytes each. */
    private static final int REMEMBERED = 50_000;

    private final ReactiveStringRedisTemplate redis;
    private final Duration ttl;
    private final long renewEveryNanos;
    /**
     * When (System.nanoTime, taken before asking) this instance last set each key's expiry. Bounded by
     * starting over when full: a key forgotten only costs its next push a PEXPIRE. (Not a Caffeine
     * cache: its writes may park the thread under contention, and this runs on the event loop.)
     */
    private final ConcurrentMap<String, Long> renewedAt = new ConcurrentHashMap<>();

    public ListExpiry(ReactiveStringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
        Duration tenth = ttl.dividedBy(10);
        this.renewEveryNanos = (tenth.compareTo(MAX_RENEW_EVERY) < 0 ? tenth : MAX_RENEW_EVERY).toNanos();
    }

    /** How often at most one instance renews one key's expiry: a tenth of the ttl, at most a minute. */
    public Duration renewEvery() {
        return Duration.ofNanos(renewEveryNanos);
    }

    /**
     * To be called with what the RPUSH answered.
     *
     * @param length the list's length after the push
     * @param pushed how many values the push added
     */
    public Mono<Void> pushed(String key, long length, int pushed) {
        long now = System.nanoTime();
        Long last = renewedAt.get(key);
        boolean created = length <= pushed;
        if (!created && last != null && now - last < renewEveryNanos) {
            return Mono.empty();
        }
        return redis.expire(key, ttl)
                .doOnSuccess(set -> remember(key, now))
                // not known to be set: the next push tries again
                .doOnError(e -> renewedAt.remove(key))
                .then();
    }

    private void remember(String key, long at) {
        if (renewedAt.size() >= REMEMBERED) {
            renewedAt.clear();
        }
        renewedAt.put(key, at);
    }
}
