package com.wecomassist.agent;

import com.wecomassist.approval.ApprovalProperties;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.conversation.PeriodicCheck;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.conversation.Transition;
import com.wecomassist.route.ReasonCode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Looks for drafts that waited past their SLA deadline. Each breach is handled once (marked in the
 * shared dedupe store, so with several instances only one acts): the draft's priority is raised so
 * it comes first in every agent's queue, the conversation goes on the people's list of waiting
 * conversations (reason {@code sla-breached}, waiting since the draft was queued; the draft stays
 * approvable), and the customer gets the holding text, if WeCom's window
 * still leaves room for the real answer after it (the holding text must not use the last of the
 * five messages).
 */
public class SlaWatch extends PeriodicCheck {

    private static final Logger log = LoggerFactory.getLogger(SlaWatch.class);

    private final ApprovalQueue approvals;
    private final ConversationStore conversations;
    private final OutboundHandOff outbound;
    private final AuditTrail audit;
    private final OnceMarks breaches;
    private final ApprovalProperties settings;
    private final MeterRegistry meters;
    private final Clock clock;

    public SlaWatch(ApprovalQueue approvals, ConversationStore conversations, OutboundHandOff outbound,
                    AuditTrail audit, OnceMarks breaches, ApprovalProperties settings, MeterRegistry meters,
                    Clock clock) {
        super("SLA check", settings.slaCheckInterval());
        this.approvals = approvals;
        this.conversations = conversations;
        this.outbound = outbound;
        this.audit = audit;
        this.breaches = breaches;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    /** One pass: handles every draft overdue now that was not handled before. */
    @Override
    public Mono<Integer> checkOnce() {
        return approvals.overdue(clock.instant())
                .concatMap(draft -> breaches.mark("sla:" + draft.draftId(), settings.completedRetention())
                        .flatMap(first -> first ? breached(draft).thenReturn(1) : Mono.just(0))
                        .onErrorResume(e -> {
                            log.warn("SLA breach of draft {} not handled yet: {}", draft.draftId(), e.toString());
                            return breaches.unmark("sla:" + draft.draftId()).thenReturn(0);
                        }))
                .reduce(0, Integer::sum);
    }

    private Mono<Void> breached(PendingDraft draft) {
        meters.counter("assist.approval.sla_breaches").increment();
        log.info("draft {} in {} is past its SLA deadline {}", draft.draftId(), draft.conversation(), draft.deadline());
        HandOff overdue = new HandOff(ReasonCode.SLA_BREACHED.code(),
                Math.min(PendingDraft.MAX_PRIORITY, draft.priority() + settings.slaPriorityBoost()), draft.enqueuedAt());
        return approvals.raisePriority(draft.draftId(), settings.slaPriorityBoost())
                .then(conversations.update(draft.conversation(), c -> c.approvalOverdue(overdue, clock.instant())))
                // refused when the draft was decided meanwhile: the conversation needs nobody then
                .filter(Transition::allowed)
                .flatMap(listed -> audit.record(AuditEvent.of(draft.conversation().id(), draft.draftId(), "system",
                        clock.instant(), new AuditDetails.HandedOff(false, overdue.reason(), overdue.priority()))))
                .then(conversations.get(draft.conversation()))
                .flatMap(conversation -> {
                    boolean roomForHolding = conversation.state().botHolds()
                            && conversation.replyWindowOpen(clock.instant())
                            && conversation.repliesSinceCustomerMessage() < Conversation.MAX_REPLIES_PER_WINDOW - 1;
                    Mono<Void> holding = !roomForHolding ? Mono.empty() : outbound.handOn(OutgoingReply.notice(
                            "hold-" + draft.draftId(), draft.conversation(), settings.holdingText(),
                            OutgoingReply.Purpose.HOLDING, "system", draft.draftId(), draft.customerMessageId()));
                    return audit.record(AuditEvent.of(draft.conversation().id(), draft.draftId(), "system",
                                    clock.instant(), new AuditDetails.SlaBreached(draft.deadline().toString(),
                                    settings.slaPriorityBoost(), roomForHolding)))
                            .then(holding);
                });
    }
}
