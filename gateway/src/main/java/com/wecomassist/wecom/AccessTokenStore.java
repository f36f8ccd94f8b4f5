package com.wecomassist.wecom;

import reactor.core.publisher.Mono;

/**
 * Where access tokens are kept, per (corpId, secret). WeCom limits gettoken calls and may block a
 * caller that asks too often, so every gateway instance must share one token: in memory for the
 * embedded mode, in Redis for a cluster.
 */
public interface AccessTokenStore {

    /** The cached token for this key, or empty. */
    Mono<AccessToken> get(String key);

    /** Caches a freshly issued token. */
    Mono<Void> put(String key, AccessToken token);

    /**
     * Drops the cached token, but only if it is still the one that failed: another caller may
     * already have replaced it with a fresh one.
     */
    Mono<Void> invalidate(String key, String failedValue);
}
