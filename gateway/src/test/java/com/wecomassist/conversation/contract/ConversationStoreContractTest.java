package com.wecomassist.conversation.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationConflictException;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.conversation.OfferedMenu;
import com.wecomassist.conversation.Transition;
import com.wecomassist.conversation.memory.InMemoryConversationStore;
import com.wecomassist.conversation.redis.RedisConversationStore;
import com.wecomassist.testing.RedisTestServer;
import com.wecomassist.wecom.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The conversation store's contract, for the in-memory and the Redis adapter. */
class ConversationStoreContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration LONG_TTL = Duration.ofHours(1);

    abstract static class Contract {

        final MutableClock clock = new MutableClock(T0);

        abstract ConversationStore store(Duration idleTtl, int maxCasRetries);

        ConversationStore store() {
            return store(LONG_TTL, 100);
        }

        @BeforeEach
        void connect() {
            // Opens the shared Redis connection on the test thread: Lettuce's first connect waits,
            // which BlockHound rightly refuses on the parallel threads the concurrency tests use.
            store().get(ConversationKey.kf("wkWarm", "up")).block(WAIT);
        }

        /** One more reply counted, with no rule in the way: what concurrent writers fight over. */
        static Transition oneMoreReply(Conversation c) {
            return Transition.allowed(new Conversation(c.key(), c.state(), c.servicerUserId(), c.version(), c.lastCustomerMessageAt(),
                    c.repliesSinceCustomerMessage() + 1, c.lowConfidenceStreak(), c.updatedAt(), c.answeredThrough(), c.handOff(), c.menu()));
        }

        @Test
        void anAbsentConversationIsFreshAndNew() {
            ConversationKey key = ConversationKey.kf("wkA", "nobody");
            StepVerifier.create(store().get(key))
                    .expectNext(Conversation.fresh(key, T0))
                    .expectComplete()
                    .verify(WAIT);
        }

        @Test
        void anUpdateIsStoredWithTheNextVersionAndReadBack() {
            ConversationStore store = store();
            ConversationKey key = ConversationKey.kf("wkA", "wm1");
            Conversation first = store.update(key, c -> c.customerMessaged(T0, T0.plusSeconds(1))).map(Transition::conversation).block(WAIT);
            assertThat(first.version()).isEqualTo(1);
            assertThat(first.lastCustomerMessageAt()).isEqualTo(T0);
            assertThat(first.updatedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(store.get(key).block(WAIT)).isEqualTo(first);

            Conversation second = store.update(key, c -> c.personTookOver("agentLi", T0.plusSeconds(2))).map(Transition::conversation)
                    .block(WAIT);
            assertThat(second.version()).isEqualTo(2);
            assertThat(second.state()).isEqualTo(ConversationState.HUMAN);
            assertThat(second.servicerUserId()).isEqualTo("agentLi");
            assertThat(store.get(key).block(WAIT)).isEqualTo(second);
        }

        @Test
        void theLineTheBotTookUpIsStoredAndReadBack() {
            ConversationStore store = store();
            ConversationKey key = ConversationKey.kf("wkA", "wmTakenUp");
            store.update(key, c -> c.customerMessaged(T0, T0)).map(Transition::conversation).block(WAIT);
            Conversation drafting = store.update(key, c -> c.draftingStarted(T0.plusSeconds(1), "msgA")).map(Transition::conversation)
                    .block(WAIT);
            assertThat(drafting.answeredThrough()).isEqualTo("msgA");
            assertThat(store.get(key).block(WAIT)).isEqualTo(drafting);
        }

        @Test
        void aRejectedChangeWritesNothing() {
            ConversationStore store = store();
            ConversationKey key = ConversationKey.kf("wkA", "wm2");
            Conversation ended = store.update(key, c -> c.ended(T0)).map(Transition::conversation).block(WAIT);
            assertThat(ended.version()).isEqualTo(1);
            Conversation again = store.update(key, c -> c.ended(T0.plusSeconds(5))).map(Transition::conversation).block(WAIT);
            assertThat(again).isEqualTo(ended);
            assertThat(store.get(key).block(WAIT).version()).isEqualTo(1);

            ConversationKey untouched = ConversationKey.kf("wkA", "wm3");
            assertThat(store.update(untouched, Transition::allowed).map(Transition::conversation).block(WAIT)).isEqualTo(Conversation.fresh(untouched, T0));
            clock.advance(Duration.ofSeconds(1));
            // Still fresh (built now), not a stored value from before.
            assertThat(store.get(untouched).block(WAIT).updatedAt()).isEqualTo(T0.plusSeconds(1));
        }

        @Test
        void aRefusedChangeAnswersWithItsReasonAndTheValueAsStored() {
            ConversationStore store = store();
            ConversationKey key = ConversationKey.kf("wkA", "wmRefused");
            Conversation held = store.update(key, c -> c.personTookOver("agentLi", T0)).map(Transition::conversation)
                    .block(WAIT);

            Transition refused = store.update(key, c -> c.draftingStarted(T0.plusSeconds(1), "msgB")).block(WAIT);

            assertThat(refused).isInstanceOf(Transition.Refused.class);
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.refusal()).contains("cannot start drafting in HUMAN");
            assertThat(refused.conversation()).isEqualTo(held);
            assertThat(store.get(key).block(WAIT)).isEqualTo(held);
        }

        @Test
        void anAllowedChangeAnswersWithWhatWasStored() {
            ConversationStore store = store();
            ConversationKey key = ConversationKey.kf("wkA", "wmAllowed");
            Transition allowed = store.update(key, c -> c.customerMessaged(T0, T0)).block(WAIT);
            assertThat(allowed).isInstanceOf(Transition.Allowed.class);
            assertThat(allowed.refusal()).isNull();
            assertThat(allowed.conversation().version()).isEqualTo(1);
            assertThat(store.get(key).block(WAIT)).isEqualTo(allowed.conversation());
        }

        @Test
        void theStoreOwnsTheVersion() {
            ConversationStore store = store();
            ConversationKey key = ConversationKey.kf("wkA", "wm4");
            Conversation stored = store.update(key, c -> Transition.allowed(c.ended(T0).conversation().withVersion(42))).map(Transition::conversation).block(WAIT);
            assertThat(stored.version()).isEqualTo(1);
        }

        @Test
        void aChangeCannotMoveTheConversationToAnotherKey() {
            ConversationStore store = store();
            ConversationKey key = ConversationKey.kf("wkA", "wm5");
            ConversationKey other = ConversationKey.kf("wkA", "wm6");
            StepVerifier.create(store.update(key, c -> Conversation.fresh(other, T0).ended(T0)))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("wm6"))
                    .verify(WAIT);
            assertThat(store.get(key).block(WAIT).version()).isZero();
            assertThat(store.get(other).block(WAIT).version()).isZero();
        }

        @Test
        void concurrentUpdatesAreEachAppliedExactlyOnce() {
            ConversationStore store = store();
            ConversationKey key = ConversationKey.kf("wkA", "busy");
            List<Conversation> results = Flux.range(0, 50)
                    .flatMap(i -> store.update(key, Contract::oneMoreReply).map(Transition::conversation).subscribeOn(Schedulers.parallel()), 50)
                    .collectList()
                    .block(WAIT);
            assertThat(results).hasSize(50);
            // Each writer saw a distinct version: no two were based on the same value.
            assertThat(results).extracting(Conversation::version).doesNotHaveDuplicates();
            Conversation last = store.get(key).block(WAIT);
            assertThat(last.repliesSinceCustomerMessage()).isEqualTo(50);
            assertThat(last.version()).isEqualTo(50);
        }

        @Test
        void withoutRetriesConflictsSurfaceAndNoUpdateIsLostOrDoubled() {
            ConversationStore store = store(LONG_TTL, 0);
            ConversationKey key = ConversationKey.kf("wkA", "contended");
            AtomicInteger succeeded = new AtomicInteger();
            List<Throwable> failures = Flux.range(0, 30)
                    .flatMap(i -> store.update(key, Contract::oneMoreReply).map(Transition::conversation).subscribeOn(Schedulers.parallel())
                            .doOnNext(c -> succeeded.incrementAndGet())
                            .then(Mono.<Throwable>empty())
                            .onErrorResume(Mono::just), 30)
                    .collectList()
                    .block(WAIT);
            assertThat(failures).allSatisfy(e -> assertThat(e).isInstanceOf(ConversationConflictException.class)
                    .hasMessageContaining("contended"));
            assertThat(succeeded.get() + failures.size()).isEqualTo(30);
            Conversation last = store.get(key).block(WAIT);
            assertThat(last.repliesSinceCustomerMessage()).isEqualTo(succeeded.get());
            assertThat(last.version()).isEqualTo(succeeded.get());
        }

        @Test
        void anIdleConversationExpires() {
            ConversationStore store = store(Duration.ofMillis(300), 3);
            ConversationKey key = ConversationKey.kf("wkA", "idle");
            store.update(key, c -> c.customerMessaged(T0, T0)).map(Transition::conversation).block(WAIT);
            assertThat(store.get(key).block(WAIT).version()).isEqualTo(1);
            await().atMost(WAIT).until(() -> store.get(key).block(WAIT).version() == 0);
            assertThat(store.get(key).block(WAIT)).isEqualTo(Conversation.fresh(key, T0));
        }

        @Test
        void conversationsWaitingForAPersonAreListedMostUrgentFirstThenLongestWaiting() {
            ConversationStore store = store();
            ConversationKey askedForPerson = ConversationKey.kf("wkW", "wmAsked");
            ConversationKey lostCard = ConversationKey.kf("wkW", "wmLostCard");
            ConversationKey earlierAsked = ConversationKey.kf("wkW", "wmEarlier");
            ConversationKey claimed = ConversationKey.kf("wkW", "wmClaimed");
            ConversationKey withTheBot = ConversationKey.kf("wkW", "wmBot");
            queue(store, askedForPerson, new HandOff("customer-asked-for-person", 0, T0.plusSeconds(20)));
            queue(store, lostCard, new HandOff("fraud-or-lost-card", 100, T0.plusSeconds(30)));
            queue(store, earlierAsked, new HandOff("customer-asked-for-person", 0, T0.plusSeconds(10)));
            queue(store, claimed, new HandOff("send-failed", 100, T0.plusSeconds(5)));
            store.update(claimed, c -> c.handedToPerson("agentLi", T0.plusSeconds(40))).block(WAIT);
            store.update(withTheBot, c -> c.customerMessaged(T0, T0)).block(WAIT);

            List<Conversation> waiting = store.waiting().collectList().block(WAIT);

            assertThat(waiting).extracting(Conversation::key).containsExactly(claimed, lostCard, earlierAsked,
                    askedForPerson);
            assertThat(waiting.get(0).servicerUserId()).isEqualTo("agentLi");
            assertThat(waiting.get(0).handOff()).isEqualTo(new HandOff("send-failed", 100, T0.plusSeconds(5)));
            assertThat(waiting.get(1)).isEqualTo(store.get(lostCard).block(WAIT));
        }

        @Test
        void aConversationLeavesTheListWhenTheBotHoldsItAgainOrItEnds() {
            ConversationStore store = store();
            ConversationKey handedBack = ConversationKey.kf("wkW", "wmBack");
            ConversationKey ended = ConversationKey.kf("wkW", "wmEnded");
            ConversationKey stays = ConversationKey.kf("wkW", "wmStays");
            queue(store, handedBack, new HandOff("complaint", 50, T0));
            queue(store, ended, new HandOff("complaint", 50, T0));
            queue(store, stays, new HandOff("complaint", 50, T0));
            assertThat(store.waiting().collectList().block(WAIT)).hasSize(3);

            store.update(handedBack, c -> c.handedBackToBot(T0.plusSeconds(1))).block(WAIT);
            store.update(ended, c -> c.ended(T0.plusSeconds(1))).block(WAIT);

            assertThat(store.waiting().collectList().block(WAIT)).extracting(Conversation::key).containsExactly(stays);
        }

        @Test
        void aConversationWaitingForAPersonIsNotForgottenWhenIdleAndExpiresOnceTheBotHasItBack() {
            ConversationStore store = store(Duration.ofMillis(300), 3);
            ConversationKey waiting = ConversationKey.kf("wkW", "wmPatient");
            ConversationKey idle = ConversationKey.kf("wkW", "wmIdle");
            queue(store, waiting, new HandOff("fraud-or-lost-card", 100, T0));
            store.update(idle, c -> c.customerMessaged(T0, T0)).block(WAIT);

            // the idle one is forgotten; the waiting one, written at the same time, is still there after it
            await().atMost(WAIT).until(() -> store.get(idle).block(WAIT).version() == 0);
            assertThat(store.get(waiting).block(WAIT).state()).isEqualTo(ConversationState.QUEUED);
            assertThat(store.waiting().collectList().block(WAIT)).extracting(Conversation::key).containsExactly(waiting);

            store.update(waiting, c -> c.handedBackToBot(T0.plusSeconds(1))).block(WAIT);
            await().atMost(WAIT).until(() -> store.get(waiting).block(WAIT).version() == 0);
            assertThat(store.waiting().collectList().block(WAIT)).isEmpty();
        }

        @Test
        void lapsedMenusAreFoundEarliestFirstUntilClosedOrThePeopleHaveTheConversation() {
            ConversationStore store = store();
            String run = Long.toString(System.nanoTime());
            ConversationKey later = ConversationKey.kf("wkM", "wmLater" + run);
            ConversationKey earlier = ConversationKey.kf("wkM", "wmEarlier" + run);
            ConversationKey notYet = ConversationKey.kf("wkM", "wmNotYet" + run);
            ConversationKey chose = ConversationKey.kf("wkM", "wmChose" + run);
            ConversationKey handedOff = ConversationKey.kf("wkM", "wmHandedOff" + run);
            offerMenu(store, later, T0.plusSeconds(60));
            offerMenu(store, earlier, T0.plusSeconds(30));
            offerMenu(store, notYet, T0.plusSeconds(600));
            offerMenu(store, chose, T0.plusSeconds(10));
            offerMenu(store, handedOff, T0.plusSeconds(10));
            assertThat(store.update(chose, c -> c.menuClosed("q-" + chose.peer(), T0.plusSeconds(5))).block(WAIT)
                    .allowed()).isTrue();
            store.update(handedOff, c -> c.handedToPool(new HandOff("complaint", 50, T0), T0)).block(WAIT);

            List<Conversation> lapsed = store.menusLapsed(T0.plusSeconds(120))
                    .filter(c -> c.key().peer().endsWith(run)).collectList().block(WAIT);

            assertThat(lapsed).extracting(Conversation::key).containsExactly(earlier, later);
            assertThat(lapsed.get(0).menu()).isEqualTo(store.get(earlier).block(WAIT).menu());
            assertThat(lapsed.get(0).menu().items()).extracting(OfferedMenu.Item::entryId).containsExactly("e1", "e2");
            // closing the same menu twice: the second is refused (a click and the lapse watch at once)
            assertThat(store.update(chose, c -> c.menuClosed("q-" + chose.peer(), T0.plusSeconds(6))).block(WAIT)
                    .allowed()).isFalse();
            assertThat(store.menusLapsed(T0.plusSeconds(20)).filter(c -> c.key().peer().endsWith(run))
                    .collectList().block(WAIT)).isEmpty();
        }

        /** A customer who asked and was offered a menu that lapses at {@code expiresAt}. */
        static void offerMenu(ConversationStore store, ConversationKey key, Instant expiresAt) {
            String question = "q-" + key.peer();
            store.update(key, c -> c.customerMessaged(T0, T0)).block(WAIT);
            store.update(key, c -> c.draftingStarted(T0, question)).block(WAIT);
            OfferedMenu menu = new OfferedMenu(question, "密码忘了", List.of(new OfferedMenu.Item("e1", "e1", 3, "忘记借记卡密码怎么办？"),
                    new OfferedMenu.Item("e2", "e2", 1, "手机银行登录密码忘了怎么办？")), T0, expiresAt);
            assertThat(store.update(key, c -> c.menuOffered(menu, T0)).block(WAIT).allowed()).isTrue();
        }

        /** A customer who wrote and was handed to people. */
        static void queue(ConversationStore store, ConversationKey key, HandOff why) {
            store.update(key, c -> c.customerMessaged(T0, T0)).block(WAIT);
            assertThat(store.update(key, c -> c.handedToPool(why, why.since())).block(WAIT).allowed()).isTrue();
        }

        @Test
        void everyWriteRenewsTheIdleTime() throws InterruptedException {
            ConversationStore store = store(Duration.ofMillis(1500), 3);
            ConversationKey key = ConversationKey.kf("wkA", "chatty");
            for (int i = 0; i < 4; i++) {
                store.update(key, Contract::oneMoreReply).map(Transition::conversation).block(WAIT);
                Thread.sleep(600);
            }
            // 2.4 s since the first write, 0.6 s since the last: still there.
            assertThat(store.get(key).block(WAIT).repliesSinceCustomerMessage()).isEqualTo(4);
        }

        @Test
        void conversationsAreKeptApart() {
            ConversationStore store = store();
            ConversationKey a = ConversationKey.kf("wkA", "wm7");
            ConversationKey sameCustomerOtherAccount = ConversationKey.kf("wkB", "wm7");
            ConversationKey employee = ConversationKey.app("1000002", "wm7");
            store.update(a, c -> c.personTookOver("agentLi", T0)).map(Transition::conversation).block(WAIT);
            store.update(sameCustomerOtherAccount, Contract::oneMoreReply).map(Transition::conversation).block(WAIT);
            assertThat(store.get(a).block(WAIT).state()).isEqualTo(ConversationState.HUMAN);
            Conversation other = store.get(sameCustomerOtherAccount).block(WAIT);
            assertThat(other.state()).isEqualTo(ConversationState.NEW);
            assertThat(other.repliesSinceCustomerMessage()).isEqualTo(1);
            assertThat(other.key()).isEqualTo(sameCustomerOtherAccount);
            assertThat(store.get(employee).block(WAIT)).isEqualTo(Conversation.fresh(employee, T0));
        }

        // ---------------------------------------------------------------- a customer's personal data

        @Test
        void aCustomersConversationsOnEveryAccountAreFoundAndForgottenAndNoOneElses() {
            ConversationStore store = store();
            ConversationKey onA = ConversationKey.kf("wkA", "wmErase");
            ConversationKey onB = ConversationKey.kf("wkB", "wmErase");
            ConversationKey other = ConversationKey.kf("wkA", "wmKeep");
            // a peer that merely ends with the customer's id is someone else
            ConversationKey lookalike = ConversationKey.kf("wkA", "x:wmErase");
            ConversationKey employee = ConversationKey.app("1000002", "wmErase");
            for (ConversationKey key : new ConversationKey[] {onA, onB, other, lookalike, employee}) {
                store.update(key, c -> c.customerMessaged(T0, T0)).block(WAIT);
            }
            // waiting for a person: in the waiting list until erased
            store.update(onB, c -> c.handedToPool(new HandOff("complaint", 50, T0), T0)).block(WAIT);
            store.update(other, c -> c.handedToPool(new HandOff("complaint", 50, T0), T0)).block(WAIT);

            assertThat(store.forCustomer("wmErase").map(Conversation::key).collectList().block(WAIT))
                    .containsExactly(onA, onB);
            assertThat(store.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);

            assertThat(store.forCustomer("wmErase").collectList().block(WAIT)).isEmpty();
            assertThat(store.get(onB).block(WAIT).version()).as("read as fresh again").isZero();
            assertThat(store.waiting().map(Conversation::key).collectList().block(WAIT)).containsExactly(other);
            assertThat(store.get(lookalike).block(WAIT).version()).isPositive();
            assertThat(store.get(employee).block(WAIT).version()).isPositive();
            assertThat(store.eraseCustomer("wmErase").block(WAIT)).as("nothing left the second time").isZero();
            assertThat(store.eraseCustomer("wmNobody").block(WAIT)).isZero();
            // the customer writes again: a fresh conversation
            store.update(onA, c -> c.customerMessaged(T0.plusSeconds(5), T0.plusSeconds(5))).block(WAIT);
            assertThat(store.get(onA).block(WAIT).version()).isEqualTo(1);
        }
    }

    @Nested
    class InMemory extends Contract {
        ConversationStore store(Duration idleTtl, int maxCasRetries) {
            return new InMemoryConversationStore(idleTtl, clock);
        }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();

        ConversationStore store(Duration idleTtl, int maxCasRetries) {
            return new RedisConversationStore(RedisTestServer.template(), prefix, idleTtl, maxCasRetries, clock);
        }

        /**
         * An instance starts an update from the value it last saw (no read first): another instance's
         * write in between is neither overwritten nor ignored, and nothing is refused (or let through)
         * on a value that is no longer the stored one.
         */
        @Test
        void anotherInstancesWriteInBetweenIsNeitherLostNorDecidedOnAStaleValue() {
            ConversationStore here = store();
            ConversationStore there = store();
            ConversationKey key = ConversationKey.kf("wkTwo", "wmShared");
            here.update(key, c -> c.customerMessaged(T0, T0)).block(WAIT);

            there.update(key, c -> c.personTookOver("agentWang", T0.plusSeconds(1))).block(WAIT);
            Transition refused = here.update(key, c -> c.draftingStarted(T0.plusSeconds(2), "m1")).block(WAIT);
            assertThat(refused.allowed()).as("the person holds it now").isFalse();
            assertThat(refused.conversation().state()).isEqualTo(ConversationState.HUMAN);
            assertThat(refused.conversation().version()).isEqualTo(2);

            there.update(key, c -> c.handedBackToBot(T0.plusSeconds(3))).block(WAIT);
            Transition allowed = here.update(key, c -> c.draftingStarted(T0.plusSeconds(4), "m1")).block(WAIT);
            assertThat(allowed.allowed()).as("the bot holds it again, whatever this instance saw before").isTrue();
            assertThat(allowed.conversation().version()).isEqualTo(4);

            there.update(key, Contract::oneMoreReply).block(WAIT);
            Conversation last = here.update(key, Contract::oneMoreReply).map(Transition::conversation).block(WAIT);
            assertThat(last.version()).isEqualTo(6);
            assertThat(last.repliesSinceCustomerMessage()).as("both instances' replies counted").isEqualTo(2);
            assertThat(there.get(key).block(WAIT)).isEqualTo(last);
        }

        /**
         * A read that finds the JSON this instance wrote answers the value it remembers (no parse: a turn reads
         * its conversation twice); a read that finds anything else (another instance's write, a value changed
         * by hand) parses what it found.
         */
        @Test
        void aReadOfWhatThisInstanceWroteIsNotParsedAgainAndAnyOtherValueIs() {
            ConversationStore here = store();
            ConversationKey key = ConversationKey.kf("wkTwo", "wmRemembered");
            Conversation written = here.update(key, c -> c.customerMessaged(T0, T0)).map(Transition::conversation)
                    .block(WAIT);
            assertThat(here.get(key).block(WAIT)).as("the remembered value itself").isSameAs(written);

            Conversation theirs = store().update(key, Contract::oneMoreReply).map(Transition::conversation).block(WAIT);
            Conversation read = here.get(key).block(WAIT);
            assertThat(read).isEqualTo(theirs).isNotSameAs(written);
            assertThat(read.repliesSinceCustomerMessage()).isEqualTo(1);

            String redisKey = prefix + "session:conversation:" + key.id();
            String json = RedisTestServer.template().opsForValue().get(redisKey).block(WAIT);
            RedisTestServer.template().opsForValue().set(redisKey,
                    json.replace("\"repliesSinceCustomerMessage\":1", "\"repliesSinceCustomerMessage\":3")).block(WAIT);
            assertThat(here.get(key).block(WAIT).repliesSinceCustomerMessage()).as("changed by hand").isEqualTo(3);
        }

        /** A conversation another instance erased reads fresh here too, though this one remembers it. */
        @Test
        void anErasedConversationStartsFreshOnAnInstanceThatRemembersIt() {
            ConversationStore here = store();
            ConversationKey key = ConversationKey.kf("wkTwo", "wmErased");
            here.update(key, c -> c.customerMessaged(T0, T0)).block(WAIT);
            here.update(key, Contract::oneMoreReply).block(WAIT);
            assertThat(store().eraseCustomer("wmErased").block(WAIT)).isEqualTo(1);

            Conversation again = here.update(key, c -> c.customerMessaged(T0.plusSeconds(5), T0.plusSeconds(5)))
                    .map(Transition::conversation).block(WAIT);
            assertThat(again.version()).isEqualTo(1);
            assertThat(again.repliesSinceCustomerMessage()).isZero();
        }

        @Test
        void keysLiveUnderTheConfiguredPrefix() {
            ConversationKey key = ConversationKey.kf("wkA", "keyed");
            store().update(key, Contract::oneMoreReply).map(Transition::conversation).block(WAIT);
            String stored = RedisTestServer.template().opsForValue().get(prefix + "session:conversation:kf:wkA:keyed")
                    .block(WAIT);
            assertThat(stored).contains("\"version\":1");
        }

        @Test
        void theWaitingIndexIsWrittenWithTheValueAndAWaitingValueHasNoExpiry() {
            ConversationStore store = store();
            ConversationKey key = ConversationKey.kf("wkA", "indexed");
            queue(store, key, new HandOff("complaint", 50, T0.plusSeconds(3)));
            var redis = RedisTestServer.template();
            assertThat(redis.opsForZSet().score(prefix + "session:waiting-for-person", key.id()).block(WAIT))
                    .isEqualTo((double) T0.plusSeconds(3).toEpochMilli());
            assertThat(redis.getExpire(prefix + "session:conversation:" + key.id()).block(WAIT))
                    .as("no expiry while a person is needed").isIn(Duration.ZERO, Duration.ofSeconds(-1));
            store.update(key, c -> c.handedBackToBot(T0.plusSeconds(4))).block(WAIT);
            assertThat(redis.opsForZSet().score(prefix + "session:waiting-for-person", key.id()).block(WAIT)).isNull();
            assertThat(redis.getExpire(prefix + "session:conversation:" + key.id()).block(WAIT)).isPositive();
        }

        /** Conversations written before answeredThrough existed read as "nothing taken up yet". */
        @Test
        void aValueWrittenWithoutTheLineTakenUpStillReads() {
            ConversationStore store = store();
            ConversationKey key = ConversationKey.kf("wkA", "older");
            Conversation stored = store.update(key, Contract::oneMoreReply).map(Transition::conversation).block(WAIT);
            String redisKey = prefix + "session:conversation:kf:wkA:older";
            String json = RedisTestServer.template().opsForValue().get(redisKey).block(WAIT);
            String older = json.replaceAll(",?\"answeredThrough\":null", "");
            assertThat(older).isNotEqualTo(json).doesNotContain("answeredThrough");
            RedisTestServer.template().opsForValue().set(redisKey, older).block(WAIT);

            Conversation read = store.get(key).block(WAIT);
            assertThat(read).isEqualTo(stored);
            assertThat(read.answeredThrough()).isNull();
        }
    }
}
