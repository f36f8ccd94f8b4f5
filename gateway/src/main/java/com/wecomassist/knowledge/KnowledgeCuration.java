package com.wecomassist.knowledge;

import com.wecomassist.error.TransientException;
import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.EntryChange;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Edits the knowledge base and replicates them: an edit completes only when the changes it made
 * to what is served were taken by the {@link KbChangeBus}, so an editor never sees "done" for a
 * change the other instances will not get.
 */
public final class KnowledgeCuration {

    /**
     * The edit is saved and served on this instance but the other instances do not have it yet.
     * Retrying the edit would be refused (its version moved on); the bus keeps re-sending it.
     */
    public static final class NotReplicatedException extends TransientException {

        public NotReplicatedException(List<EntryChange> changes, Throwable cause) {
            super("saved on this instance (" + changes.stream().map(c -> c.entryId() + " v" + c.version())
                    .collect(Collectors.joining(", ")) + ") but not yet acknowledged by Kafka, so the other "
                    + "instances do not serve it yet; it is re-sent in the background: do not repeat the edit ("
                    + cause.getMessage() + ")", cause);
        }
    }

    private final KnowledgeBaseAccess access;
    private final KbChangeBus bus;

    public KnowledgeCuration(KnowledgeBaseAccess access, KbChangeBus bus) {
        this.access = access;
        this.bus = bus;
    }

    /** Runs an edit on the knowledge-base scheduler, then publishes what it changed. */
    public <T> Mono<T> edit(Function<KnowledgeBase, T> work) {
        return access.edit(work).flatMap(edit -> edit.changes().isEmpty()
                ? Mono.justOrEmpty(edit.result())
                : bus.publish(edit.changes())
                        .onErrorMap(e -> new NotReplicatedException(edit.changes(), e))
                        .then(Mono.justOrEmpty(edit.result())));
    }

    /** A read (or anything that changes nothing served) on the knowledge-base scheduler. */
    public <T> Mono<T> read(Function<KnowledgeBase, T> work) {
        return access.call(work);
    }
}
