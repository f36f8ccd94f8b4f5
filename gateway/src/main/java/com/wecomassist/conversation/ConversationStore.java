package com.wecomassist.conversation;

import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where each conversation's {@link Conversation} state lives, so that every stage (and every
 * gateway instance) sees who holds a conversation and how much of the reply window is left
 * before it drafts or sends.
 *
 * <p>Writes are versioned: {@link #update} reads the current value, applies the change and writes
 * only if nobody wrote in between, trying again a bounded number of times. So instances never
 * overwrite each other's changes without locks. Conversations nobody touches for the configured
 * idle time are forgotten, and then read as {@link Conversation#fresh fresh} again, except those
 * that {@link Conversation#waitsForPerson() wait for a person}: a customer handed to people must
 * stay in front of them however long nobody picks them up (they are kept until the bot holds the
 * conversation again or the session ends, and expire idly from then on).
 */
public interface ConversationStore {

    /** The conversation's current state; a fresh {@link ConversationState#NEW} one (version 0) when none is stored. */
    Mono<Conversation> get(ConversationKey key);

    /**
     * Applies {@code change} (a {@link Conversation} transition) to the current value and, when
     * allowed, stores its result with the version one higher. Emits the transition as it ended:
     * {@link Transition.Allowed} carrying what was stored, or {@link Transition.Refused} carrying the
     * current value and the reason, in which case nothing was written. An allowed change that
     * leaves the value as it was writes nothing either. The change may run more than once (after a
     * conflicting write), so it must be a pure function of its argument. Errors with
     * {@link ConversationConflictException} when other writers won every attempt.
     */
    Mono<Transition> update(ConversationKey key, Function<Conversation, Transition> change);

    /**
     * Every conversation a person holds or must pick up ({@link Conversation#waitsForPerson()}), the
     * most urgent first and then the longest waiting ({@link HandOff#QUEUE_ORDER}).
     */
    Flux<Conversation> waiting();

    /**
     * Every conversation whose 猜你想问 menu lapsed at or before {@code now} without an answer
     * ({@link OfferedMenu#lapsedAt}), the earliest first: the questions that go to the agents now.
     */
    Flux<Conversation> menusLapsed(Instant now);

    /**
     * The state of every conversation with this customer ({@link ConversationKey#withCustomer}), on
     * any account: part of what the gateway holds about a person (personal-data export).
     */
    Flux<Conversation> forCustomer(String externalUserId);

    /**
     * Forgets every conversation with this customer, as if it had expired (also from the lists of
     * waiting conversations and open menus): the customer's next message starts a fresh one. Answers
     * how many were forgotten; none the second time.
     */
    Mono<Long> eraseCustomer(String externalUserId);

    /** The order of {@link #waiting()}: a conversation without hand-off facts (stored by an older version) goes last. */
    Comparator<Conversation> WAITING_ORDER = Comparator.comparing(Conversation::handOff,
            Comparator.nullsLast(HandOff.QUEUE_ORDER));
}
