package com.wecomassist.inherit;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.approval.memory.InMemoryApprovalQueue;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.testing.RecordingAuditTrail;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.memory.InMemoryConversationStore;
import com.wecomassist.route.RoutingDecision;
import com.wecomassist.staff.Role;
import com.wecomassist.staff.StaffMember;
import com.wecomassist.staff.memory.InMemoryStaffDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 离职继承's other half: the departed employee's queue, claims and conversations go to the takeover
 * employee when they can take them, and back to the 直营 queue and the waiting list when they cannot.
 */
class DepartedWorkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final InMemoryApprovalQueue approvals = new InMemoryApprovalQueue(clock, Duration.ofHours(1));
    final InMemoryConversationStore conversations = new InMemoryConversationStore(Duration.ofDays(1), clock);
    final InMemoryStaffDirectory staff = new InMemoryStaffDirectory(clock);
    final RecordingAuditTrail audit = new RecordingAuditTrail();
    final List<AuditEvent> recorded = audit.recorded;
    final DepartedWork work = new DepartedWork(approvals, conversations, staff, audit, clock);

    private PendingDraft draft(String id, String queue) {
        return PendingDraft.awaiting(id, ConversationKey.kf("wkBank", "wm" + id), "msg-" + id, "信用卡年费怎么收？",
                        "您好，本行信用卡首年免年费……", NOW, Duration.ofMinutes(30))
                .withRouting(List.of("low_confidence"), 7, queue);
    }

    private TransferJob job(String takeover) {
        return new TransferJob("inh-1", TransferKind.RESIGNED, "zhoujie", takeover, null, "root", NOW,
                TransferJob.Phase.DONE, List.of(new CustomerTransfer("wmA", CustomerState.TAKEN_OVER, 0, null, NOW)), 3);
    }

    private void setUp() {
        approvals.enqueue(draft("own", "zhoujie")).block(WAIT);
        approvals.enqueue(draft("claimed", RoutingDecision.DIRECT_QUEUE)).block(WAIT);
        approvals.enqueue(draft("others", "chenjing")).block(WAIT);
        approvals.claim("claimed", "zhoujie", Duration.ofMinutes(10)).block(WAIT);
        conversations.update(ConversationKey.kf("wkBank", "wmServed"), c -> c.handedToPerson("zhoujie", NOW))
                .block(WAIT);
        conversations.update(ConversationKey.kf("wkBank", "wmNora"), c -> c.handedToPerson("nora", NOW)).block(WAIT);
    }

    private QueuedDraft queued(String id) {
        return approvals.pending().filter(q -> q.draft().draftId().equals(id)).blockFirst(WAIT);
    }

    private Conversation conversation(String customer) {
        return conversations.get(ConversationKey.kf("wkBank", customer)).block(WAIT);
    }

    @Test
    void aTakeoverWhoServesCustomersGetsTheQueueAndTheConversationsAndClaimsAreReleased() {
        staff.create(new StaffMember("mia", "x", Set.of(Role.ACCOUNT_MANAGER), true)).block(WAIT);
        setUp();
        work.handOn(job("mia")).block(WAIT);

        QueuedDraft own = queued("own");
        assertThat(own.draft().queue()).isEqualTo("mia");
        assertThat(own.draft().priority()).isEqualTo(7);
        assertThat(queued("claimed").claimed()).isFalse();
        assertThat(queued("claimed").draft().queue()).isEqualTo(RoutingDecision.DIRECT_QUEUE);
        assertThat(queued("others").draft().queue()).isEqualTo("chenjing");

        assertThat(conversation("wmServed").state()).isEqualTo(ConversationState.HUMAN);
        assertThat(conversation("wmServed").servicerUserId()).isEqualTo("mia");
        assertThat(conversation("wmNora").servicerUserId()).isEqualTo("nora");
        assertThat(recorded).extracting(e -> e.details().get("action")).contains("draft-moved", "draft-released",
                "conversation-moved");
        assertThat(recorded).filteredOn(e -> e.type() == AuditEvent.Type.CONVERSATION_ASSIGNED).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("to", "mia").containsEntry("from", "zhoujie"));
    }

    @Test
    void aTakeoverWhoCannotTakeThemSendsTheDraftsToTheDirectQueueAndTheConversationsBackToTheWaitingList() {
        staff.create(new StaffMember("liuyang", "x", Set.of(Role.ACCOUNT_MANAGER), false)).block(WAIT);
        setUp();
        work.handOn(job("liuyang")).block(WAIT);

        assertThat(queued("own").draft().queue()).isEqualTo(RoutingDecision.DIRECT_QUEUE);
        assertThat(conversation("wmServed").state()).isEqualTo(ConversationState.QUEUED);
        assertThat(conversation("wmServed").servicerUserId()).isNull();
        assertThat(recorded).extracting(e -> e.details().get("action")).contains("conversation-queued");
    }
}
