package com.wecomassist.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One conversation's state, as a value: who holds it (the bot, the pool, a person), how much of
 * WeCom's reply window is left, and how often the bot was unsure in a row. Every change is a pure
 * function returning a {@link Transition}; {@link ConversationStore} keeps the values and owns
 * {@link #version()}.
 *
 * @param key                     which conversation
 * @param state                   where it stands
 * @param servicerUserId          the person serving it; present exactly in {@link ConversationState#HUMAN}
 * @param version                 0 for a conversation never stored; the store adds one per write
 * @param lastCustomerMessageAt   when the customer last wrote; null if never (then no reply is possible)
 * @param repliesSinceCustomerMessage replies sent since then, counted against WeCom's limit
 * @param lowConfidenceStreak     drafts in a row the bot was unsure of (routing hands off after a few)
 * @param updatedAt               when this value was last changed
 * @param answeredThrough         the message id of the newest customer line the bot has taken up in a
 *                                reply (set when drafting starts); null if none. The next question
 *                                starts after it, even when the reply has not yet entered the history
 * @param handOff                 why, how urgently and since when a person is needed, or null: set
 *                                while people hold the conversation or must pick it up (queued, served
 *                                by a person, or a draft past its SLA), cleared when the bot holds it
 *                                again or the session ends; see {@link #waitsForPerson()}. Every
 *                                transition to people sets it (null only in values stored before it existed)
 */
public record Conversation(
        ConversationKey key,
        ConversationState state,
        String servicerUserId,
        long version,
        Instant lastCustomerMessageAt,
        int repliesSinceCustomerMessage,
        int lowConfidenceStreak,
        Instant updatedAt,
        String answeredThrough,
        HandOff handOff,
        OfferedMenu menu) {

    /** WeCom accepts send_msg only this long after the customer's last message … */
    public static final Duration REPLY_WINDOW = Duration.ofHours(48);
    /** … and at most this many messages in that time; the customer's next message opens a fresh quota. */
    public static final int MAX_REPLIES_PER_WINDOW = 5;

    public Conversation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 0 || repliesSinceCustomerMessage < 0 || lowConfidenceStreak < 0) {
            throw new IllegalArgumentException("version and counters cannot be negative");
        }
        // WeCom names a servicer only in state 3; holding one elsewhere would be a stale owner.
        if ((state == ConversationState.HUMAN) != (servicerUserId != null && !servicerUserId.isBlank())) {
            throw new IllegalArgumentException("a servicer is named exactly when a person serves the conversation, not in "
                    + state + " with servicer '" + servicerUserId + "'");
        }
        // A person is needed exactly while people hold it, or while its draft waits past the SLA.
        boolean forPeople = state.personHolds() || state == ConversationState.AWAITING_APPROVAL;
        if (handOff != null && !forPeople) {
            throw new IllegalArgumentException("a conversation in " + state + " waits for no person");
        }
        if (menu != null && !state.botHolds()) {
            throw new IllegalArgumentException("only the bot offers menus, not a conversation in " + state);
        }
    }

    /** A conversation nobody has written to yet: new, no window open. */
    public static Conversation fresh(ConversationKey key, Instant now) {
        return new Conversation(key, ConversationState.NEW, null, 0, null, 0, 0, now, null, null, null);
    }

    /** True while WeCom would still take a reply: within 48 h of the customer's last message and fewer than 5 sent. */
    public boolean replyWindowOpen(Instant now) {
        return lastCustomerMessageAt != null
                && now.isBefore(lastCustomerMessageAt.plus(REPLY_WINDOW))
                && repliesSinceCustomerMessage < MAX_REPLIES_PER_WINDOW;
    }

    /**
     * True while a person holds the conversation or must pick it up: it is in the agents' list of
     * waiting conversations and is never forgotten for being idle.
     */
    public boolean waitsForPerson() {
        // a conversation stored by an older version may be queued or served without the facts
        return handOff != null || state.personHolds();
    }

    /**
     * True when WeCom's window leaves room for a 猜你想问 menu and one answer after it: the menu spends
     * one of the five messages, and if the customer never clicks, the agents' answer needs another.
     */
    public boolean roomForMenu(Instant now) {
        return replyWindowOpen(now) && repliesSinceCustomerMessage + 2 <= MAX_REPLIES_PER_WINDOW;
    }

    /** True when the bot may answer: it holds the conversation (no person does, it has not ended) and the window is open. */
    public boolean botMayReply(Instant now) {
        return state.botHolds() && replyWindowOpen(now);
    }

    /**
     * The customer wrote: the reply window starts again. An ended or new session becomes new (as
     * WeCom moves 4 to 0); otherwise whoever holds the conversation keeps it.
     */
    public Transition customerMessaged(Instant sentAt, Instant now) {
        if (lastCustomerMessageAt != null && sentAt.isBefore(lastCustomerMessageAt)) {
            return reject("the message sent at " + sentAt + " is older than the last one (" + lastCustomerMessageAt
                    + "); a replayed message must not reopen the window");
        }
        ConversationState next = state == ConversationState.ENDED ? ConversationState.NEW : state;
        return allow(with(next, servicerUserId, now).withWindow(sentAt, 0));
    }

    /**
     * The bot starts drafting a reply: only while it holds the conversation, is not waiting for an
     * agent, and may reply. Allowed from DRAFTING too: messages of one conversation are handled one
     * at a time, so a conversation found in DRAFTING was left there by an instance that stopped
     * mid-flight, and the redelivered message must be drafted again.
     *
     * @param throughMessageId the newest customer line this reply answers (see {@link #answeredThrough()})
     */
    public Transition draftingStarted(Instant now, String throughMessageId) {
        if (state != ConversationState.NEW && state != ConversationState.BOT && state != ConversationState.DRAFTING) {
            return reject("cannot start drafting in " + state);
        }
        if (!replyWindowOpen(now)) {
            return reject("the reply window is closed");
        }
        return allow(with(ConversationState.DRAFTING, null, now).withAnsweredThrough(throughMessageId));
    }

    /** The draft goes to an agent for approval. */
    public Transition draftQueuedForApproval(Instant now) {
        if (state != ConversationState.DRAFTING) {
            return reject("only a conversation being drafted can wait for approval, not one in " + state);
        }
        return allow(with(ConversationState.AWAITING_APPROVAL, null, now));
    }

    /**
     * The message being drafted had its draft decided by an agent already (the message came again,
     * redelivered after its draft was approved, edited or rejected): no approval will come, so the
     * conversation must not wait for one. The bot holds it again and answers the customer's next message.
     */
    public Transition draftDecidedAlready(Instant now) {
        if (state != ConversationState.DRAFTING) {
            return reject("only a conversation being drafted can drop its draft, not one in " + state);
        }
        return allow(with(ConversationState.BOT, null, now));
    }

    /** A reply went out through send_msg: it counts against the window, and the bot now serves the conversation. */
    public Transition replySent(Instant now) {
        return repliesSent(1, now);
    }

    /**
     * The bot's reply went out as {@code messages} send_msg calls (a long text is split): each counts
     * against the window, and the bot now serves the conversation.
     */
    public Transition repliesSent(int messages, Instant now) {
        if (!state.botHolds()) {
            return reject("the bot may not send in " + state);
        }
        if (!replyWindowOpen(now)) {
            return reject("the reply window is closed");
        }
        return allow(with(ConversationState.BOT, null, now).withWindow(lastCustomerMessageAt,
                Math.min(MAX_REPLIES_PER_WINDOW, repliesSinceCustomerMessage + Math.max(1, messages))));
    }

    /**
     * The bot's holding text (the SLA watch's "still being checked") went out while a draft waits for
     * approval: it counts against the window, and nothing else changes, so the draft stays approvable
     * and the customer stays on the people's list.
     */
    public Transition holdingTextSent(int messages, Instant now) {
        if (!state.botHolds()) {
            return reject("the bot may not send in " + state);
        }
        return personReplied(messages, now);
    }

    /**
     * A person's reply (an agent writing in the console while holding the conversation) went out:
     * it counts against the window; who holds the conversation does not change.
     */
    public Transition personReplied(int messages, Instant now) {
        if (!replyWindowOpen(now)) {
            return reject("the reply window is closed");
        }
        return allow(with(state, servicerUserId, now).withWindow(lastCustomerMessageAt,
                Math.min(MAX_REPLIES_PER_WINDOW, repliesSinceCustomerMessage + Math.max(1, messages))));
    }

    /** An agent rejected the waiting draft without answering: the bot holds the conversation again. */
    public Transition approvalWithdrawn(Instant now) {
        if (state != ConversationState.AWAITING_APPROVAL) {
            return reject("no draft awaits approval in " + state);
        }
        return allow(with(ConversationState.BOT, null, now));
    }

    /**
     * The bot handed the conversation to people (service_state 2): they must pick it up. WeCom allows
     * this only from 0 and 1. A draft already waiting past its SLA keeps its earlier start.
     */
    public Transition handedToPool(HandOff why, Instant now) {
        Objects.requireNonNull(why, "why");
        if (!state.botHolds()) {
            return reject("cannot queue for a person from " + state);
        }
        return allow(with(ConversationState.QUEUED, null, now).withHandOff(why, handOff));
    }

    /**
     * WeCom reports the session waiting in its pool (service_state 2, e.g. a servicer transferred it
     * there). WeCom is the source of truth, so this is accepted from every state but the end.
     */
    public Transition queuedByWecom(HandOff why, Instant now) {
        Objects.requireNonNull(why, "why");
        if (state == ConversationState.QUEUED) {
            return reject("already waiting for a person");
        }
        if (state == ConversationState.ENDED) {
            return reject("the session has ended; WeCom allows no move from 4");
        }
        return allow(with(ConversationState.QUEUED, null, now).withHandOff(why, handOff));
    }

    /**
     * The draft waiting for an agent's approval is past its SLA deadline: the conversation goes on the
     * people's list too (the draft stays in the approval queue, where it may still be approved).
     */
    public Transition approvalOverdue(HandOff why, Instant now) {
        Objects.requireNonNull(why, "why");
        if (state != ConversationState.AWAITING_APPROVAL) {
            return reject("no draft awaits approval in " + state);
        }
        return allow(with(state, null, now).withHandOff(why, handOff));
    }

    /** The conversation was handed to a named person (service_state 3): from the bot, the pool, or another person. */
    public Transition handedToPerson(String servicer, Instant now) {
        if (servicer == null || servicer.isBlank()) {
            return reject("a person must be named");
        }
        if (state == ConversationState.ENDED) {
            return reject("the session has ended; WeCom allows no move from 4");
        }
        if (state == ConversationState.HUMAN && servicer.equals(servicerUserId)) {
            return reject(servicer + " already serves this conversation");
        }
        return allow(with(ConversationState.HUMAN, servicer, now).withHandOff(new HandOff(HandOff.TAKEN_OVER, 0, now),
                handOff));
    }

    /**
     * WeCom reports that a person took over (session_status_change, or a servicer wrote from the
     * WeCom client). WeCom is the source of truth here, so this is accepted from every state.
     */
    public Transition personTookOver(String servicer, Instant now) {
        if (servicer == null || servicer.isBlank()) {
            return reject("a person must be named");
        }
        return allow(with(ConversationState.HUMAN, servicer, now).withHandOff(new HandOff(HandOff.TAKEN_OVER, 0, now),
                handOff));
    }

    /**
     * A person gives the conversation back to the bot. WeCom has no API move from 2 or 3 back to 1,
     * so this records the agent's decision; outbound still checks WeCom's state before sending.
     */
    public Transition handedBackToBot(Instant now) {
        if (!state.personHolds()) {
            return reject("only a conversation a person holds can be handed back, not one in " + state);
        }
        // The person has dealt with whatever made the bot unsure: start counting again.
        return allow(with(ConversationState.BOT, null, now).withStreak(0));
    }

    /** The session ended (service_state 4): nobody holds it until the customer writes again. */
    public Transition ended(Instant now) {
        if (state == ConversationState.ENDED) {
            return reject("the session has already ended");
        }
        return allow(with(ConversationState.ENDED, null, now));
    }

    /** The bot was unsure of a draft; routing hands off after several in a row. */
    public Transition lowConfidenceDraft(Instant now) {
        if (!state.botHolds()) {
            return reject("the bot does not draft in " + state);
        }
        return allow(with(state, servicerUserId, now).withStreak(lowConfidenceStreak + 1));
    }

    /**
     * The bot was sure of a draft: the streak of unsure ones is broken. Without a streak nothing changes
     * (the value as it was, so stores write nothing: most drafts are sure ones, and each write is a
     * round trip in cluster mode).
     */
    public Transition confidentDraft(Instant now) {
        if (!state.botHolds()) {
            return reject("the bot does not draft in " + state);
        }
        if (lowConfidenceStreak == 0) {
            return allow(this);
        }
        return allow(with(state, servicerUserId, now).withStreak(0));
    }

    /**
     * The bot offered a 猜你想问 menu for the question it is drafting: remembered until the customer
     * chooses, writes something else, or the menu lapses. A newer menu replaces an older one.
     */
    public Transition menuOffered(OfferedMenu offered, Instant now) {
        Objects.requireNonNull(offered, "offered");
        if (state != ConversationState.DRAFTING) {
            return reject("a menu is offered for a question being drafted, not in " + state);
        }
        return allow(with(state, null, now).withMenu(offered));
    }

    /**
     * The open menu of this question is done with (the customer chose, wrote something else, asked for
     * a person, or let it lapse). Refused when no menu for that question is open: of two who close it
     * at once (a click and the lapse watch), one acts.
     */
    public Transition menuClosed(String questionMessageId, Instant now) {
        if (menu == null || !menu.questionMessageId().equals(questionMessageId)) {
            return reject("no menu is open for " + questionMessageId);
        }
        return allow(with(state, servicerUserId, now).withMenu(null));
    }

    /**
     * WeCom's view of this conversation ({@code wecomView}, read from kf/service_state/get and applied
     * to this value), unless the conversation changed since it was read: then the newer write stands.
     */
    public Transition reconciledWith(Conversation wecomView) {
        if (wecomView.version() != version) {
            return reject("changed since WeCom's state was read (version " + wecomView.version() + " → " + version + ")");
        }
        return allow(wecomView);
    }

    /** This value as the store writes it, with its new version. */
    public Conversation withVersion(long newVersion) {
        return new Conversation(key, state, servicerUserId, newVersion, lastCustomerMessageAt,
                repliesSinceCustomerMessage, lowConfidenceStreak, updatedAt, answeredThrough, handOff, menu);
    }

    // One way to derive a value changing a few fields: the transitions above name only what they change.

    /**
     * Who holds it (and the person, in HUMAN only), changed at {@code now}. The hand-off facts stay
     * while people hold it (or its draft waits for approval) and go when the bot holds it again or
     * the session ends. An open menu stays only while the bot holds the conversation.
     */
    private Conversation with(ConversationState next, String servicer, Instant now) {
        boolean stillForPeople = next.personHolds() || next == ConversationState.AWAITING_APPROVAL;
        return new Conversation(key, next, servicer, version, lastCustomerMessageAt, repliesSinceCustomerMessage,
                lowConfidenceStreak, now, answeredThrough, stillForPeople ? handOff : null,
                next.botHolds() ? menu : null);
    }

    /** The hand-off facts: {@code why}, unless the customer already waited for an earlier reason (that one stands). */
    private Conversation withHandOff(HandOff why, HandOff earlier) {
        return new Conversation(key, state, servicerUserId, version, lastCustomerMessageAt,
                repliesSinceCustomerMessage, lowConfidenceStreak, updatedAt, answeredThrough,
                earlier == null ? why : earlier.and(why), menu);
    }

    /** WeCom's reply window: when the customer last wrote, and the replies counted since. */
    private Conversation withWindow(Instant customerMessageAt, int replies) {
        return new Conversation(key, state, servicerUserId, version, customerMessageAt, replies, lowConfidenceStreak,
                updatedAt, answeredThrough, handOff, menu);
    }

    private Conversation withStreak(int streak) {
        return new Conversation(key, state, servicerUserId, version, lastCustomerMessageAt,
                repliesSinceCustomerMessage, streak, updatedAt, answeredThrough, handOff, menu);
    }

    private Conversation withAnsweredThrough(String messageId) {
        return new Conversation(key, state, servicerUserId, version, lastCustomerMessageAt,
                repliesSinceCustomerMessage, lowConfidenceStreak, updatedAt, messageId, handOff, menu);
    }

    private Conversation withMenu(OfferedMenu offered) {
        return new Conversation(key, state, servicerUserId, version, lastCustomerMessageAt,
                repliesSinceCustomerMessage, lowConfidenceStreak, updatedAt, answeredThrough, handOff, offered);
    }

    private Transition allow(Conversation next) {
        return Transition.allowed(next);
    }

    private Transition reject(String reason) {
        return Transition.refused(this, reason);
    }
}
