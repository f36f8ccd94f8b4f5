package com.wecomassist.wecom;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Hands out the account's access token: from the shared store while it has more than the refresh
 * margin left, otherwise from one gettoken call that every concurrent caller waits on
 * (single flight), because WeCom intercepts callers that ask for tokens too often. The token last
 * read or issued here is kept too and handed out without asking the store while it is good for the
 * margin (in cluster mode the store is a Redis read per WeCom call); a token WeCom rejects is dropped
 * here and in the store, so a token replaced early costs each instance one rejected call.
 */
final class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);

    private final String key;
    private final AccessTokenStore store;
    private final Mono<AccessToken> issue;
    private final Duration refreshMargin;
    private final Clock clock;
    private final AtomicReference<Mono<AccessToken>> inFlight = new AtomicReference<>();
    /** The token last read from the store or issued, or null. */
    private volatile AccessToken known;

    AccessTokens(String key, AccessTokenStore store, Mono<AccessToken> issue, Duration refreshMargin, Clock clock) {
        this.key = key;
        this.store = store;
        this.issue = issue;
        this.refreshMargin = refreshMargin;
        this.clock = clock;
    }

    /** A token good for at least the refresh margin, refreshing it when needed. */
    Mono<String> current() {
        AccessToken kept = known;
        if (kept != null && kept.usableAt(clock.instant(), refreshMargin)) {
            return Mono.just(kept.value());
        }
        return store.get(key)
                .filter(token -> token.usableAt(clock.instant(), refreshMargin))
                .doOnNext(token -> known = token)
                .switchIfEmpty(Mono.defer(this::refresh))
                .map(AccessToken::value);
    }

    /** Drops the token that WeCom rejected (only if nobody replaced it yet). */
    Mono<Void> rejected(String value) {
        log.info("WeCom rejected the cached access token; it will be refreshed");
        AccessToken kept = known;
        if (kept != null && kept.value().equals(value)) {
            known = null;
        }
        return store.invalidate(key, value);
    }

    private Mono<AccessToken> refresh() {
        AtomicReference<Mono<AccessToken>> self = new AtomicReference<>();
        Mono<AccessToken> mine = issue
                .flatMap(token -> store.put(key, token).thenReturn(token))
                .doOnNext(token -> known = token)
                // Cleared before anyone is handed the token: a caller who gets it, has it rejected by WeCom
                // and asks again must start a new refresh, not be handed this one's cached token once more
                // (doFinally alone ran after the callers' own work, and under load sometimes after that).
                .doOnNext(token -> inFlight.compareAndSet(self.get(), null))
                .doFinally(signal -> inFlight.compareAndSet(self.get(), null))
                .cache();
        self.set(mine);
        Mono<AccessToken> winner = inFlight.compareAndExchange(null, mine);
        if (winner != null) {
            return winner;
        }
        // Re-check the store: a refresh may have finished between our read and our claim.
        return store.get(key)
                .filter(token -> token.usableAt(clock.instant(), refreshMargin))
                .doOnNext(token -> inFlight.compareAndSet(mine, null))
                .switchIfEmpty(mine);
    }
}
