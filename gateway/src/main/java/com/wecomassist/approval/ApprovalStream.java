package com.wecomassist.approval;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * The approval queue as it changes, for the agents' live view: a snapshot of every waiting draft
 * (with its claim) whenever it differs from the last one. The queue is read on this instance every
 * {@code refresh}, so changes made on any instance (cluster mode) show within that time; all
 * viewers of one instance share the reads, so a hundred open consoles cost one read per refresh.
 * Browsers are pushed to (server-sent events), never made to poll.
 */
public class ApprovalStream {

    private final Flux<List<QueuedDraft>> snapshots;

    public ApprovalStream(ApprovalQueue queue, Duration refresh) {
        this.snapshots = Flux.interval(Duration.ZERO, refresh)
                .onBackpressureDrop()
                .concatMap(tick -> queue.pending().collectList()
                        // a failed read skips one refresh; the next one tries again
                        .onErrorResume(e -> reactor.core.publisher.Mono.empty()), 1)
                .distinctUntilChanged()
                .replay(1)
                .refCount();
    }

    /** The current snapshot at once, then each change. */
    public Flux<List<QueuedDraft>> snapshots() {
        return snapshots;
    }
}
