package com.wecomassist.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.memory.InMemoryApprovalQueue;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.comply.FlaggedDraft;
import com.wecomassist.comply.RecentTexts;
import com.wecomassist.comply.memory.InMemoryFlaggedDrafts;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.memory.InMemoryConversationStore;
import com.wecomassist.learn.PhrasingSuggestion;
import com.wecomassist.learn.PhrasingSuggestions;
import com.wecomassist.learn.memory.InMemoryPhrasingSuggestions;
import com.wecomassist.wecom.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stores that had no time limit forget customers' texts past {@code assist.privacy.retention.*}:
 * the compliance officer's checked texts (flagged drafts never expired before), undecided drafts and
 * open suggestions. The adapters' part (memory and Redis) is in their contract tests; this is the
 * sweep that every instance runs.
 */
class RetentionSweepTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final RecentTexts checked = new RecentTexts(new InMemoryFlaggedDrafts(100), new InMemoryFlaggedDrafts(100), 100);
    private final ApprovalQueue approvals = new InMemoryApprovalQueue(clock, Duration.ofHours(1));
    private final PhrasingSuggestions suggestions = new InMemoryPhrasingSuggestions(Duration.ofDays(90), clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConversationStore conversations = new InMemoryConversationStore(Duration.ofDays(365), clock);
    private final AuditTrail audit = new InMemoryAuditTrail(100, 100, Duration.ofDays(365), clock);
    private final RetentionSweep sweep = new RetentionSweep(checked, approvals, conversations, audit, suggestions,
            new PrivacyProperties(new PrivacyProperties.Retention(Duration.ofDays(30), Duration.ofDays(7),
                    Duration.ofDays(90)), Duration.ofMinutes(10)), meters, clock);

    @Test
    void flaggedDraftsExpireAfterTheirRetention() {
        checked.flagged().record(flagged("d-old", "BLOCK", T0)).block(WAIT);
        checked.passed().record(flagged("d-passed", "PASS", T0)).block(WAIT);
        clock.advance(Duration.ofDays(20));
        checked.flagged().record(flagged("d-new", "REVIEW", clock.instant())).block(WAIT);

        assertThat(sweep.checkOnce().block(WAIT)).as("nothing is 30 days old yet").isZero();
        clock.advance(Duration.ofDays(11));
        assertThat(sweep.checkOnce().block(WAIT)).isEqualTo(2);

        assertThat(checked.flagged().recent(RecentTexts.FLAGGED_ACTIONS, 10).map(FlaggedDraft::id).collectList()
                .block(WAIT)).containsExactly("d-new");
        assertThat(checked.passed().recent(RecentTexts.PASSED_ACTIONS, 10).collectList().block(WAIT)).isEmpty();
        assertThat(meters.counter("assist.privacy.forgotten", "store", "checkedTexts").count()).isEqualTo(2);
    }

    @Test
    void undecidedDraftsAndOpenSuggestionsExpireAfterTheirs() {
        ConversationKey waiting = ConversationKey.kf("wkA", "wm1");
        conversations.update(waiting, c -> c.customerMessaged(T0, T0)).block(WAIT);
        conversations.update(waiting, c -> c.draftingStarted(T0, "m1")).block(WAIT);
        conversations.update(waiting, c -> c.draftQueuedForApproval(T0)).block(WAIT);
        approvals.enqueue(PendingDraft.awaiting("d-1", waiting, "m1", "那个东西怎么弄", "您好……", T0,
                Duration.ofMinutes(3))).block(WAIT);
        suggestions.add(PhrasingSuggestion.open("我想办张卡", "demo-001", 1, "如何申请办理借记卡？", "alice", "d-2",
                "kf:wkA:wm2", T0)).block(WAIT);

        clock.advance(Duration.ofDays(8));
        assertThat(sweep.checkOnce().block(WAIT)).isEqualTo(1);
        assertThat(approvals.pending().collectList().block(WAIT)).isEmpty();
        // as if an agent had rejected it without answering: in the trail, and the bot holds the conversation again
        AuditEvent rejected = audit.ofConversation(waiting.id(), 10).blockLast(WAIT);
        assertThat(rejected.type()).isEqualTo(AuditEvent.Type.REJECTED);
        assertThat(rejected.subject()).isEqualTo("d-1");
        assertThat(rejected.actor()).isEqualTo("system");
        assertThat(conversations.get(waiting).block(WAIT).state()).isEqualTo(ConversationState.BOT);
        assertThat(suggestions.list(null).collectList().block(WAIT)).hasSize(1);

        clock.advance(Duration.ofDays(83));
        assertThat(sweep.checkOnce().block(WAIT)).isEqualTo(1);
        assertThat(suggestions.list(null).collectList().block(WAIT)).isEmpty();
    }

    @Test
    void aRetentionBelowAnHourOrASweepOutsideAMinuteToADayIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PrivacyProperties.Retention(Duration.ofMinutes(5),
                        Duration.ofDays(7), Duration.ofDays(90)))
                .hasMessageContaining("assist.privacy.retention.checked-texts must be at least 1h");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PrivacyProperties(new PrivacyProperties.Retention(
                        Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(90)), Duration.ofSeconds(5)))
                .hasMessageContaining("assist.privacy.sweep-interval must be within 1m..1d");
    }

    private static FlaggedDraft flagged(String id, String action, Instant at) {
        return new FlaggedDraft(id, at, "kf:wkA:wm1", FlaggedDraft.AI_DRAFT, "bot", "理财保本吗", "这款理财稳赚不赔。",
                action, List.of(), List.of("bank@1"), "BLOCK");
    }

}
