package com.wecomassist.inbound.memory;

import com.wecomassist.conversation.memory.ExpiringKeys;
import com.wecomassist.inbound.CallbackReplayGuard;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Embedded-mode replay guard over an expiring in-memory set. */
public class InMemoryCallbackReplayGuard implements CallbackReplayGuard {

    private final ExpiringKeys used = new ExpiringKeys("callback nonces",
            "a callback replayed after that long would be taken again (it can only make the gateway pull messages)");

    @Override
    public Mono<Boolean> firstUse(String timestamp, String nonce, String signature, Duration window) {
        return Mono.fromSupplier(() -> used.add(key(timestamp, nonce, signature), window));
    }

    @Override
    public Mono<Void> release(String timestamp, String nonce, String signature) {
        return Mono.fromRunnable(() -> used.remove(key(timestamp, nonce, signature)));
    }

    private static String key(String timestamp, String nonce, String signature) {
        return timestamp + '|' + nonce + '|' + signature;
    }
}
