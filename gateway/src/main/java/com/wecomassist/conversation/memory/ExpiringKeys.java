package com.wecomassist.conversation.memory;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of keys that each expire after their own time to live, for the embedded mode's once-marks and
 * replay guard, holding at most {@code maxKeys}: when full, the key added longest ago goes first.
 *
 * <p>Why a bound: the marks live 72 h (a reply's sent mark, a pulled message's handled mark), about 1.5 per
 * reply at ~150 bytes each, so an unbounded set grew by ~70 KB/s at 300 replies/s (a 1 GB heap full within
 * hours; GC working harder on every reply meanwhile: issue 21). In one process the marks that matter are the
 * recent ones — a message pulled twice, a reply retried — and a restart forgets them all anyway; the cluster
 * mode keeps them in Redis. Keys are dropped in the order they were added (first in, first out), never by a
 * frequency guess: a mark just added must still be there seconds later (Caffeine's size bound may refuse a
 * new key in favour of older ones, which is why it is not used here). A key dropped before its time is
 * counted and logged.
 *
 * <p>Thread-safe: one short critical section per call, nothing that parks a thread for long, so it is safe
 * on an event loop.
 */
public final class ExpiringKeys {

    /** ≈ 75 MB of keys at most; at 1.5 marks a reply, the last 330,000 replies' marks. */
    public static final int DEFAULT_MAX_KEYS = 500_000;

    private static final Logger log = LoggerFactory.getLogger(ExpiringKeys.class);
    private static final long LOG_EVERY_NANOS = Duration.ofMinutes(10).toNanos();

    private final String what;
    private final String droppedMeans;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    /** Key → the System.nanoTime at which it expires, in the order the keys were added. */
    private final LinkedHashMap<String, Long> expiries = new LinkedHashMap<>();
    private long droppedEarly;
    private long lastLogged;
    private boolean logged;

    /**
     * @param what         what the keys are, for the warning ("once-marks")
     * @param droppedMeans what a key forgotten before its time lets happen, for the warning
     */
    public ExpiringKeys(String what, String droppedMeans) {
        this(what, droppedMeans, DEFAULT_MAX_KEYS, System::nanoTime);
    }

    ExpiringKeys(String what, String droppedMeans, int maxKeys, LongSupplier nanoTime) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("keep at least one key");
        }
        this.what = what;
        this.droppedMeans = droppedMeans;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    /** Adds the key; true when it was absent (or had expired). */
    public boolean add(String key, Duration ttl) {
        long now = nanoTime.getAsLong();
        synchronized (expiries) {
            Long expiry = expiries.get(key);
            if (expiry != null && expiry - now > 0) {
                return false;
            }
            if (expiry != null) {
                expiries.remove(key); // expired: added again at the end, in order
            }
            forgetExpired(now);
            expiries.put(key, now + ttl.toNanos());
            if (expiries.size() > maxKeys) {
                Iterator<Map.Entry<String, Long>> oldest = expiries.entrySet().iterator();
                oldest.next();
                oldest.remove();
                droppedEarly(now);
            }
            return true;
        }
    }

    /** True when the key was added and has not expired or been removed since. */
    public boolean contains(String key) {
        long now = nanoTime.getAsLong();
        synchronized (expiries) {
            Long expiry = expiries.get(key);
            return expiry != null && expiry - now > 0;
        }
    }

    public void remove(String key) {
        synchronized (expiries) {
            expiries.remove(key);
        }
    }

    /** How many keys are held (expired ones not yet forgotten included). */
    int size() {
        synchronized (expiries) {
            return expiries.size();
        }
    }

    /** How many keys were dropped before their time because the set was full. */
    long droppedEarly() {
        synchronized (expiries) {
            return droppedEarly;
        }
    }

    /**
     * Forgets expired keys from the oldest on, stopping at the first that has not expired: with keys of
     * different lifetimes a short-lived one may wait behind a longer-lived one, which the bound still covers.
     */
    private void forgetExpired(long now) {
        Iterator<Long> oldest = expiries.values().iterator();
        while (oldest.hasNext() && oldest.next() - now <= 0) {
            oldest.remove();
        }
    }

    private void droppedEarly(long now) {
        droppedEarly++;
        if (!logged || now - lastLogged >= LOG_EVERY_NANOS) {
            logged = true;
            lastLogged = now;
            log.warn("{} {} held (the most this in-memory set keeps): the oldest are forgotten before their time "
                    + "({} so far); {}. Run in cluster mode (Redis keeps every key for its time) if that matters at "
                    + "this volume.", maxKeys, what, droppedEarly, droppedMeans);
        }
    }
}
