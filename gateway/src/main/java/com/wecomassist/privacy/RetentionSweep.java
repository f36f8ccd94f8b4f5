package com.wecomassist.privacy;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.comply.RecentTexts;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.PeriodicCheck;
import com.wecomassist.learn.PhrasingSuggestions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Forgets, on every instance every {@code assist.privacy.sweep-interval}, what the stores without
 * a time limit of their own keep past {@code assist.privacy.retention.*}: the compliance officer's
 * checked texts, drafts no agent decided, and open variant suggestions. Each store forgets by value
 * or id, so two instances sweeping at once forget each item once. Counted in
 * {@code assist.privacy.forgotten{store}}.
 *
 * <p>A draft forgotten unsent is in its conversation's trail as {@code REJECTED} by {@value #ACTOR},
 * and the conversation goes back to the bot, as when an agent rejects a draft without answering:
 * WeCom's 48-hour window for it closed long ago, and the customer's next message is answered again.
 */
public class RetentionSweep extends PeriodicCheck {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

    /** Who the trail names for what retention did. */
    static final String ACTOR = "system";

    private final RecentTexts checked;
    private final ApprovalQueue approvals;
    private final ConversationStore conversations;
    private final AuditTrail audit;
    private final PhrasingSuggestions suggestions;
    private final PrivacyProperties.Retention retention;
    private final MeterRegistry meters;
    private final Clock clock;

    public RetentionSweep(RecentTexts checked, ApprovalQueue approvals, ConversationStore conversations,
                          AuditTrail audit, PhrasingSuggestions suggestions, PrivacyProperties settings,
                          MeterRegistry meters, Clock clock) {
        super("personal-data retention sweep", settings.sweepInterval());
        this.checked = checked;
        this.approvals = approvals;
        this.conversations = conversations;
        this.audit = audit;
        this.suggestions = suggestions;
        this.retention = settings.retention();
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public Mono<Integer> checkOnce() {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            Instant texts = now.minus(retention.checkedTexts());
            return counted("checkedTexts", checked.flagged().forgetBefore(texts)
                            .zipWith(checked.passed().forgetBefore(texts), Long::sum))
                    .concatWith(counted("approvalQueue", approvals.forgetBefore(now.minus(retention.pendingDrafts()))
                            .concatMap(draft -> withdrawn(draft, now).thenReturn(draft))
                            .count()))
                    .concatWith(counted("phrasingSuggestions",
                            suggestions.forgetOpenBefore(now.minus(retention.openSuggestions()))))
                    .reduce(0L, Long::sum)
                    .map(Math::toIntExact);
        });
    }

    /** The trail says why the draft went unsent, and the bot holds the conversation again; fails open, logged. */
    private Mono<Void> withdrawn(PendingDraft draft, Instant now) {
        return audit.record(AuditEvent.of(draft.conversation().id(), draft.draftId(), ACTOR, now,
                        new AuditDetails.Rejected("undecided past assist.privacy.retention.pending-drafts ("
                                + retention.pendingDrafts() + ")", false)))
                .then(conversations.update(draft.conversation(), c -> c.approvalWithdrawn(now)))
                .then()
                .onErrorResume(e -> {
                    // fail open: the draft is gone either way; the agents' handoff queue still lists the conversation
                    log.warn("draft {} forgotten past its retention, but not recorded or withdrawn: {}", draft.draftId(),
                            e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Long> counted(String store, Mono<Long> forgotten) {
        return forgotten.doOnNext(n -> {
            if (n > 0) {
                meters.counter("assist.privacy.forgotten", "store", store).increment(n);
                log.info("forgot {} item(s) of {} past their retention", n, store);
            }
        });
    }
}
