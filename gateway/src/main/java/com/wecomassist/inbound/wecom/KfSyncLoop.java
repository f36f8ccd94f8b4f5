package com.wecomassist.inbound.wecom;

import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.KfSyncLock;
import com.wecomassist.inbound.SyncCursorStore;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomApiException;
import com.wecomassist.wecom.WecomProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * Pulls 微信客服 messages after a {@code kf_msg_or_event} callback, and from the periodic pull
 * ({@link KfPeriodicPull}). One loop per open_kfid at a time (a lock that also holds across
 * instances, with a short lease the holder renews while it works); callbacks that arrive while a
 * loop runs are folded into one more round, run under the same taking of the lock from the cursor
 * the round before reached ({@link #roundsWhileAsked}). Each round pages through kf/sync_msg while
 * {@code has_more}, hands every new message on, and stores {@code next_cursor} only after every
 * message of the page was taken.
 *
 * <p>Delivery is at least once: a message counts as taken (its msgid marked, so that a later pull of
 * the same page skips it) only after the hand-off acknowledged it. A crash between the hand-off and
 * the mark, or a round that stops half-way, hands the message on again later; the reply flow drops
 * a msgid it took up already. A hand-off that drops copies by itself ({@link InboundHandOff#dropsCopies},
 * cluster mode: the inbound listener's handled marks) gets no taken marks at all: a page pulled again
 * is handed on again, and its copies skipped behind their originals, one Redis write per message less.
 */
final class KfSyncLoop {

    private static final Logger log = LoggerFactory.getLogger(KfSyncLoop.class);
    /** Conversations of one page handed on at the same time (each one's messages stay in order). */
    static final int CONVERSATIONS_AT_ONCE = 64;
    /** Re-pulls after a failed round at most this often in a row; then the next callback or periodic pull decides. */
    static final int MAX_RETRY_ROUNDS = 3;
    /** A callback's token is valid for 10 minutes (WeCom); a little less, so that no call carries an expired one. */
    static final Duration TOKEN_VALID = Duration.ofMinutes(9);
    /**
     * kf/sync_msg without a valid token: WeCom blocks the API for a minute once 10 such calls were made
     * in a minute (WeCom's answer to 45009 reports on sync_msg). The periodic pull of a quiet account has
     * no fresh token: this instance makes at most this many such calls in any minute.
     */
    static final int TOKENLESS_CALLS_PER_MINUTE = 8;
    /** close() waits this long at most for rounds under way. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /**
     * How long the lock is kept after the last round asked for, in case a callback comes right behind
     * it (a busy account's callbacks come tens of milliseconds apart; at 10 a second, 250 ms without one
     * happens after one round in twelve, 100 ms after one in three): the next round then needs neither
     * a release nor a new taking of the lock (five Redis commands) nor a read of the cursor. Another
     * instance's callback waits this much longer at most for the lock.
     */
    static final Duration LINGER = Duration.ofMillis(250);
    /** How often a lingering loop looks for a callback. */
    private static final Duration LINGER_POLL = Duration.ofMillis(10);
    /** The msgid's mark once its hand-off was acknowledged (apart from the reply flow's own marks). */
    static final String TAKEN = "kf-taken:";

    /** What one open_kfid's loop has to do next. Guarded by the map's per-key lock. */
    private static final class Account {
        String latestToken;
        long tokenAtNanos;
        boolean requested;
        /** A callback asked: a busy lock is waited for (a periodic pull just gives way). */
        boolean patient;
        /** Also read by close() outside the map's lock. */
        volatile boolean running;
        int failedRounds;
        boolean remembered;
    }

    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
    /** The rounds under way, for close() to cancel those that outlast its wait. */
    private final Disposable.Composite rounds = Disposables.composite();
    private final Deque<Long> tokenlessCalls = new ArrayDeque<>();
    private volatile boolean closed;
    private final String owner = "gateway-" + UUID.randomUUID();
    /** When (System.nanoTime, taken before asking) each account's lock was last taken or renewed here. */
    private final ConcurrentMap<String, Long> confirmed = new ConcurrentHashMap<>();
    private final WecomApiClient api;
    private final SyncCursorStore cursors;
    private final OnceMarks marks;
    private final KfSyncLock lock;
    private final InboundHandOff handOff;
    private final KfMessageMapper mapper = new KfMessageMapper();
    private final WecomProperties settings;
    private final MeterRegistry meters;
    private final Duration lockRetryDelay;
    private final Duration linger;
    /** Taken marks are read and set: the hand-off does not drop copies itself. */
    private final boolean marksTaken;

    KfSyncLoop(WecomApiClient api, SyncCursorStore cursors, OnceMarks marks, KfSyncLock lock,
               InboundHandOff handOff, WecomProperties settings, MeterRegistry meters) {
        this(api, cursors, marks, lock, handOff, settings, meters, Duration.ofSeconds(1), LINGER);
    }

    /** @param lockRetryDelay how often a callback's round tries a busy lock again */
    KfSyncLoop(WecomApiClient api, SyncCursorStore cursors, OnceMarks marks, KfSyncLock lock,
               InboundHandOff handOff, WecomProperties settings, MeterRegistry meters, Duration lockRetryDelay) {
        this(api, cursors, marks, lock, handOff, settings, meters, lockRetryDelay, LINGER);
    }

    /**
     * @param lockRetryDelay how often a callback's round tries a busy lock again
     * @param linger         how long the lock is kept after the last round asked for ({@link #LINGER})
     */
    KfSyncLoop(WecomApiClient api, SyncCursorStore cursors, OnceMarks marks, KfSyncLock lock,
               InboundHandOff handOff, WecomProperties settings, MeterRegistry meters, Duration lockRetryDelay,
               Duration linger) {
        this.linger = linger;
        this.api = api;
        this.cursors = cursors;
        this.marks = marks;
        this.lock = lock;
        this.handOff = handOff;
        this.settings = settings;
        this.meters = meters;
        this.lockRetryDelay = lockRetryDelay;
        this.marksTaken = !handOff.dropsCopies();
    }

    /**
     * A callback asks for a sync of this account; returns at once (the callback must be acked in
     * milliseconds). The account is remembered for the periodic pull.
     */
    void request(String openKfId, String callbackToken) {
        ask(openKfId, callbackToken, true);
    }

    /** The periodic pull asks: a round unless one runs here already; gives way when another instance holds the lock. */
    void pull(String openKfId) {
        ask(openKfId, null, false);
    }

    private void ask(String openKfId, String callbackToken, boolean patient) {
        if (closed) {
            return; // shutting down: the messages stay at WeCom for the next instance or start
        }
        boolean[] start = {false};
        boolean[] remember = {false};
        accounts.compute(openKfId, (id, account) -> {
            Account a = account == null ? new Account() : account;
            if (callbackToken != null && !callbackToken.isEmpty()) {
                a.latestToken = callbackToken;
                a.tokenAtNanos = System.nanoTime();
            }
            if (patient && !a.remembered) {
                a.remembered = true;
                remember[0] = true;
            }
            a.requested = true;
            a.patient |= patient;
            if (!a.running) {
                a.running = true;
                start[0] = true;
            }
            return a;
        });
        if (remember[0]) {
            cursors.remember(openKfId).subscribe(null, e -> {
                log.warn("could not remember account {} for the periodic pull (next callback tries again): {}",
                        openKfId, e.toString());
                accounts.computeIfPresent(openKfId, (id, a) -> {
                    a.remembered = false;
                    return a;
                });
            });
        }
        if (start[0]) {
            nextRound(openKfId);
        }
    }

    /**
     * Stops starting rounds (and scheduled retries) when the gateway shuts down, and waits up to
     * {@link #CLOSE_WAIT} for rounds under way, so that what they handed on gets its cursor. Runs on the
     * closing thread, never on an event loop. A round still running then is cancelled (its lock released).
     */
    public void close() throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (running() > 0) {
            log.warn("shutting down with {} sync rounds still running; cancelling them", running());
            rounds.dispose();
        }
    }

    /** Accounts with a round under way on this instance. */
    int running() {
        return (int) accounts.values().stream().filter(a -> a.running).count();
    }

    private void nextRound(String openKfId) {
        Asked asked = takeRequest(openKfId, true);
        if (asked == null) {
            return;
        }
        Disposable.Swap round = Disposables.swap();
        rounds.add(round);
        round.update(withLock(openKfId, asked.patient(), () -> roundsWhileAsked(openKfId, asked.token()))
                .doOnSuccess(v -> accounts.computeIfPresent(openKfId, (id, a) -> {
                    a.failedRounds = 0;
                    return a;
                }))
                .doOnError(e -> onFailedRound(openKfId, e))
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> {
                    rounds.remove(round);
                    nextRound(openKfId);
                })
                .subscribe());
    }

    /** A round asked for: the freshest callback token (null when none is fresh) and whether a callback asked. */
    private record Asked(String token, boolean patient) {
    }

    /**
     * Takes the account's pending request, if any (and not shutting down).
     *
     * @param orStop when there is none, mark the account as not running (the caller's rounds are over)
     */
    private Asked takeRequest(String openKfId, boolean orStop) {
        Asked[] asked = {null};
        accounts.computeIfPresent(openKfId, (id, a) -> {
            if (a.requested && !closed) {
                a.requested = false;
                boolean fresh = a.latestToken != null
                        && System.nanoTime() - a.tokenAtNanos < TOKEN_VALID.toNanos();
                asked[0] = new Asked(fresh ? a.latestToken : null, a.patient);
                a.patient = false;
            } else if (orStop) {
                a.running = false;
            }
            return a;
        });
        return asked[0];
    }

    /** The messages stay at WeCom (the cursor did not move): pull again a little later. */
    private void onFailedRound(String openKfId, Throwable e) {
        meters.counter("assist.kf.sync.failures").increment();
        int[] failed = {0};
        accounts.computeIfPresent(openKfId, (id, a) -> {
            failed[0] = ++a.failedRounds;
            return a;
        });
        if (failed[0] <= MAX_RETRY_ROUNDS) {
            log.warn("sync of {} failed (round {} in a row), pulling again in {}: {}", openKfId, failed[0],
                    settings.syncRetryDelay(), e.toString());
            if (!(e instanceof WecomApiException)) {
                log.debug("sync failure detail", e); // WeCom errors say all in their errcode; others need the trace
            }
            // with the account's freshest callback token, as any round
            Mono.delay(settings.syncRetryDelay()).subscribe(tick -> ask(openKfId, null, true));
        } else {
            log.error("sync of {} failed {} rounds in a row; the periodic pull or the next callback tries again: {}",
                    openKfId, failed[0], e.toString());
        }
    }

    /**
     * Runs the work under the account's lock, renewing the lease while it runs. When another instance
     * holds the lock, a callback's round tries again for two leases (the holder may finish without
     * seeing this callback's messages; a crashed holder's lease runs out within one), a periodic
     * round gives way.
     */
    private Mono<Void> withLock(String openKfId, boolean patient, Supplier<Mono<Void>> work) {
        Duration lease = settings.syncLockLease();
        long retries = patient ? Math.max(1, lease.multipliedBy(2).toMillis() / Math.max(1, lockRetryDelay.toMillis()) + 1)
                : 0;
        return Mono.defer(() -> {
                    long asked = System.nanoTime();
                    return lock.tryAcquire(openKfId, owner, lease).doOnNext(acquired -> {
                        if (acquired) {
                            confirmed.put(openKfId, asked);
                        }
                    });
                })
                .flatMap(acquired -> {
                    if (!acquired) {
                        return Mono.error(new LockBusy());
                    }
                    return Mono.usingWhen(Mono.just(openKfId),
                            id -> whileHeld(id, work.get()),
                            this::release,
                            (id, e) -> release(id),
                            this::release);
                })
                .retryWhen(Retry.fixedDelay(retries, lockRetryDelay)
                        .filter(e -> e instanceof LockBusy && !closed))
                .onErrorResume(e -> e instanceof LockBusy || e.getCause() instanceof LockBusy, e -> {
                    log.info("sync of {} left to the instance holding its lock", openKfId);
                    return Mono.empty();
                });
    }

    /**
     * The work, stopped as soon as a renewal of the lease fails or does not answer within a third of
     * the lease: another instance may take the lock from then on, and two loops on one cursor would
     * fetch and hand on the same messages.
     */
    private Mono<Void> whileHeld(String openKfId, Mono<Void> work) {
        Duration every = settings.syncLockLease().dividedBy(3);
        Mono<Void> renewals = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> renew(openKfId).timeout(every), 1)
                .then();
        return Mono.firstWithSignal(work, renewals);
    }

    /** A release that fails leaves the lease to run out: the round's own outcome stands. */
    private Mono<Void> release(String openKfId) {
        confirmed.remove(openKfId);
        return lock.release(openKfId, owner).onErrorResume(e -> {
            log.warn("could not release the sync lock of {} (it lapses by itself): {}", openKfId, e.toString());
            return Mono.empty();
        });
    }

    private Mono<Void> renew(String openKfId) {
        return Mono.defer(() -> {
            long asked = System.nanoTime();
            return lock.tryAcquire(openKfId, owner, settings.syncLockLease())
                    .flatMap(held -> {
                        if (!held) {
                            return Mono.error(new LockLost(openKfId));
                        }
                        confirmed.put(openKfId, asked);
                        return Mono.<Void>empty();
                    });
        });
    }

    /**
     * The lock is still ours before a cursor is saved: known without asking Redis while less than a
     * third of the lease has passed since it was taken or renewed (measured from before asking, so the
     * lease in Redis ran at least as long), as the renewals' own cadence assumes; renewed otherwise.
     * Saves a round trip per page.
     */
    private Mono<Void> stillHeld(String openKfId) {
        Long since = confirmed.get(openKfId);
        if (since != null && System.nanoTime() - since < settings.syncLockLease().dividedBy(3).toNanos()) {
            return Mono.empty();
        }
        return renew(openKfId);
    }

    /**
     * One round, and more while callbacks (or the periodic pull) keep asking, all under the one taking of
     * the lock the caller holds: a busy account's rounds follow each other with neither a release nor a
     * new taking of the lock between them (a script call each, five commands a round as Redis counts
     * them), and a callback within {@link #LINGER} of the last round still finds the lock held here. The
     * cursor is read once: each further round starts where the one before ended, since no other instance
     * can move the cursor while the lock is held (and a lock not renewed in time stops the rounds:
     * {@link #whileHeld}). Another instance's callback meanwhile waits for the lock; its messages are
     * pulled by the round that follows here, or by that instance once the rounds here end. The rounds
     * follow each other by {@code expand}, not by nesting, so an account busy for hours builds no chain.
     */
    private Mono<Void> roundsWhileAsked(String openKfId, String token) {
        return cursors.cursor(openKfId).defaultIfEmpty("")
                .flatMapMany(cursor -> Mono.just(new Round(cursor, token))
                        .expand(round -> page(openKfId, round.cursor(), round.token())
                                .flatMap(reached -> nextAsked(openKfId).map(asked -> new Round(reached, asked.token())))))
                .then();
    }

    /** A round to run: from this cursor, with this callback token (null: none fresh). */
    private record Round(String cursor, String token) {
    }

    /** The round asked for next: at once, or within the linger, else none (the rounds end). */
    private Mono<Asked> nextAsked(String openKfId) {
        Asked now = takeRequest(openKfId, false);
        if (now != null || closed || linger.isZero()) {
            return Mono.justOrEmpty(now);
        }
        return Flux.interval(LINGER_POLL)
                .take(Math.max(1, linger.toMillis() / LINGER_POLL.toMillis()))
                .takeWhile(tick -> !closed)
                .concatMap(tick -> Mono.justOrEmpty(takeRequest(openKfId, false)))
                .next();
    }

    /** Pages from {@code cursor} while {@code has_more}; answers the cursor it reached (saved). */
    private Mono<String> page(String openKfId, String cursor, String token) {
        if (token == null && !tokenlessCallAllowed()) {
            // the messages wait at WeCom for the next callback (with a token) or the next periodic pull
            log.debug("sync of {} deferred: {} calls without a token in the last minute", openKfId,
                    TOKENLESS_CALLS_PER_MINUTE);
            meters.counter("assist.kf.sync.deferred").increment();
            return Mono.just(cursor);
        }
        return api.syncMessages(openKfId, cursor, token, settings.syncPageSize())
                .flatMap(answer -> {
                    JsonNode list = answer.path("msg_list");
                    String next = answer.path("next_cursor").asString("");
                    boolean more = answer.path("has_more").asInt(0) == 1;
                    return takeAll(list)
                            // still ours? else another instance may be past this page already
                            .then(next.isEmpty() ? Mono.empty() : stillHeld(openKfId).then(cursors.save(openKfId, next)))
                            .then(Mono.defer(() -> more && !next.isEmpty() && !closed
                                    ? page(openKfId, next, token) : Mono.just(next.isEmpty() ? cursor : next)));
                });
    }

    /** At most {@link #TOKENLESS_CALLS_PER_MINUTE} calls without a token in any minute, on this instance. */
    private boolean tokenlessCallAllowed() {
        long now = System.nanoTime();
        synchronized (tokenlessCalls) {
            while (!tokenlessCalls.isEmpty() && now - tokenlessCalls.peekFirst() >= Duration.ofMinutes(1).toNanos()) {
                tokenlessCalls.pollFirst();
            }
            if (tokenlessCalls.size() >= TOKENLESS_CALLS_PER_MINUTE) {
                return false;
            }
            tokenlessCalls.addLast(now);
            return true;
        }
    }

    /**
     * Hands on one page's messages: each conversation's in the order WeCom gave them, one after the
     * other (its order is what the pipeline answers in), different conversations at the same time.
     * In cluster mode each message costs a Redis round trip and a Kafka write acknowledged by the
     * broker; one after another, a page of a few hundred messages took seconds, and every customer
     * behind it waited (profiled in the cluster load test). A conversation whose hand-off fails stops
     * there (its later messages must not overtake it); the others go on to the end, and the page
     * fails after them, so that what they handed on is marked and only the rest comes again.
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
        if (byConversation.isEmpty()) {
            return Mono.empty();
        }
        // the page's marks read at once: one round trip, not one per message (none when nothing is marked)
        List<String> pageMarks = byConversation.values().stream().flatMap(List::stream)
                .map(message -> TAKEN + message.messageId()).toList();
        Mono<Set<String>> marked = marksTaken ? marks.markedAmong(pageMarks) : Mono.just(Set.of());
        return marked.flatMap(takenBefore -> Flux.fromIterable(byConversation.values())
                .flatMapDelayError(messages -> Flux.fromIterable(messages)
                                .concatMap(message -> take(message, takenBefore.contains(TAKEN + message.messageId()))),
                        CONVERSATIONS_AT_ONCE, 1)
                .then());
    }

    /** @param takenBefore its mark was found set when the page was read */
    private Mono<Void> take(InboundMessage message, boolean takenBefore) {
        String mark = TAKEN + message.messageId();
        return Mono.just(takenBefore).flatMap(taken -> {
            if (taken) {
                meters.counter("assist.kf.sync.duplicates").increment();
                return Mono.empty();
            }
            return handOff.handOn(message)
                    .then(Mono.defer(() -> {
                        meters.counter("assist.inbound.messages",
                                "origin", message.origin().name(), "kind", message.kind().name()).increment();
                        if (!marksTaken) {
                            return Mono.<Void>empty();
                        }
                        return marks.mark(mark, settings.dedupeTtl())
                                .onErrorResume(e -> {
                                    // taken all the same: a missing mark only lets a replay hand it on once more
                                    log.warn("could not mark {} as taken: {}", message.messageId(), e.toString());
                                    return Mono.just(false);
                                })
                                .then();
                    }));
        });
    }

    private static final class LockBusy extends RuntimeException {
        LockBusy() {
            super("sync lock held elsewhere", null, false, false);
        }
    }

    private static final class LockLost extends RuntimeException {
        LockLost(String openKfId) {
            super("lost the sync lock of " + openKfId + " (lease not renewed)", null, false, false);
        }
    }
}
