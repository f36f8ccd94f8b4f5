package com.wecomassist.approval.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.Claim;
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
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The approval queue's contract, for the in-memory and the Redis adapter. */
class ApprovalQueueContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration RETENTION = Duration.ofHours(1);

    abstract static class Contract {

        abstract ApprovalQueue queue();

        final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        @Test
        void listsByPriorityThenDeadlineAndKeepsEveryField() {
            ApprovalQueue queue = queue();
            PendingDraft a = draft("a", 0, now.plus(Duration.ofMinutes(10)));
            PendingDraft b = draft("b", 5, now.plus(Duration.ofMinutes(30)));
            PendingDraft c = draft("c", 5, now.plus(Duration.ofMinutes(5)));
            PendingDraft d = draft("d", -3, now.plus(Duration.ofMinutes(1)));
            PendingDraft e = draft("e", 0, now.plus(Duration.ofMinutes(1)));
            for (PendingDraft draft : List.of(a, b, c, d, e)) {
                assertThat(queue.enqueue(draft).block(WAIT)).isEqualTo(Outcome.done(draft, null));
            }
            List<QueuedDraft> pending = queue.pending().collectList().block(WAIT);
            assertThat(pending).extracting(q -> q.draft().draftId()).containsExactly("c", "b", "e", "a", "d");
            assertThat(pending).allSatisfy(q -> assertThat(q.claimed()).isFalse());
            assertThat(pending.get(0).draft()).isEqualTo(c);
        }

        @Test
        void enqueueingAKnownIdAgainKeepsTheFirst() {
            ApprovalQueue queue = queue();
            PendingDraft first = draft("dup", 1, now.plus(Duration.ofMinutes(5)));
            queue.enqueue(first).block(WAIT);
            PendingDraft second = PendingDraft.awaiting("dup", first.conversation(), "m2", "?", "另一个草稿", now, Duration.ZERO)
                    .withSources(List.of(), 0.1, null)
                    .withRouting(List.of(), 9, null);
            assertThat(queue.enqueue(second).block(WAIT)).isEqualTo(Outcome.refused(Refusal.ALREADY_QUEUED));
            assertThat(queue.pending().collectList().block(WAIT)).extracting(QueuedDraft::draft).containsExactly(first);
        }

        @Test
        void ofManyConcurrentClaimersExactlyOneWins() {
            ApprovalQueue queue = queue();
            queue.enqueue(draft("hot", 0, now.plus(Duration.ofMinutes(5)))).block(WAIT);
            List<Outcome> outcomes = Flux.range(0, 64)
                    .flatMap(i -> queue.claim("hot", "agent" + i, LEASE).subscribeOn(Schedulers.parallel()), 64)
                    .collectList().block(WAIT);
            List<Outcome> won = outcomes.stream().filter(Outcome::ok).toList();
            assertThat(won).hasSize(1);
            String winner = won.get(0).claim().agentId();
            assertThat(outcomes).filteredOn(o -> !o.ok()).hasSize(63).allSatisfy(o -> {
                assertThat(o.refusal()).isEqualTo(Refusal.CLAIMED_BY_ANOTHER);
                assertThat(o.claim().agentId()).isEqualTo(winner);
            });
            assertThat(queue.pending().collectList().block(WAIT))
                    .singleElement().satisfies(q -> assertThat(q.claim().agentId()).isEqualTo(winner));
        }

        @Test
        void theHolderRenewsAndOthersAreRefused() {
            ApprovalQueue queue = queue();
            queue.enqueue(draft("r", 0, now.plus(Duration.ofMinutes(5)))).block(WAIT);
            Outcome first = queue.claim("r", "alice", Duration.ofSeconds(30)).block(WAIT);
            assertThat(first.ok()).isTrue();
            assertThat(first.draft().draftId()).isEqualTo("r");
            Outcome renewed = queue.claim("r", "alice", Duration.ofMinutes(10)).block(WAIT);
            assertThat(renewed.ok()).isTrue();
            assertThat(renewed.claim().leaseUntil()).isAfter(first.claim().leaseUntil().plus(Duration.ofMinutes(5)));
            Outcome other = queue.claim("r", "bob", LEASE).block(WAIT);
            assertThat(other.refusal()).isEqualTo(Refusal.CLAIMED_BY_ANOTHER);
            assertThat(other.claim()).isEqualTo(renewed.claim());
        }

        @Test
        void aLapsedLeaseReturnsTheDraft() throws InterruptedException {
            ApprovalQueue queue = queue();
            queue.enqueue(draft("lapse", 0, now.plus(Duration.ofMinutes(5)))).block(WAIT);
            assertThat(queue.claim("lapse", "alice", Duration.ofMillis(300)).block(WAIT).ok()).isTrue();
            assertThat(queue.claim("lapse", "bob", LEASE).block(WAIT).refusal()).isEqualTo(Refusal.CLAIMED_BY_ANOTHER);
            Thread.sleep(600);
            assertThat(queue.pending().collectList().block(WAIT)).singleElement()
                    .satisfies(q -> assertThat(q.claim()).isNull());
            assertThat(queue.complete("lapse", "alice").block(WAIT).refusal()).isEqualTo(Refusal.NOT_CLAIMED);
            Outcome bob = queue.claim("lapse", "bob", LEASE).block(WAIT);
            assertThat(bob.ok()).isTrue();
            assertThat(bob.claim().agentId()).isEqualTo("bob");
            assertThat(queue.complete("lapse", "alice").block(WAIT).refusal()).isEqualTo(Refusal.CLAIMED_BY_ANOTHER);
        }

        @Test
        void onlyTheHolderReleases() {
            ApprovalQueue queue = queue();
            queue.enqueue(draft("rel", 0, now.plus(Duration.ofMinutes(5)))).block(WAIT);
            assertThat(queue.release("rel", "alice").block(WAIT).refusal()).isEqualTo(Refusal.NOT_CLAIMED);
            queue.claim("rel", "alice", LEASE).block(WAIT);
            Outcome byBob = queue.release("rel", "bob").block(WAIT);
            assertThat(byBob.refusal()).isEqualTo(Refusal.CLAIMED_BY_ANOTHER);
            assertThat(byBob.claim().agentId()).isEqualTo("alice");
            Outcome released = queue.release("rel", "alice").block(WAIT);
            assertThat(released.ok()).isTrue();
            assertThat(released.draft().draftId()).isEqualTo("rel");
            assertThat(queue.pending().collectList().block(WAIT)).singleElement()
                    .satisfies(q -> assertThat(q.claimed()).isFalse());
            assertThat(queue.claim("rel", "bob", LEASE).block(WAIT).ok()).isTrue();
        }

        @Test
        void completesAtMostOnceAndOnlyForTheHolder() {
            ApprovalQueue queue = queue();
            PendingDraft once = draft("once", 2, now.plus(Duration.ofMinutes(5)));
            queue.enqueue(once).block(WAIT);
            queue.enqueue(draft("other", 0, now.plus(Duration.ofMinutes(5)))).block(WAIT);
            assertThat(queue.complete("once", "alice").block(WAIT).refusal()).isEqualTo(Refusal.NOT_CLAIMED);
            queue.claim("once", "alice", LEASE).block(WAIT);
            assertThat(queue.complete("once", "bob").block(WAIT).refusal()).isEqualTo(Refusal.CLAIMED_BY_ANOTHER);

            List<Outcome> outcomes = Flux.range(0, 32)
                    .flatMap(i -> queue.complete("once", "alice").subscribeOn(Schedulers.parallel()), 32)
                    .collectList().block(WAIT);
            List<Outcome> done = outcomes.stream().filter(Outcome::ok).toList();
            assertThat(done).hasSize(1);
            assertThat(done.get(0).draft()).isEqualTo(once);
            assertThat(done.get(0).claim().agentId()).isEqualTo("alice");
            assertThat(outcomes).filteredOn(o -> !o.ok()).hasSize(31)
                    .allSatisfy(o -> assertThat(o.refusal()).isEqualTo(Refusal.ALREADY_COMPLETED));

            assertThat(queue.pending().collectList().block(WAIT)).extracting(q -> q.draft().draftId())
                    .containsExactly("other");
            assertThat(queue.claim("once", "bob", LEASE).block(WAIT).refusal()).isEqualTo(Refusal.ALREADY_COMPLETED);
            assertThat(queue.release("once", "alice").block(WAIT).refusal()).isEqualTo(Refusal.ALREADY_COMPLETED);
            assertThat(queue.raisePriority("once", 1).block(WAIT).refusal()).isEqualTo(Refusal.ALREADY_COMPLETED);
            assertThat(queue.enqueue(once).block(WAIT).refusal()).isEqualTo(Refusal.ALREADY_COMPLETED);
            assertThat(queue.overdue(now.plus(Duration.ofHours(1))).collectList().block(WAIT))
                    .extracting(PendingDraft::draftId).containsExactly("other");
        }

        /** A decision that could not be carried out: the completed draft is back, unclaimed, to be decided once more. */
        @Test
        void aCompletedDraftReopensUnclaimedInItsPlaceAndCompletesOnceMore() {
            ApprovalQueue queue = queue();
            PendingDraft other = draft("other", 1, now.plus(Duration.ofMinutes(2)));
            PendingDraft drafted = draft("undone", 1, now.plus(Duration.ofMinutes(1)));
            queue.enqueue(other).block(WAIT);
            queue.enqueue(drafted).block(WAIT);
            queue.claim("undone", "alice", LEASE).block(WAIT);
            queue.raisePriority("undone", 5).block(WAIT);
            PendingDraft completed = queue.complete("undone", "alice").block(WAIT).draft();
            assertThat(queue.reopen(other.withPriority(99)).block(WAIT)).as("still queued: nothing to reopen")
                    .isEqualTo(Outcome.refused(Refusal.ALREADY_QUEUED));

            assertThat(queue.reopen(completed).block(WAIT)).isEqualTo(Outcome.done(completed, null));
            List<QueuedDraft> pending = queue.pending().collectList().block(WAIT);
            assertThat(pending).extracting(q -> q.draft().draftId()).containsExactly("undone", "other");
            assertThat(pending.get(0).draft()).isEqualTo(completed);
            assertThat(pending.get(0).draft().priority()).isEqualTo(6);
            assertThat(pending.get(0).claimed()).as("the claim went with the completion").isFalse();
            assertThat(queue.overdue(now.plus(Duration.ofMinutes(1))).map(PendingDraft::draftId).collectList()
                    .block(WAIT)).containsExactly("undone");
            assertThat(queue.find("undone").block(WAIT)).isEqualTo(Outcome.done(completed, null));
            assertThat(queue.reopen(completed).block(WAIT)).isEqualTo(Outcome.refused(Refusal.ALREADY_QUEUED));

            // decided again, by anyone who claims it, and completed at most once more
            assertThat(queue.complete("undone", "alice").block(WAIT).refusal()).isEqualTo(Refusal.NOT_CLAIMED);
            queue.claim("undone", "bob", LEASE).block(WAIT);
            assertThat(queue.complete("undone", "bob").block(WAIT).ok()).isTrue();
            assertThat(queue.complete("undone", "bob").block(WAIT).refusal()).isEqualTo(Refusal.ALREADY_COMPLETED);
            assertThat(queue.enqueue(completed).block(WAIT).refusal()).isEqualTo(Refusal.ALREADY_COMPLETED);
        }

        @Test
        void unknownDraftsAreRefused() {
            ApprovalQueue queue = queue();
            StepVerifier.create(Flux.concat(queue.claim("nope", "alice", LEASE), queue.release("nope", "alice"),
                            queue.complete("nope", "alice"), queue.raisePriority("nope", 5)))
                    .expectNext(Outcome.refused(Refusal.UNKNOWN_DRAFT), Outcome.refused(Refusal.UNKNOWN_DRAFT),
                            Outcome.refused(Refusal.UNKNOWN_DRAFT), Outcome.refused(Refusal.UNKNOWN_DRAFT))
                    .expectComplete()
                    .verify(WAIT);
            StepVerifier.create(queue.pending()).expectComplete().verify(WAIT);
        }

        @Test
        void raisingThePriorityReordersAndKeepsTheClaim() {
            ApprovalQueue queue = queue();
            queue.enqueue(draft("early", 0, now.plus(Duration.ofMinutes(1)))).block(WAIT);
            queue.enqueue(draft("late", 0, now.plus(Duration.ofMinutes(2)))).block(WAIT);
            assertThat(ids(queue)).containsExactly("early", "late");
            Claim alice = queue.claim("late", "alice", LEASE).block(WAIT).claim();

            Outcome raised = queue.raisePriority("late", 3).block(WAIT);
            assertThat(raised.ok()).isTrue();
            assertThat(raised.draft().priority()).isEqualTo(3);
            assertThat(raised.claim()).isEqualTo(alice);
            assertThat(ids(queue)).containsExactly("late", "early");
            assertThat(queue.pending().blockFirst(WAIT).claim()).isEqualTo(alice);

            queue.raisePriority("early", 2).block(WAIT);
            assertThat(ids(queue)).containsExactly("late", "early");
            queue.raisePriority("early", 1).block(WAIT);
            assertThat(ids(queue)).as("equal priority: the earlier deadline first").containsExactly("early", "late");
            assertThat(queue.raisePriority("early", Integer.MAX_VALUE).block(WAIT).draft().priority())
                    .isEqualTo(PendingDraft.MAX_PRIORITY);
            assertThat(queue.raisePriority("late", -5).block(WAIT).draft().priority()).isEqualTo(-2);
            assertThat(ids(queue)).containsExactly("early", "late");
        }

        @Test
        void listsOverdueDraftsByDeadline() {
            ApprovalQueue queue = queue();
            queue.enqueue(draft("soon", 9, now.plus(Duration.ofMinutes(1)))).block(WAIT);
            queue.enqueue(draft("lateA", 0, now.minus(Duration.ofMinutes(1)))).block(WAIT);
            queue.enqueue(draft("lateB", 5, now.minus(Duration.ofMinutes(3)))).block(WAIT);
            queue.enqueue(draft("exact", 0, now)).block(WAIT);
            assertThat(queue.overdue(now).collectList().block(WAIT)).extracting(PendingDraft::draftId)
                    .containsExactly("lateB", "lateA", "exact");
            assertThat(queue.overdue(now.minus(Duration.ofMinutes(10))).collectList().block(WAIT)).isEmpty();
            assertThat(queue.overdue(now.plus(Duration.ofMinutes(1))).collectList().block(WAIT)).hasSize(4);
        }

        private static List<String> ids(ApprovalQueue queue) {
            return queue.pending().map(q -> q.draft().draftId()).collectList().block(WAIT);
        }

        @Test
        void aRerouteMovesTheDraftToAnotherQueueKeepingEverythingElseAndNeverRevivesADecidedOne() {
            ApprovalQueue queue = queue();
            PendingDraft drafted = draft("moving", 3, now.plus(Duration.ofMinutes(5)));
            queue.enqueue(drafted).block(WAIT);
            queue.claim("moving", "carol", LEASE).block(WAIT);
            queue.raisePriority("moving", 2).block(WAIT);

            Outcome moved = queue.reroute("moving", "zhaolei").block(WAIT);
            assertThat(moved.ok()).isTrue();
            assertThat(moved.draft().queue()).isEqualTo("zhaolei");
            QueuedDraft held = queue.pending().filter(q -> q.draft().draftId().equals("moving")).blockFirst(WAIT);
            assertThat(held.draft()).isEqualTo(drafted.withRouting(drafted.reasons(), 5, "zhaolei"));
            assertThat(held.claim().agentId()).isEqualTo("carol");

            queue.complete("moving", "carol").block(WAIT);
            assertThat(queue.reroute("moving", "wangfang").block(WAIT).refusal()).isEqualTo(Refusal.ALREADY_COMPLETED);
            assertThat(queue.pending().collectList().block(WAIT)).isEmpty();
            assertThat(queue.reroute("never-queued", "x").block(WAIT).refusal()).isEqualTo(Refusal.UNKNOWN_DRAFT);
        }

        PendingDraft draft(String id, int priority, Instant deadline) {
            return PendingDraft.awaiting(id, ConversationKey.kf("wkBank", "wm" + id), "msg-" + id, "信用卡年费怎么收？",
                            "您好，本行信用卡首年免年费……", now, Duration.between(now, deadline))
                    .withSources(List.of("kb-17@3", "kb-42@1"), 0.62, null)
                    .withRouting(List.of("low_confidence", "product_advice"), priority, "mgr-" + (priority % 2))
                    .withHits(List.of(new PendingDraft.Finding("rule-" + id, "REVIEW", 0, 2, "说明")))
                    .withCandidates(CANDIDATES);
        }

        @Test
        void keepsTheCandidatesWithTheirAnswersThroughEveryAction() {
            ApprovalQueue queue = queue();
            PendingDraft drafted = draft("cand", 0, now.plus(Duration.ofMinutes(5)));
            queue.enqueue(drafted).block(WAIT);

            List<PendingDraft.Candidate> listed = queue.pending().blockFirst(WAIT).draft().candidates();
            assertThat(listed).containsExactlyElementsOf(CANDIDATES);
            assertThat(listed).extracting(PendingDraft.Candidate::rank).containsExactly(1, 2, 3);
            assertThat(listed.get(1).answer()).isEqualTo("您好，信用卡当年刷卡满六次即可免次年年费。");
            assertThat(listed.get(2).score()).isEqualTo(0.0125);
            assertThat(listed.get(2).category()).isNull();
            assertThat(queue.claim("cand", "alice", LEASE).block(WAIT).draft().candidates()).isEqualTo(CANDIDATES);
            assertThat(queue.raisePriority("cand", 2).block(WAIT).draft().candidates()).isEqualTo(CANDIDATES);
            Outcome done = queue.complete("cand", "alice").block(WAIT);
            assertThat(done.draft().candidate("kb-42")).contains(CANDIDATES.get(1));
            assertThat(done.draft().candidate("kb-nope")).isEmpty();
        }

        @Test
        void findsADraftWithItsLiveClaimAndChangesNothing() {
            ApprovalQueue queue = queue();
            assertThat(queue.find("lookup").block(WAIT)).isEqualTo(Outcome.refused(Refusal.UNKNOWN_DRAFT));
            PendingDraft drafted = draft("lookup", 4, now.plus(Duration.ofMinutes(5)));
            queue.enqueue(drafted).block(WAIT);

            assertThat(queue.find("lookup").block(WAIT)).isEqualTo(Outcome.done(drafted, null));
            Claim alice = queue.claim("lookup", "alice", LEASE).block(WAIT).claim();
            Outcome found = queue.find("lookup").block(WAIT);
            assertThat(found.draft()).isEqualTo(drafted);
            assertThat(found.claim()).isEqualTo(alice);
            // finding is no claim: bob is still refused, alice still holds it
            assertThat(queue.claim("lookup", "bob", LEASE).block(WAIT).refusal()).isEqualTo(Refusal.CLAIMED_BY_ANOTHER);
            assertThat(queue.pending().blockFirst(WAIT).claim()).isEqualTo(alice);

            queue.complete("lookup", "alice").block(WAIT);
            assertThat(queue.find("lookup").block(WAIT)).isEqualTo(Outcome.refused(Refusal.ALREADY_COMPLETED));
        }

        // ---------------------------------------------------------------- personal data: drafts out without a decision

        PendingDraft customerDraft(String id, ConversationKey conversation, Instant enqueuedAt) {
            return PendingDraft.awaiting(id, conversation, "msg-" + id, "我的卡号是[银行卡1]，年费怎么收？",
                    "您好，本行信用卡首年免年费……", enqueuedAt, Duration.ofMinutes(3));
        }

        @Test
        void aCustomersDraftsOnEveryAccountAreFoundAndTakenOutClaimedOrNot() {
            ApprovalQueue queue = queue();
            queue.enqueue(customerDraft("e1", ConversationKey.kf("wkA", "wmErase"), now)).block(WAIT);
            queue.enqueue(customerDraft("e2", ConversationKey.kf("wkB", "wmErase"), now.plusMillis(1))).block(WAIT);
            queue.enqueue(customerDraft("k1", ConversationKey.kf("wkA", "wmKeep"), now)).block(WAIT);
            queue.enqueue(customerDraft("k2", ConversationKey.kf("wkA", "x:wmErase"), now)).block(WAIT);
            queue.claim("e1", "alice", LEASE).block(WAIT);
            queue.claim("k1", "bob", LEASE).block(WAIT);

            assertThat(queue.forCustomer("wmErase").map(q -> q.draft().draftId()).collectList().block(WAIT))
                    .containsExactlyInAnyOrder("e1", "e2");
            assertThat(queue.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);

            assertThat(ids(queue)).containsExactlyInAnyOrder("k1", "k2");
            assertThat(queue.overdue(now.plus(Duration.ofHours(1))).map(PendingDraft::draftId).collectList().block(WAIT))
                    .containsExactlyInAnyOrder("k1", "k2");
            assertThat(queue.find("k1").block(WAIT).claim().agentId()).as("another customer's claim stays").isEqualTo("bob");
            // the holder's approval finds nothing to send
            assertThat(queue.complete("e1", "alice").block(WAIT)).isEqualTo(Outcome.refused(Refusal.UNKNOWN_DRAFT));
            assertThat(queue.eraseCustomer("wmErase").block(WAIT)).isZero();
            // not remembered as completed: the customer's next question may queue a draft again
            assertThat(queue.enqueue(customerDraft("e1", ConversationKey.kf("wkA", "wmErase"), now)).block(WAIT).ok())
                    .isTrue();
        }

        @Test
        void draftsQueuedBeforeTheCutoffAndStillUndecidedAreForgotten() {
            ApprovalQueue queue = queue();
            queue.enqueue(customerDraft("old", ConversationKey.kf("wkA", "wmOld"), now.minus(Duration.ofDays(8))))
                    .block(WAIT);
            queue.enqueue(customerDraft("new", ConversationKey.kf("wkA", "wmNew"), now.minus(Duration.ofDays(1))))
                    .block(WAIT);
            queue.claim("old", "alice", LEASE).block(WAIT);

            assertThat(queue.forgetBefore(now.minus(Duration.ofDays(7))).map(PendingDraft::draftId).collectList()
                    .block(WAIT)).containsExactly("old");
            assertThat(ids(queue)).containsExactly("new");
            assertThat(queue.forgetBefore(now.minus(Duration.ofDays(7))).collectList().block(WAIT)).isEmpty();
        }
    }

    /** Retrieval's best three for the contract's drafts: one without a category, scores not probabilities. */
    static final List<PendingDraft.Candidate> CANDIDATES = List.of(
            new PendingDraft.Candidate(1, "kb-17", 3, "信用卡年费怎么收？", "您好，本行信用卡首年免年费……", "信用卡", 0.0331),
            new PendingDraft.Candidate(2, "kb-42", 1, "信用卡年费可以免吗？", "您好，信用卡当年刷卡满六次即可免次年年费。",
                    "信用卡", 0.0289),
            new PendingDraft.Candidate(3, "kb-7", 12, "借记卡年费", "您好，借记卡小额账户管理费已取消。", null, 0.0125));

    @Nested
    class InMemory extends Contract {
        final ApprovalQueue queue = new InMemoryApprovalQueue(Clock.systemUTC(), RETENTION);

        ApprovalQueue queue() { return queue; }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final ApprovalQueue queue = new RedisApprovalQueue(RedisTestServer.template(), prefix, RETENTION,
                Clock.systemUTC());

        ApprovalQueue queue() { return queue; }

        /** A draft stored by a gateway that kept no candidates (its JSON has no such key) still reads. */
        @Test
        void aDraftStoredWithoutCandidatesStillReads() {
            PendingDraft drafted = draft("old", 1, now.plus(Duration.ofMinutes(5)));
            queue.enqueue(drafted).block(WAIT);
            String key = prefix + "approval:draft:old";
            String json = RedisTestServer.template().<String, String>opsForHash().get(key, "json").block(WAIT);
            ObjectNode stored = (ObjectNode) JSON.readTree(json);
            assertThat(stored.has("candidates")).as("the key this test takes out").isTrue();
            stored.remove("candidates");
            RedisTestServer.template().opsForHash().put(key, "json", JSON.writeValueAsString(stored)).block(WAIT);

            PendingDraft read = queue.pending().blockFirst(WAIT).draft();
            assertThat(read.candidates()).isEmpty();
            assertThat(read.withCandidates(CANDIDATES)).isEqualTo(drafted);
            assertThat(queue.find("old").block(WAIT).draft().candidates()).isEmpty();
            queue.claim("old", "alice", LEASE).block(WAIT);
            assertThat(queue.complete("old", "alice").block(WAIT).draft().draftText()).isEqualTo(drafted.draftText());
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();
}
