package com.wecomassist.wecom.memory;

import com.wecomassist.wecom.AccessToken;
import com.wecomassist.wecom.AccessTokenStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/** The embedded mode's token cache: one process, so a map is the shared place. */
public class InMemoryAccessTokenStore implements AccessTokenStore {

    private final ConcurrentMap<String, AccessToken> tokens = new ConcurrentHashMap<>();

    @Override
    public Mono<AccessToken> get(String key) {
        return Mono.fromSupplier(() -> tokens.get(key));
    }

    @Override
    public Mono<Void> put(String key, AccessToken token) {
        return Mono.fromRunnable(() -> tokens.put(key, token));
    }

    @Override
    public Mono<Void> invalidate(String key, String failedValue) {
        return Mono.fromRunnable(() -> tokens.computeIfPresent(key,
                (k, current) -> current.value().equals(failedValue) ? null : current));
    }
}
