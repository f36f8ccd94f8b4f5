package com.wecomassist.inbound.wecom;

import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.KfSyncLock;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.inbound.SyncCursorStore;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Pulls 微信客服 messages after a {@code kf_msg_or_event} callback. One loop per open_kfid at a time
 * (a lock that also holds across instances); callbacks that arrive while a loop runs are folded
 * into one more round. Each round pages through kf/sync_msg while {@code has_more}, hands every
 * new message on, and stores {@code next_cursor} only after the page's messages were taken.
 */
final class KfSyncLoop {

    private static final Logger log = LoggerFactory.getLogger(KfSyncLoop.class);
    private static final Duration LOCK_LEASE = Duration.ofMinutes(2);
    /** Conversations of one page handed on at the same time (each one's messages stay in order). */
    static final int CONVERSATIONS_AT_ONCE = 64;

    /** What one open_kfid's loop has to do next. Guarded by the map's per-key lock. */
    private static final class Account {
        String latestToken;
        boolean requested;
        boolean running;
        int failedRounds;
    }

    /** Re-pulls after a failed round at most this often in a row; then the next callback decides. */
    static final int MAX_RETRY_ROUNDS = 3;

    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final String owner = "gateway-" + UUID.randomUUID();
    private final WecomApiClient api;
    private final SyncCursorStore cursors;
    private final OnceMarks dedupe;
    private final KfSyncLock lock;
    private final InboundHandOff handOff;
    private final KfMessageMapper mapper = new KfMessageMapper();
    private final WecomProperties settings;
    private final MeterRegistry meters;
    private final Duration lockRetryDelay;
    private final int lockRetries;

    KfSyncLoop(WecomApiClient api, SyncCursorStore cursors, OnceMarks dedupe, KfSyncLock lock,
               InboundHandOff handOff, WecomProperties settings, MeterRegistry meters) {
        this(api, cursors, dedupe, lock, handOff, settings, meters, Duration.ofSeconds(1), 10);
    }

    KfSyncLoop(WecomApiClient api, SyncCursorStore cursors, OnceMarks dedupe, KfSyncLock lock,
               InboundHandOff handOff, WecomProperties settings, MeterRegistry meters,
               Duration lockRetryDelay, int lockRetries) {
        this.api = api;
        this.cursors = cursors;
        this.dedupe = dedupe;
        this.lock = lock;
        this.handOff = handOff;
        this.settings = settings;
        this.meters = meters;
        this.lockRetryDelay = lockRetryDelay;
        this.lockRetries = lockRetries;
    }

    /** Asks for a sync of this account; returns at once (the callback must be acked in milliseconds). */
    void request(String openKfId, String callbackToken) {
        if (closed) {
            return; // shutting down: the messages stay at WeCom for the next instance or start
        }
        boolean[] start = {false};
        accounts.compute(openKfId, (id, account) -> {
            Account a = account == null ? new Account() : account;
            if (callbackToken != null && !callbackToken.isEmpty()) {
                a.latestToken = callbackToken;
            }
            a.requested = true;
            if (!a.running) {
                a.running = true;
                start[0] = true;
            }
            return a;
        });
        if (start[0]) {
            nextRound(openKfId);
        }
    }

    /** Stops starting rounds (and scheduled retries) when the gateway shuts down. */
    public void close() {
        closed = true;
    }

    private void nextRound(String openKfId) {
        String[] token = {null};
        boolean[] go = {false};
        accounts.computeIfPresent(openKfId, (id, a) -> {
            if (a.requested && !closed) {
                a.requested = false;
                token[0] = a.latestToken;
                go[0] = true;
            } else {
                a.running = false;
            }
            return a;
        });
        if (!go[0]) {
            return;
        }
        withLock(openKfId, syncAll(openKfId, token[0]))
                .doOnSuccess(v -> accounts.computeIfPresent(openKfId, (id, a) -> {
                    a.failedRounds = 0;
                    return a;
                }))
                .doOnError(e -> onFailedRound(openKfId, token[0], e))
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> nextRound(openKfId))
                .subscribe();
    }

    /** The messages stay at WeCom (the cursor did not move): pull again a little later. */
    private void onFailedRound(String openKfId, String token, Throwable e) {
        meters.counter("assist.kf.sync.failures").increment();
        int[] failed = {0};
        accounts.computeIfPresent(openKfId, (id, a) -> {
            failed[0] = ++a.failedRounds;
            return a;
        });
        if (failed[0] <= MAX_RETRY_ROUNDS) {
            log.warn("sync of {} failed (round {} in a row), pulling again in {}: {}", openKfId, failed[0],
                    settings.syncRetryDelay(), e.toString());
            if (!(e instanceof com.wecomassist.wecom.WecomApiException)) {
                log.debug("sync failure detail", e); // WeCom errors say all in their errcode; others need the trace
            }
            Mono.delay(settings.syncRetryDelay()).subscribe(tick -> request(openKfId, token));
        } else {
            log.error("sync of {} failed {} rounds in a row; waiting for the next callback: {}", openKfId,
                    failed[0], e.toString());
        }
    }

    /** Runs the work under the account's lock; if another instance holds it, waits and tries again. */
    private Mono<Void> withLock(String openKfId, Mono<Void> work) {
        return lock.tryAcquire(openKfId, owner, LOCK_LEASE)
                .flatMap(acquired -> {
                    if (!acquired) {
                        return Mono.error(new LockBusy());
                    }
                    return work.then(lock.release(openKfId, owner))
                            .onErrorResume(e -> lock.release(openKfId, owner).then(Mono.error(e)));
                })
                // The holder may finish without seeing this callback's messages: try again shortly.
                .retryWhen(reactor.util.retry.Retry.fixedDelay(lockRetries, lockRetryDelay)
                        .filter(LockBusy.class::isInstance))
                .onErrorResume(e -> e.getCause() instanceof LockBusy || e instanceof LockBusy,
                        e -> {
                            log.info("sync of {} left to the instance holding its lock", openKfId);
                            return Mono.empty();
                        });
    }

    private Mono<Void> syncAll(String openKfId, String token) {
        return cursors.cursor(openKfId).defaultIfEmpty("")
                .flatMap(cursor -> page(openKfId, cursor, token));
    }

    private Mono<Void> page(String openKfId, String cursor, String token) {
        return api.syncMessages(openKfId, cursor, token, settings.syncPageSize())
                .flatMap(answer -> {
                    JsonNode list = answer.path("msg_list");
                    String next = answer.path("next_cursor").asString("");
                    boolean more = answer.path("has_more").asInt(0) == 1;
                    return takeAll(list)
                            .then(next.isEmpty() ? Mono.empty() : cursors.save(openKfId, next))
                            .then(Mono.defer(() -> more && !next.isEmpty()
                                    // renew the lease before each further page of a long backlog
                                    ? lock.tryAcquire(openKfId, owner, LOCK_LEASE)
                                            .flatMap(held -> held ? page(openKfId, next, token)
                                                    : Mono.error(new IllegalStateException("lost the sync lock")))
                                    : Mono.empty()));
                });
    }

    /**
     * Hands on one page's messages: each conversation's in the order WeCom gave them, one after the
     * other (its order is what the pipeline answers in), different conversations at the same time.
     * In cluster mode each message costs a Redis round trip and a Kafka write acknowledged by the
     * broker; one after another, a page of a few hundred messages took seconds, and every customer
     * behind it waited (profiled in the cluster load test).
     */
    private Mono<Void> takeAll(JsonNode list) {
        Map<String, List<InboundMessage>> byConversation = new LinkedHashMap<>();
        for (JsonNode item : list) {
            InboundMessage message = mapper.map(item).orElse(null);
            if (message == null) {
                meters.counter("assist.kf.sync.skipped").increment();
                continue;
            }
            byConversation.computeIfAbsent(message.conversation().id(), k -> new ArrayList<>()).add(message);
        }
        return Flux.fromIterable(byConversation.values())
                .flatMap(messages -> Flux.fromIterable(messages).concatMap(this::take), CONVERSATIONS_AT_ONCE)
                .then();
    }

    private Mono<Void> take(InboundMessage message) {
        return dedupe.mark(message.messageId(), settings.dedupeTtl())
                .flatMap(first -> {
                    if (!first) {
                        meters.counter("assist.kf.sync.duplicates").increment();
                        return Mono.empty();
                    }
                    return handOff.handOn(message)
                            .doOnSuccess(v -> meters.counter("assist.inbound.messages",
                                    "origin", message.origin().name(), "kind", message.kind().name()).increment())
                            // Not taken: forget the id so that the next sync delivers it again.
                            .onErrorResume(e -> dedupe.unmark(message.messageId()).then(Mono.error(e)));
                });
    }

    private static final class LockBusy extends RuntimeException {
        LockBusy() {
            super("sync lock held elsewhere", null, false, false);
        }
    }
}
