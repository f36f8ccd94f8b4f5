package com.wecomassist.knowledge;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import java.time.Clock;
import java.util.Map;
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
 *
 * <p>This is the engine under the desks ({@link CurationDesk}, {@link ChangeSetGate}): it hands the
 * library to a function, so the rules of curation belong in the desks, and controllers and other
 * features go through them; editing is package-private for that reason (tests elsewhere set up
 * entries through the test fixture {@code TestCuration}). Reads change nothing and stay public.
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
    private final AuditTrail audit;
    private final Clock clock;

    public KnowledgeCuration(KnowledgeBaseAccess access, KbChangeBus bus, AuditTrail audit, Clock clock) {
        this.access = access;
        this.bus = bus;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Runs an edit on the knowledge-base scheduler, then publishes what it changed and records it in
     * the audit trail with the editor (which entries, at which versions, are now served or withdrawn).
     *
     * @param editor  who edits
     * @param action  what the edit is (create, update, submit, publish, archive, import)
     * @param subject the entry id, or what else the edit is about
     */
    <T> Mono<T> edit(String editor, String action, String subject, Function<KnowledgeBase, T> work) {
        return edit(editor, action, subject, Map.of(), work);
    }

    /**
     * Like {@link #edit(String, String, String, Function)}, with further facts for the audit trail
     * (small values only, see {@link AuditEvent}), e.g. the figures and override of a gated publish.
     */
    <T> Mono<T> edit(String editor, String action, String subject, Map<String, Object> facts,
                     Function<KnowledgeBase, T> work) {
        return access.edit(work).flatMap(edit -> {
            Mono<Void> published = edit.changes().isEmpty() ? Mono.empty() : bus.publish(edit.changes())
                    .onErrorMap(e -> new NotReplicatedException(edit.changes(), e));
            AuditDetails details = new AuditDetails.KbChanged(action, String.valueOf(edit.result()),
                    edit.changes().stream().map(c -> c.entryId() + "@" + c.version()
                            + (c.isDelete() ? " withdrawn" : " served")).toList(), facts);
            return published
                    .then(audit.record(AuditEvent.of(null, subject, editor, clock.instant(), details)))
                    .then(Mono.justOrEmpty(edit.result()));
        });
    }

    /** A read (or anything that changes nothing served) on the knowledge-base scheduler. */
    public <T> Mono<T> read(Function<KnowledgeBase, T> work) {
        return access.call(work);
    }
}
