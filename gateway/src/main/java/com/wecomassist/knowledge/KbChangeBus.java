package com.wecomassist.knowledge;

import com.wecomassist.kb.entry.EntryChange;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Carries changes to what the knowledge base serves from the instance where an editor made them
 * to every other instance, which applies them to its own local index (idempotently, by version).
 * Only served content travels (published versions and removals); drafts and reviews stay with the
 * instance where they were edited.
 *
 * <p>The embedded adapter has no one to tell (one node). The cluster adapter writes each change to
 * a compacted Kafka topic keyed by entry id, and every instance reads that whole topic, so an
 * instance started later catches up from it.
 *
 * <p>When publishing fails the change is already saved and served on this instance (the knowledge
 * base has no way to take it back); the adapter keeps re-sending the entry's current state until
 * Kafka takes it, and the caller learns of the delay from the error.
 */
public interface KbChangeBus {

    /**
     * Completes when the changes are durable for the other instances (acknowledged by Kafka);
     * fails with a {@link com.wecomassist.error.TransientException} when they are not yet.
     */
    Mono<Void> publish(List<EntryChange> changes);
}
