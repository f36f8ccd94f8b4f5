package com.wecomassist.conversation;

import static com.wecomassist.conversation.ConversationState.AWAITING_APPROVAL;
import static com.wecomassist.conversation.ConversationState.BOT;
import static com.wecomassist.conversation.ConversationState.DRAFTING;
import static com.wecomassist.conversation.ConversationState.ENDED;
import static com.wecomassist.conversation.ConversationState.HUMAN;
import static com.wecomassist.conversation.ConversationState.NEW;
import static com.wecomassist.conversation.ConversationState.QUEUED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every transition of the conversation state machine, allowed and rejected. */
class ConversationTest {

    private static final ConversationKey KEY = ConversationKey.kf("wkBank", "wmCustomer");
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant LATER = T0.plusSeconds(60);
    private static final HandOff LOST_CARD = new HandOff("fraud-or-lost-card", 100, LATER);

    /** A conversation in the given state with an open window (the customer wrote at T0). */
    private static Conversation in(ConversationState state) {
        HandOff waiting = state.personHolds() ? new HandOff("complaint", 50, T0) : null;
        return new Conversation(KEY, state, state == HUMAN ? "agentLi" : null, 7, T0, 1, 2, T0, null, waiting, null);
    }

    private static Conversation allowed(Transition transition) {
        assertThat(transition).isInstanceOf(Transition.Allowed.class);
        assertThat(transition.allowed()).isTrue();
        return transition.conversation();
    }

    private static void rejected(Transition transition, Conversation before, String reasonPart) {
        assertThat(transition).isInstanceOf(Transition.Refused.class);
        assertThat(transition.allowed()).isFalse();
        assertThat(transition.conversation()).isSameAs(before);
        assertThat(((Transition.Refused) transition).reason()).contains(reasonPart);
    }

    @Nested
    class TheValue {

        @Test
        void aFreshConversationIsNewWithVersionZeroAndNoWindow() {
            Conversation fresh = Conversation.fresh(KEY, T0);
            assertThat(fresh).isEqualTo(new Conversation(KEY, NEW, null, 0, null, 0, 0, T0, null, null, null));
            assertThat(fresh.replyWindowOpen(T0)).isFalse();
            assertThat(fresh.botMayReply(T0)).isFalse();
        }

        @Test
        void aServicerIsNamedExactlyInHuman() {
            assertThatThrownBy(() -> new Conversation(KEY, HUMAN, null, 0, null, 0, 0, T0, null, null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HUMAN");
            assertThatThrownBy(() -> new Conversation(KEY, HUMAN, " ", 0, null, 0, 0, T0, null, null, null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Conversation(KEY, BOT, "agentLi", 0, null, 0, 0, T0, null, null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agentLi");
            assertThatThrownBy(() -> new Conversation(KEY, BOT, null, -1, null, 0, 0, T0, null, null, null))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void theStatesMirrorWecomServiceStates() {
            assertThat(ConversationState.ofWecom(0)).isEqualTo(NEW);
            assertThat(ConversationState.ofWecom(1)).isEqualTo(BOT);
            assertThat(ConversationState.ofWecom(2)).isEqualTo(QUEUED);
            assertThat(ConversationState.ofWecom(3)).isEqualTo(HUMAN);
            assertThat(ConversationState.ofWecom(4)).isEqualTo(ENDED);
            assertThat(DRAFTING.wecomServiceState()).isEqualTo(-1);
            assertThat(AWAITING_APPROVAL.wecomServiceState()).isEqualTo(-1);
            assertThatThrownBy(() -> ConversationState.ofWecom(5)).hasMessageContaining("5");
            assertThatThrownBy(() -> ConversationState.ofWecom(-1)).hasMessageContaining("-1");
        }

        @Test
        void withVersionChangesOnlyTheVersion() {
            Conversation c = in(BOT);
            assertThat(c.withVersion(8)).isEqualTo(new Conversation(KEY, BOT, null, 8, T0, 1, 2, T0, null, null, null));
        }
    }

    @Nested
    class TheReplyWindow {

        @Test
        void closesFortyEightHoursAfterTheCustomersLastMessage() {
            Conversation c = in(BOT);
            assertThat(c.replyWindowOpen(T0.plus(Duration.ofHours(48)).minusMillis(1))).isTrue();
            assertThat(c.replyWindowOpen(T0.plus(Duration.ofHours(48)))).isFalse();
            assertThat(c.botMayReply(T0.plus(Duration.ofHours(48)))).isFalse();
        }

        @Test
        void closesAfterFiveReplies() {
            Conversation c = Conversation.fresh(KEY, T0).customerMessaged(T0, T0).conversation();
            for (int i = 0; i < Conversation.MAX_REPLIES_PER_WINDOW; i++) {
                assertThat(c.botMayReply(LATER)).isTrue();
                c = allowed(c.replySent(LATER));
            }
            assertThat(c.repliesSinceCustomerMessage()).isEqualTo(5);
            assertThat(c.replyWindowOpen(LATER)).isFalse();
            rejected(c.replySent(LATER), c, "window is closed");
        }

        @Test
        void reopensWithTheCustomersNextMessage() {
            Conversation full = new Conversation(KEY, BOT, null, 3, T0, 5, 0, T0, null, null, null);
            Instant next = T0.plus(Duration.ofHours(50));
            Conversation reopened = allowed(full.customerMessaged(next, next));
            assertThat(reopened.repliesSinceCustomerMessage()).isZero();
            assertThat(reopened.lastCustomerMessageAt()).isEqualTo(next);
            assertThat(reopened.botMayReply(next.plusSeconds(1))).isTrue();
        }

        @ParameterizedTest
        @EnumSource(names = {"QUEUED", "HUMAN", "ENDED"})
        void aPersonOrAnEndedSessionSilencesTheBotEvenWithTheWindowOpen(ConversationState state) {
            Conversation c = in(state);
            assertThat(c.replyWindowOpen(LATER)).isTrue();
            assertThat(c.botMayReply(LATER)).isFalse();
        }

        @ParameterizedTest
        @EnumSource(names = {"NEW", "BOT", "DRAFTING", "AWAITING_APPROVAL"})
        void theBotMayReplyWhileItHoldsTheConversation(ConversationState state) {
            assertThat(in(state).botMayReply(LATER)).isTrue();
        }
    }

    @Nested
    class CustomerMessaged {

        @ParameterizedTest
        @EnumSource(names = {"NEW", "ENDED"})
        void makesANewOrEndedSessionNew(ConversationState state) {
            Conversation c = allowed(in(state).customerMessaged(LATER, LATER));
            assertThat(c.state()).isEqualTo(NEW);
            assertThat(c.repliesSinceCustomerMessage()).isZero();
            assertThat(c.updatedAt()).isEqualTo(LATER);
            assertThat(c.version()).isEqualTo(7);
        }

        @ParameterizedTest
        @EnumSource(names = {"BOT", "DRAFTING", "AWAITING_APPROVAL", "QUEUED", "HUMAN"})
        void leavesTheConversationWithWhoeverHoldsIt(ConversationState state) {
            Conversation before = in(state);
            Conversation c = allowed(before.customerMessaged(LATER, LATER));
            assertThat(c.state()).isEqualTo(state);
            assertThat(c.servicerUserId()).isEqualTo(before.servicerUserId());
            assertThat(c.lastCustomerMessageAt()).isEqualTo(LATER);
            assertThat(c.lowConfidenceStreak()).isEqualTo(2);
        }

        @Test
        void aFirstMessageOpensTheWindow() {
            Conversation c = allowed(Conversation.fresh(KEY, T0).customerMessaged(T0, LATER));
            assertThat(c.lastCustomerMessageAt()).isEqualTo(T0);
            assertThat(c.botMayReply(LATER)).isTrue();
        }

        @Test
        void aMessageOlderThanTheLastIsRejected() {
            Conversation c = in(BOT);
            rejected(c.customerMessaged(T0.minusSeconds(1), LATER), c, "older than the last");
        }
    }

    @Nested
    class Drafting {

        /** DRAFTING too: an instance stopped mid-flight left it so, and the redelivered message is drafted again. */
        @ParameterizedTest
        @EnumSource(names = {"NEW", "BOT", "DRAFTING"})
        void startsWhileTheBotHoldsTheConversationAndTheWindowIsOpen(ConversationState state) {
            Conversation c = allowed(in(state).draftingStarted(LATER, "msg-2"));
            assertThat(c.state()).isEqualTo(DRAFTING);
            assertThat(c.updatedAt()).isEqualTo(LATER);
            assertThat(c.answeredThrough()).isEqualTo("msg-2");
        }

        /** The line taken up stays recorded through what follows, until the next draft moves it on. */
        @Test
        void theLineTakenUpIsKeptUntilTheNextDraft() {
            Function<Transition, Conversation> ok = ConversationTest::allowed;
            Conversation c = ok.apply(in(BOT).draftingStarted(LATER, "msg-2"));
            c = ok.apply(c.confidentDraft(LATER));
            c = ok.apply(c.replySent(LATER));
            c = ok.apply(c.customerMessaged(LATER, LATER));
            c = c.withVersion(9);
            assertThat(c.answeredThrough()).isEqualTo("msg-2");
            assertThat(ok.apply(c.draftingStarted(LATER, "msg-3")).answeredThrough()).isEqualTo("msg-3");
        }

        @ParameterizedTest
        @EnumSource(names = {"AWAITING_APPROVAL", "QUEUED", "HUMAN", "ENDED"})
        void isRejectedInAnyOtherState(ConversationState state) {
            Conversation c = in(state);
            rejected(c.draftingStarted(LATER, "msg-2"), c, "cannot start drafting in " + state);
        }

        @Test
        void isRejectedWhenTheWindowIsClosed() {
            Conversation c = in(BOT);
            rejected(c.draftingStarted(T0.plus(Duration.ofHours(49)), "msg-2"), c, "window is closed");
        }

        @Test
        void aDraftCanWaitForApproval() {
            Conversation c = allowed(in(DRAFTING).draftQueuedForApproval(LATER));
            assertThat(c.state()).isEqualTo(AWAITING_APPROVAL);
        }

        @ParameterizedTest
        @EnumSource(names = {"NEW", "BOT", "AWAITING_APPROVAL", "QUEUED", "HUMAN", "ENDED"})
        void onlyADraftCanWaitForApproval(ConversationState state) {
            Conversation c = in(state);
            rejected(c.draftQueuedForApproval(LATER), c, "not one in " + state);
        }

        @Test
        void aRejectedDraftGivesTheConversationBackToTheBot() {
            Conversation c = allowed(in(AWAITING_APPROVAL).approvalWithdrawn(LATER));
            assertThat(c.state()).isEqualTo(BOT);
            Conversation bot = in(BOT);
            rejected(bot.approvalWithdrawn(LATER), bot, "no draft awaits approval");
        }

        @Test
        void aReplySentInSeveralPartsCountsEachAgainstTheWindowUpToItsLimit() {
            Conversation c = allowed(in(DRAFTING).repliesSent(3, LATER));
            assertThat(c.state()).isEqualTo(BOT);
            assertThat(c.repliesSinceCustomerMessage()).isEqualTo(4);
            Conversation full = allowed(c.repliesSent(3, LATER));
            assertThat(full.repliesSinceCustomerMessage()).isEqualTo(Conversation.MAX_REPLIES_PER_WINDOW);
            assertThat(full.replyWindowOpen(LATER)).isFalse();
        }

        @Test
        void aPersonsReplyCountsAgainstTheWindowAndLeavesThemHoldingIt() {
            Conversation c = allowed(in(HUMAN).personReplied(1, LATER));
            assertThat(c.state()).isEqualTo(HUMAN);
            assertThat(c.servicerUserId()).isEqualTo("agentLi");
            assertThat(c.repliesSinceCustomerMessage()).isEqualTo(2);
            Conversation human = in(HUMAN);
            rejected(human.personReplied(1, T0.plus(Duration.ofHours(49))), human, "window is closed");
        }
    }

    @Nested
    class ReplySent {

        @ParameterizedTest
        @EnumSource(names = {"NEW", "BOT", "DRAFTING", "AWAITING_APPROVAL"})
        void countsAgainstTheWindowAndLeavesTheBotServing(ConversationState state) {
            Conversation c = allowed(in(state).replySent(LATER));
            assertThat(c.state()).isEqualTo(BOT);
            assertThat(c.repliesSinceCustomerMessage()).isEqualTo(2);
            assertThat(c.updatedAt()).isEqualTo(LATER);
        }

        @ParameterizedTest
        @EnumSource(names = {"QUEUED", "HUMAN", "ENDED"})
        void isRejectedWhenTheBotDoesNotHoldTheConversation(ConversationState state) {
            Conversation c = in(state);
            rejected(c.replySent(LATER), c, "may not send in " + state);
        }

        @Test
        void isRejectedAfterFortyEightHours() {
            Conversation c = in(BOT);
            rejected(c.replySent(T0.plus(Duration.ofHours(48))), c, "window is closed");
        }
    }

    @Nested
    class Handoff {

        @ParameterizedTest
        @EnumSource(names = {"NEW", "BOT", "DRAFTING", "AWAITING_APPROVAL"})
        void theBotCanHandToThePool(ConversationState state) {
            Conversation c = allowed(in(state).handedToPool(LOST_CARD, LATER));
            assertThat(c.state()).isEqualTo(QUEUED);
            assertThat(c.servicerUserId()).isNull();
            assertThat(c.botMayReply(LATER)).isFalse();
            assertThat(c.handOff()).isEqualTo(LOST_CARD);
            assertThat(c.waitsForPerson()).isTrue();
        }

        @Test
        void aDraftPastItsSlaWaitsForAPersonAndStaysApprovable() {
            HandOff overdue = new HandOff("sla-breached", 1000, T0);
            Conversation c = allowed(in(AWAITING_APPROVAL).approvalOverdue(overdue, LATER));
            assertThat(c.state()).isEqualTo(AWAITING_APPROVAL);
            assertThat(c.handOff()).isEqualTo(overdue);
            assertThat(c.waitsForPerson()).isTrue();
            Conversation answered = allowed(c.replySent(LATER));
            assertThat(answered.handOff()).as("the approved draft went out: nobody waits any more").isNull();
            assertThat(answered.waitsForPerson()).isFalse();
            assertThat(allowed(c.approvalWithdrawn(LATER)).handOff()).isNull();
            Conversation bot = in(BOT);
            rejected(bot.approvalOverdue(overdue, LATER), bot, "no draft awaits approval");
        }

        @Test
        void theHoldingTextCountsAgainstTheWindowAndLeavesTheOverdueDraftWaiting() {
            Conversation overdue = allowed(in(AWAITING_APPROVAL).approvalOverdue(new HandOff("sla-breached", 1000, T0),
                    LATER));
            Conversation held = allowed(overdue.holdingTextSent(1, LATER));
            assertThat(held.state()).isEqualTo(AWAITING_APPROVAL);
            assertThat(held.handOff()).isEqualTo(overdue.handOff());
            assertThat(held.repliesSinceCustomerMessage()).isEqualTo(2);
            Conversation queued = in(QUEUED);
            rejected(queued.holdingTextSent(1, LATER), queued, "may not send");
        }

        @Test
        void aCustomerWaitingAlreadyKeepsTheFirstReasonAndTimeWithTheHigherPriority() {
            Conversation overdue = allowed(in(AWAITING_APPROVAL).approvalOverdue(new HandOff("sla-breached", 20, T0),
                    T0));
            Conversation queued = allowed(overdue.handedToPool(LOST_CARD, LATER));
            assertThat(queued.handOff()).isEqualTo(new HandOff("sla-breached", 100, T0));
        }

        @Test
        void aClaimKeepsWhyTheCustomerWaitsAndATakeOverOfTheBotsConversationSaysSo() {
            Conversation queued = allowed(in(BOT).handedToPool(LOST_CARD, LATER));
            Conversation claimed = allowed(queued.handedToPerson("agentWang", LATER.plusSeconds(5)));
            assertThat(claimed.handOff()).isEqualTo(LOST_CARD);
            assertThat(claimed.waitsForPerson()).isTrue();
            Conversation takenOver = allowed(in(BOT).handedToPerson("agentWang", LATER));
            assertThat(takenOver.handOff()).isEqualTo(new HandOff(HandOff.TAKEN_OVER, 0, LATER));
            assertThat(allowed(in(BOT).personTookOver("agentZhao", LATER)).handOff().reason())
                    .isEqualTo(HandOff.TAKEN_OVER);
            HandOff inPool = new HandOff("queued-in-wecom", 0, LATER.plusSeconds(9));
            assertThat(allowed(takenOver.queuedByWecom(inPool, LATER.plusSeconds(9))).handOff())
                    .as("served until now: the customer waits from the transfer on").isEqualTo(inPool);
            assertThat(allowed(claimed.queuedByWecom(inPool, LATER.plusSeconds(9))).handOff())
                    .as("back in the pool: still waiting for the lost card, since then").isEqualTo(LOST_CARD);
            assertThat(allowed(claimed.handedBackToBot(LATER)).handOff()).isNull();
            assertThat(allowed(claimed.ended(LATER)).handOff()).isNull();
        }

        @ParameterizedTest
        @EnumSource(names = {"NEW", "BOT", "DRAFTING", "AWAITING_APPROVAL", "HUMAN"})
        void wecomsPoolIsBelievedFromEveryLiveState(ConversationState state) {
            HandOff inPool = new HandOff("queued-in-wecom", 0, LATER);
            Conversation c = allowed(in(state).queuedByWecom(inPool, LATER));
            assertThat(c.state()).isEqualTo(QUEUED);
            assertThat(c.servicerUserId()).isNull();
            assertThat(c.handOff()).isEqualTo(state.personHolds() ? in(state).handOff() : inPool);
            Conversation ended = in(ENDED);
            rejected(ended.queuedByWecom(inPool, LATER), ended, "has ended");
            Conversation queued = in(QUEUED);
            rejected(queued.queuedByWecom(inPool, LATER), queued, "already waiting");
        }

        @Test
        void handOffFactsOutsideThePeoplesStatesAreRejected() {
            assertThatThrownBy(() -> new Conversation(KEY, BOT, null, 0, T0, 0, 0, T0, null, LOST_CARD, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waits for no person");
        }

        @ParameterizedTest
        @EnumSource(names = {"QUEUED", "HUMAN", "ENDED"})
        void onlyTheBotCanHandToThePool(ConversationState state) {
            Conversation c = in(state);
            rejected(c.handedToPool(LOST_CARD, LATER), c, "cannot queue for a person from " + state);
        }

        @ParameterizedTest
        @EnumSource(names = {"NEW", "BOT", "DRAFTING", "AWAITING_APPROVAL", "QUEUED", "HUMAN"})
        void aNamedPersonCanBeGivenTheConversation(ConversationState state) {
            Conversation c = allowed(in(state).handedToPerson("agentWang", LATER));
            assertThat(c.state()).isEqualTo(HUMAN);
            assertThat(c.servicerUserId()).isEqualTo("agentWang");
            assertThat(c.botMayReply(LATER)).isFalse();
        }

        @Test
        void anEndedSessionCannotBeHandedToAPerson() {
            Conversation c = in(ENDED);
            rejected(c.handedToPerson("agentWang", LATER), c, "has ended");
        }

        @Test
        void handingToTheSamePersonAgainIsRejected() {
            Conversation c = in(HUMAN);
            rejected(c.handedToPerson("agentLi", LATER), c, "agentLi already serves");
        }

        @Test
        void handingToNobodyIsRejected() {
            Conversation c = in(BOT);
            rejected(c.handedToPerson(null, LATER), c, "must be named");
            rejected(c.handedToPerson(" ", LATER), c, "must be named");
        }
    }

    @Nested
    class PersonTookOver {

        @ParameterizedTest
        @EnumSource(ConversationState.class)
        void wecomIsBelievedInEveryState(ConversationState state) {
            Conversation c = allowed(in(state).personTookOver("agentZhao", LATER));
            assertThat(c.state()).isEqualTo(HUMAN);
            assertThat(c.servicerUserId()).isEqualTo("agentZhao");
            assertThat(c.botMayReply(LATER)).isFalse();
        }

        @Test
        void aTakeOverWithoutAPersonIsRejected() {
            Conversation c = in(BOT);
            rejected(c.personTookOver("", LATER), c, "must be named");
        }
    }

    @Nested
    class HandedBackToBot {

        @ParameterizedTest
        @EnumSource(names = {"QUEUED", "HUMAN"})
        void thePersonGivesItBackAndTheStreakRestarts(ConversationState state) {
            Conversation c = allowed(in(state).handedBackToBot(LATER));
            assertThat(c.state()).isEqualTo(BOT);
            assertThat(c.servicerUserId()).isNull();
            assertThat(c.lowConfidenceStreak()).isZero();
            assertThat(c.repliesSinceCustomerMessage()).isEqualTo(1);
            assertThat(c.botMayReply(LATER)).isTrue();
        }

        @ParameterizedTest
        @EnumSource(names = {"NEW", "BOT", "DRAFTING", "AWAITING_APPROVAL", "ENDED"})
        void onlyWhatAPersonHoldsCanBeHandedBack(ConversationState state) {
            Conversation c = in(state);
            rejected(c.handedBackToBot(LATER), c, "not one in " + state);
        }
    }

    @Nested
    class Ended {

        @ParameterizedTest
        @EnumSource(names = {"NEW", "BOT", "DRAFTING", "AWAITING_APPROVAL", "QUEUED", "HUMAN"})
        void endsFromAnyLiveState(ConversationState state) {
            Conversation c = allowed(in(state).ended(LATER));
            assertThat(c.state()).isEqualTo(ENDED);
            assertThat(c.servicerUserId()).isNull();
            assertThat(c.botMayReply(LATER)).isFalse();
        }

        @Test
        void endingTwiceIsRejected() {
            Conversation c = in(ENDED);
            rejected(c.ended(LATER), c, "already ended");
        }
    }

    @Nested
    class Confidence {

        @ParameterizedTest
        @EnumSource(names = {"NEW", "BOT", "DRAFTING", "AWAITING_APPROVAL"})
        void unsureDraftsInARowAreCountedAndASureOneResetsThem(ConversationState state) {
            Conversation c = allowed(in(state).lowConfidenceDraft(LATER));
            assertThat(c.lowConfidenceStreak()).isEqualTo(3);
            assertThat(c.state()).isEqualTo(state);
            Conversation reset = allowed(c.confidentDraft(LATER));
            assertThat(reset.lowConfidenceStreak()).isZero();
            assertThat(allowed(reset.confidentDraft(LATER.plusSeconds(1))))
                    .as("no streak to break: the value as it was, so that nothing is written").isEqualTo(reset);
        }

        @ParameterizedTest
        @EnumSource(names = {"QUEUED", "HUMAN", "ENDED"})
        void theBotDoesNotScoreDraftsItDoesNotMake(ConversationState state) {
            Conversation c = in(state);
            rejected(c.lowConfidenceDraft(LATER), c, "does not draft in " + state);
            rejected(c.confidentDraft(LATER), c, "does not draft in " + state);
        }
    }

    @Test
    void aWholeConversationFromFirstMessageToHandBack() {
        Function<Transition, Conversation> ok = ConversationTest::allowed;
        Conversation c = Conversation.fresh(KEY, T0);
        c = ok.apply(c.customerMessaged(T0, T0));
        c = ok.apply(c.draftingStarted(T0.plusSeconds(1), "msg-1"));
        c = ok.apply(c.lowConfidenceDraft(T0.plusSeconds(2)));
        c = ok.apply(c.draftQueuedForApproval(T0.plusSeconds(2)));
        c = ok.apply(c.replySent(T0.plusSeconds(30)));
        assertThat(c.state()).isEqualTo(BOT);
        c = ok.apply(c.personTookOver("agentLi", T0.plusSeconds(40)));
        assertThat(c.botMayReply(T0.plusSeconds(41))).isFalse();
        rejected(c.draftingStarted(T0.plusSeconds(41), "msg-2"), c, "HUMAN");
        c = ok.apply(c.ended(T0.plusSeconds(50)));
        c = ok.apply(c.customerMessaged(T0.plusSeconds(60), T0.plusSeconds(60)));
        assertThat(c.state()).isEqualTo(NEW);
        assertThat(c.repliesSinceCustomerMessage()).isZero();
        assertThat(c.lowConfidenceStreak()).isEqualTo(1);
        assertThat(EnumSet.of(NEW, BOT, DRAFTING, AWAITING_APPROVAL)).allMatch(ConversationState::botHolds);
        assertThat(EnumSet.of(QUEUED, HUMAN)).allMatch(ConversationState::personHolds).noneMatch(ConversationState::botHolds);
        assertThat(ENDED.botHolds() || ENDED.personHolds()).isFalse();
    }

    @Nested
    class Menus {

        private final OfferedMenu menu = new OfferedMenu("msg-1", "密码忘了", List.of(
                new OfferedMenu.Item("demo-008", "demo-008", 2, "忘记借记卡密码怎么办？"),
                new OfferedMenu.Item("demo-026", "demo-026", 1, "手机银行登录密码忘了怎么办？")), T0, T0.plusSeconds(180));

        private Conversation offered() {
            return allowed(in(DRAFTING).menuOffered(menu, T0));
        }

        @Test
        void aMenuIsOfferedForAQuestionBeingDraftedAndKeptThroughTheMenuMessageAndTheClick() {
            Conversation bot = in(BOT);
            rejected(bot.menuOffered(menu, T0), bot, "being drafted");
            Conversation c = offered();
            assertThat(c.menu()).isEqualTo(menu);
            c = allowed(c.replySent(T0.plusSeconds(1)));
            assertThat(c.state()).isEqualTo(BOT);
            assertThat(c.menu()).as("the menu message went out: still open").isEqualTo(menu);
            c = allowed(c.customerMessaged(T0.plusSeconds(20), T0.plusSeconds(20)));
            assertThat(c.menu().item("demo-026")).map(OfferedMenu.Item::question).hasValue("手机银行登录密码忘了怎么办？");
            assertThat(c.menu().item("demo-999")).isEmpty();
        }

        @Test
        void aMenuIsClosedOnceAndGoesWhenPeopleHoldTheConversation() {
            Conversation c = offered();
            rejected(c.menuClosed("msg-0", LATER), c, "no menu is open for msg-0");
            Conversation closed = allowed(c.menuClosed("msg-1", LATER));
            assertThat(closed.menu()).isNull();
            rejected(closed.menuClosed("msg-1", LATER), closed, "no menu is open");
            assertThat(allowed(c.handedToPool(LOST_CARD, LATER)).menu()).isNull();
            assertThat(allowed(c.personTookOver("agentLi", LATER)).menu()).isNull();
            assertThatThrownBy(() -> new Conversation(KEY, QUEUED, null, 0, T0, 0, 0, T0, null, LOST_CARD, menu))
                    .hasMessageContaining("only the bot offers menus");
            assertThat(menu.lapsedAt(T0.plusSeconds(179))).isFalse();
            assertThat(menu.lapsedAt(T0.plusSeconds(180))).isTrue();
        }

        @Test
        void aMenuNeedsRoomForItselfAndAnAnswerInTheWindow() {
            Conversation three = new Conversation(KEY, BOT, null, 1, T0, 3, 0, T0, null, null, null);
            Conversation four = new Conversation(KEY, BOT, null, 1, T0, 4, 0, T0, null, null, null);
            assertThat(three.roomForMenu(LATER)).isTrue();
            assertThat(four.roomForMenu(LATER)).isFalse();
            assertThat(three.roomForMenu(T0.plus(Conversation.REPLY_WINDOW))).isFalse();
        }
    }
}
