package com.wecomassist.conversation.memory;

import com.wecomassist.conversation.OnceMarks;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Embedded-mode marks: one process, so an expiring in-memory set is authoritative. */
public class InMemoryOnceMarks implements OnceMarks {

    private final ExpiringKeys marked = new ExpiringKeys("once-marks",
            "a message pulled again, or a reply tried again, after that long would be handled or sent again");

    @Override
    public Mono<Boolean> mark(String key, Duration ttl) {
        return Mono.fromSupplier(() -> marked.add(key, ttl));
    }

    @Override
    public Mono<Boolean> marked(String key) {
        return Mono.fromSupplier(() -> marked.contains(key));
    }

    @Override
    public Mono<Void> unmark(String key) {
        return Mono.fromRunnable(() -> marked.remove(key));
    }
}
