package com.wecomassist.approval.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.Outcome;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.approval.Refusal;
import com.wecomassist.approval.memory.InMemoryApprovalQueue;
import com.wecomassist.approval.redis.RedisApprovalQueue;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Drafts taken out of the queue without a decision, for the personal-data rules: a customer's
 * waiting drafts (claimed or not) when their data is erased, and drafts nobody decided within their
 * retention. Neither is remembered as completed, and nobody else's draft moves.
 */
class ApprovalQueueCustomerDataContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofMinutes(2);

    abstract static class Contract {

        final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        abstract ApprovalQueue queue();

        PendingDraft draft(String id, ConversationKey conversation, Instant enqueuedAt) {
            return PendingDraft.awaiting(id, conversation, "msg-" + id, "我的卡号是[银行卡1]，年费怎么收？",
                    "您好，本行信用卡首年免年费……", enqueuedAt, Duration.ofMinutes(3));
        }

        @Test
        void aCustomersDraftsOnEveryAccountAreFoundAndTakenOutClaimedOrNot() {
            ApprovalQueue queue = queue();
            queue.enqueue(draft("e1", ConversationKey.kf("wkA", "wmErase"), now)).block(WAIT);
            queue.enqueue(draft("e2", ConversationKey.kf("wkB", "wmErase"), now.plusMillis(1))).block(WAIT);
            queue.enqueue(draft("k1", ConversationKey.kf("wkA", "wmKeep"), now)).block(WAIT);
            queue.enqueue(draft("k2", ConversationKey.kf("wkA", "x:wmErase"), now)).block(WAIT);
            queue.claim("e1", "alice", LEASE).block(WAIT);
            queue.claim("k1", "bob", LEASE).block(WAIT);

            assertThat(queue.forCustomer("wmErase").map(q -> q.draft().draftId()).collectList().block(WAIT))
                    .containsExactlyInAnyOrder("e1", "e2");
            assertThat(queue.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);

            assertThat(queue.pending().map(q -> q.draft().draftId()).collectList().block(WAIT))
                    .containsExactlyInAnyOrder("k1", "k2");
            assertThat(queue.overdue(now.plus(Duration.ofHours(1))).map(PendingDraft::draftId).collectList().block(WAIT))
                    .containsExactlyInAnyOrder("k1", "k2");
            QueuedDraft kept = queue.find("k1").map(o -> new QueuedDraft(o.draft(), o.claim())).block(WAIT);
            assertThat(kept.claim().agentId()).as("another customer's claim stays").isEqualTo("bob");
            // the holder's approval finds nothing to send
            assertThat(queue.complete("e1", "alice").block(WAIT)).isEqualTo(Outcome.refused(Refusal.UNKNOWN_DRAFT));
            assertThat(queue.eraseCustomer("wmErase").block(WAIT)).isZero();
            // not remembered as completed: the customer's next question may queue a draft again
            assertThat(queue.enqueue(draft("e1", ConversationKey.kf("wkA", "wmErase"), now)).block(WAIT).ok()).isTrue();
        }

        @Test
        void draftsQueuedBeforeTheCutoffAndStillUndecidedAreForgotten() {
            ApprovalQueue queue = queue();
            queue.enqueue(draft("old", ConversationKey.kf("wkA", "wmOld"), now.minus(Duration.ofDays(8)))).block(WAIT);
            queue.enqueue(draft("new", ConversationKey.kf("wkA", "wmNew"), now.minus(Duration.ofDays(1)))).block(WAIT);
            queue.claim("old", "alice", LEASE).block(WAIT);

            assertThat(queue.forgetBefore(now.minus(Duration.ofDays(7))).block(WAIT)).isEqualTo(1);
            assertThat(queue.pending().map(q -> q.draft().draftId()).collectList().block(WAIT)).containsExactly("new");
            assertThat(queue.forgetBefore(now.minus(Duration.ofDays(7))).block(WAIT)).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final ApprovalQueue queue = new InMemoryApprovalQueue(Clock.systemUTC(), Duration.ofHours(1));

        ApprovalQueue queue() { return queue; }
    }

    @Nested
    class OnRedis extends Contract {
        final ApprovalQueue queue = new RedisApprovalQueue(RedisTestServer.template(), RedisTestServer.freshPrefix(),
                Duration.ofHours(1), Clock.systemUTC());

        ApprovalQueue queue() { return queue; }
    }
}
