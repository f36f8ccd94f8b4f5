package com.wecomassist.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.approval.memory.InMemoryApprovalQueue;
import com.wecomassist.approval.redis.RedisApprovalQueue;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.comply.FlaggedDraftRecorder;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.conversation.memory.InMemoryConversationStore;
import com.wecomassist.conversation.redis.RedisConversationStore;
import com.wecomassist.error.TransientException;
import com.wecomassist.learn.AgentLearning;
import com.wecomassist.learn.LearnDesk;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.testing.RedisTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import reactor.core.publisher.Mono;

/**
 * An agent's decision whose reply cannot be handed on to be sent (in cluster mode: the outbound topic
 * does not take it) is undone: the draft is back in the queue, unclaimed, the conversation still waits
 * for it, and the next decision sends the reply once. Never a completed draft with its customer left
 * waiting for an approval that cannot come. The agents' desk on the application's compliance, trail
 * and learning, over the in-memory and the Redis queue and conversation store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class DecisionHandOffTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration LEASE = Duration.ofMinutes(2);

    /** The decisions that send a reply. */
    enum Decision { APPROVE, EDIT, CANDIDATE, REJECT_WITH_ANSWER }

    @Autowired
    ComplianceReview compliance;
    @Autowired
    AuditTrail audit;
    @Autowired
    AgentLearning learning;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Clock clock;
    @Autowired
    FlaggedDraftRecorder flagged;
    @Autowired
    LearnDesk variants;

    /** The outbound hand-off of cluster mode, whose topic write fails the next {@code failures} times. */
    static final class Outbound implements OutboundHandOff {
        final AtomicInteger failures = new AtomicInteger();
        final List<OutgoingReply> handedOn = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> handOn(OutgoingReply reply) {
            return Mono.defer(() -> failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    ? Mono.error(new TransientException("reply not written to Kafka: broker unavailable", null))
                    : Mono.fromRunnable(() -> handedOn.add(reply)));
        }
    }

    abstract class Desk {

        final Outbound outbound = new Outbound();
        final ConversationKey customer = ConversationKey.kf("wkDecide", "wm" + System.nanoTime());
        final String draftId = "d-" + System.nanoTime();
        AgentDesk desk;

        abstract ApprovalQueue approvals();

        abstract ConversationStore conversations();

        @BeforeEach
        void aDraftWaitsForAnAgent() {
            desk = new AgentDesk(approvals(), conversations(), compliance, outbound, audit, learning, meters, clock,
                    flagged, variants);
            Instant now = clock.instant();
            conversations().update(customer, c -> c.customerMessaged(now, now)).block(WAIT);
            conversations().update(customer, c -> c.draftingStarted(now, "m1")).block(WAIT);
            conversations().update(customer, c -> c.draftQueuedForApproval(now)).block(WAIT);
            PendingDraft draft = PendingDraft.awaiting(draftId, customer, "m1", "信用卡年费怎么收？",
                            "您好，本行信用卡首年免年费。", now, Duration.ofMinutes(10))
                    .withSources(List.of("kb-1@2"), 0.97, "信用卡")
                    .withCandidates(List.of(new PendingDraft.Candidate(1, "kb-1", 2, "信用卡年费怎么收？",
                            "您好，本行信用卡首年免年费。", "信用卡", 0.03), new PendingDraft.Candidate(2, "kb-2", 1,
                            "信用卡年费可以免吗？", "您好，信用卡当年刷卡满六次即可免次年年费。", "信用卡", 0.02)));
            assertThat(approvals().enqueue(draft).block(WAIT).ok()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Decision.class)
        void aDecisionWhoseReplyIsNotHandedOnPutsTheDraftBackAndTheNextOneSendsItOnce(Decision decision) {
            approvals().claim(draftId, "alice", LEASE).block(WAIT);
            outbound.failures.set(1);

            assertThat(decide(decision, "alice").map(done -> "decided").onErrorResume(e -> Mono.just(e.toString()))
                    .block(WAIT)).as("the agent is told it failed").contains("not written to Kafka");

            List<QueuedDraft> pending = approvals().pending().filter(q -> q.draft().draftId().equals(draftId))
                    .collectList().block(WAIT);
            assertThat(pending).as("the draft is back in the queue").singleElement()
                    .satisfies(q -> assertThat(q.claimed()).as("for anyone to claim").isFalse());
            Conversation waiting = conversations().get(customer).block(WAIT);
            assertThat(waiting.state()).as("the conversation waits for the draft that is in the queue")
                    .isEqualTo(ConversationState.AWAITING_APPROVAL);
            assertThat(audit.ofConversation(customer.id(), 50).collectList().block(WAIT))
                    .filteredOn(e -> e.type() == AuditEvent.Type.NOT_SENT).singleElement()
                    .satisfies(e -> assertThat(e.details().get("reason").toString()).contains("back in the queue"));
            assertThat(outbound.handedOn).isEmpty();

            // decided again, by another agent: handed on once
            approvals().claim(draftId, "bob", LEASE).block(WAIT);
            decide(decision, "bob").block(WAIT);
            assertThat(outbound.handedOn).singleElement().satisfies(reply -> {
                assertThat(reply.draftId()).isEqualTo(draftId);
                assertThat(reply.actor()).isEqualTo("bob");
            });
            assertThat(approvals().pending().filter(q -> q.draft().draftId().equals(draftId)).collectList()
                    .block(WAIT)).isEmpty();
        }

        /**
         * The embedded mode sends at once: an answer that fails for good was made undeliverable there
         * (its customer handed to people) before the agent hears of it. Then nothing is put back: the
         * customer is in front of people, and the draft must not be approved into their conversation.
         */
        @ParameterizedTest
        @EnumSource(value = Decision.class, names = {"APPROVE", "CANDIDATE"})
        void anAnswerMadeUndeliverableLeavesItsCustomerWithPeopleAndTheDraftDecided(Decision decision) {
            desk = new AgentDesk(approvals(), conversations(), compliance, reply -> conversations()
                    .update(customer, c -> c.handedToPool(new HandOff("send-failed", 100, clock.instant()),
                            clock.instant()))
                    .then(Mono.error(new IllegalStateException("WeCom errcode 40003"))),
                    audit, learning, meters, clock, flagged, variants);
            approvals().claim(draftId, "alice", LEASE).block(WAIT);

            assertThat(decide(decision, "alice").map(done -> "decided").onErrorResume(e -> Mono.just(e.toString()))
                    .block(WAIT)).contains("40003");

            assertThat(conversations().get(customer).block(WAIT).state()).isEqualTo(ConversationState.QUEUED);
            assertThat(approvals().pending().filter(q -> q.draft().draftId().equals(draftId)).collectList()
                    .block(WAIT)).isEmpty();
        }

        private Mono<AgentDesk.Done> decide(Decision decision, String agent) {
            return switch (decision) {
                case APPROVE -> desk.approve(draftId, agent, null);
                case EDIT -> desk.approve(draftId, agent, "您好，本行信用卡首年免年费，次年刷卡满六次免年费。");
                case CANDIDATE -> desk.sendCandidate(draftId, agent, "kb-2");
                case REJECT_WITH_ANSWER -> desk.reject(draftId, agent, "不准确", "您好，我来为您查询年费政策。");
            };
        }
    }

    @Nested
    class InMemory extends Desk {
        final ApprovalQueue approvals = new InMemoryApprovalQueue(Clock.systemUTC(), Duration.ofHours(1));
        final ConversationStore conversations = new InMemoryConversationStore(Duration.ofHours(1), Clock.systemUTC());

        ApprovalQueue approvals() { return approvals; }

        ConversationStore conversations() { return conversations; }
    }

    @Nested
    class OnRedis extends Desk {
        final String prefix = RedisTestServer.freshPrefix();
        final ApprovalQueue approvals = new RedisApprovalQueue(RedisTestServer.template(), prefix, Duration.ofHours(1),
                Clock.systemUTC());
        final ConversationStore conversations = new RedisConversationStore(RedisTestServer.template(), prefix,
                Duration.ofHours(1), 10, Clock.systemUTC());

        ApprovalQueue approvals() { return approvals; }

        ConversationStore conversations() { return conversations; }
    }
}
