package com.wecomassist.inherit;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.route.RoutingDecision;
import com.wecomassist.staff.Role;
import com.wecomassist.staff.StaffDirectory;
import com.wecomassist.staff.StaffMember;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 离职继承's other half: what the departed employee still holds in the gateway goes on when their
 * customers have gone to the takeover employee.
 * <ul>
 *   <li>Drafts waiting in the departed 管户's own approval queue (queue = their userid) move to the
 *       takeover employee's queue, so the customers' pending answers follow the customers.</li>
 *   <li>Drafts the departed employee had claimed are released: a claim is someone's work in progress,
 *       and nobody else can see what they had in mind; the draft is approvable again at once, by whoever
 *       sees its queue (the takeover employee, when it was the 管户's queue).</li>
 *   <li>Conversations they were serving go to the takeover employee.</li>
 * </ul>
 * When the takeover employee cannot take them — not a console user, disabled, or in no role that serves
 * customers — the drafts go to the 直营 queue and the conversations back to the people's waiting list,
 * rather than to someone who would never see them. Every move is on the audit trail.
 */
public class DepartedWork {

    private static final Logger log = LoggerFactory.getLogger(DepartedWork.class);
    /** The hand-off reason of a conversation returned to the waiting list because its servicer left. */
    static final String HOLDER_LEFT = "servicer-left";

    private final ApprovalQueue approvals;
    private final ConversationStore conversations;
    private final StaffDirectory staff;
    private final AuditTrail audit;
    private final Clock clock;

    public DepartedWork(ApprovalQueue approvals, ConversationStore conversations, StaffDirectory staff,
                        AuditTrail audit, Clock clock) {
        this.approvals = approvals;
        this.conversations = conversations;
        this.staff = staff;
        this.audit = audit;
        this.clock = clock;
    }

    /** Moves the departed {@code job.handover()}'s drafts and conversations on. */
    public Mono<Void> handOn(TransferJob job) {
        String departed = job.handover();
        return staff.find(job.takeover())
                .map(DepartedWork::canServe)
                .defaultIfEmpty(false)
                .flatMap(fit -> drafts(job, departed, fit).then(conversations(job, departed, fit)));
    }

    private static boolean canServe(StaffMember member) {
        return member.enabled() && member.roles().stream().anyMatch(Role::servesCustomers);
    }

    private Mono<Void> drafts(TransferJob job, String departed, boolean takeoverFit) {
        String queue = takeoverFit ? job.takeover() : RoutingDecision.DIRECT_QUEUE;
        return approvals.pending()
                .filter(q -> departed.equals(q.draft().queue())
                        || q.claimed() && departed.equals(q.claim().agentId()))
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(q -> released(q, departed).then(departed.equals(q.draft().queue())
                        ? moved(job, q.draft(), queue) : record(job, "draft-released", q.draft().draftId(), "queue")))
                .then();
    }

    private Mono<Void> released(QueuedDraft q, String departed) {
        return q.claimed() && departed.equals(q.claim().agentId())
                ? approvals.release(q.draft().draftId(), departed).then() : Mono.empty();
    }

    private Mono<Void> moved(TransferJob job, PendingDraft draft, String queue) {
        // one atomic move: the draft is in the departed's queue or the new one at every moment; one decided
        // meanwhile is refused and stays decided
        return approvals.reroute(draft.draftId(), queue)
                .flatMap(outcome -> outcome.ok() ? record(job, "draft-moved", draft.draftId(), queue)
                        : record(job, "draft-not-moved", draft.draftId(), String.valueOf(outcome.refusal())));
    }

    private Mono<Void> conversations(TransferJob job, String departed, boolean takeoverFit) {
        Instant now = clock.instant();
        return conversations.waiting()
                .filter(c -> held(c, departed))
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(c -> conversations.update(c.key(), current -> takeoverFit
                                ? current.handedToPerson(job.takeover(), now)
                                : current.queuedByWecom(new HandOff(HOLDER_LEFT, 0, now), now))
                        .flatMap(t -> !t.allowed() ? Mono.empty()
                                : audit.record(AuditEvent.of(c.key().id(), c.key().id(), "system", now,
                                        new AuditDetails.ConversationAssigned(takeoverFit ? job.takeover() : "queue",
                                                departed, c.state().name())))
                                        .then(record(job, takeoverFit ? "conversation-moved" : "conversation-queued",
                                                c.key().id(), takeoverFit ? job.takeover() : "queue"))))
                .then();
    }

    private Mono<Void> record(TransferJob job, String action, String subject, String result) {
        return audit.record(AuditEvent.of(null, subject, "system", clock.instant(),
                new AuditDetails.CustomerInheritance(action, job.id(), job.kind().name(), job.handover(),
                        job.takeover(), result, null)));
    }

    /** Whether {@code by} is serving the conversation right now. */
    static boolean held(Conversation c, String by) {
        return c.state() == ConversationState.HUMAN && by.equals(c.servicerUserId());
    }
}
