package com.wecomassist.knowledge;

import com.wecomassist.error.TransientException;
import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.EntryChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one place where the gateway calls the knowledge base. Every call blocks (Lucene, ONNX
 * inference, the journal's fsync), so each runs on a bounded scheduler of its own ("kb") and never
 * on the caller's thread; retrieval, the REST API and replication all come through here. When the
 * scheduler's queue is full a call fails at once with a {@link TransientException} rather than
 * queueing without bound: a search answered a minute late is of no use to a customer.
 */
public final class KnowledgeBaseAccess implements AutoCloseable {

    /** What an edit returned and the changes to what is served it made (to replicate them). */
    public record Edit<T>(T result, List<EntryChange> changes) {
    }

    private final KnowledgeBase kb;
    private final Scheduler scheduler;
    private final int queueCapacity;
    // The knowledge base calls its listeners on the editing thread, inside the edit: a
    // thread-local collects exactly the changes of the edit running on that thread.
    private final ThreadLocal<List<EntryChange>> collecting = new ThreadLocal<>();

    public KnowledgeBaseAccess(KnowledgeBase kb, int threads, int queueCapacity) {
        this.kb = kb;
        this.queueCapacity = queueCapacity;
        this.scheduler = Schedulers.newBoundedElastic(threads, queueCapacity, "kb", 60, true);
        kb.onServedChange(change -> {
            List<EntryChange> sink = collecting.get();
            if (sink != null) {
                sink.add(change);
            }
        });
    }

    /**
     * The knowledge base itself, for background work that must stay off the knowledge base's threads
     * (the query adapter's refits, {@link QueryAdapterRefits}), where a long job would delay searches.
     */
    KnowledgeBase knowledgeBase() {
        return kb;
    }

    /** Runs {@code work} on the knowledge-base scheduler; a null result completes empty. */
    public <T> Mono<T> call(Function<KnowledgeBase, T> work) {
        return Mono.fromCallable(() -> work.apply(kb))
                .subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, e -> new TransientException(
                        "knowledge base busy: " + queueCapacity + " calls already waiting", e));
    }

    /** Runs an edit like {@link #call} and returns, with its result, the served changes it made. */
    public <T> Mono<Edit<T>> edit(Function<KnowledgeBase, T> work) {
        return call(base -> {
            List<EntryChange> changes = new ArrayList<>();
            collecting.set(changes);
            try {
                T result = work.apply(base);
                return new Edit<>(result, List.copyOf(changes));
            } finally {
                collecting.remove();
            }
        });
    }

    /** Closes the knowledge base (index committed, journal closed), then stops the scheduler. */
    @Override
    public void close() {
        try {
            kb.close();
        } finally {
            scheduler.dispose();
        }
    }
}
