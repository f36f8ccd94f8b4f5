package com.wecomassist.inbound;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Refuses a signed callback seen before: a captured request replayed within the clock-skew window
 * would otherwise pass every signature check.
 */
public interface CallbackReplayGuard {

    /** Records (timestamp, nonce, signature); true when it was not recorded within {@code window}. */
    Mono<Boolean> firstUse(String timestamp, String nonce, String signature, Duration window);

    /** Forgets a callback we failed to take, so that WeCom's retry of it is accepted. */
    Mono<Void> release(String timestamp, String nonce, String signature);
}
