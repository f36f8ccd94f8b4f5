package com.wecomassist.conversation;

import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Where each conversation's {@link Conversation} state lives, so that every stage (and every
 * gateway instance) sees who holds a conversation and how much of the reply window is left
 * before it drafts or sends.
 *
 * <p>Writes are versioned: {@link #update} reads the current value, applies the change and writes
 * only if nobody wrote in between, trying again a bounded number of times. So instances never
 * overwrite each other's changes without locks. Conversations nobody touches for the configured
 * idle time are forgotten, and then read as {@link Conversation#fresh fresh} again. Forgetting a
 * person's ownership fails open on purpose: outbound still asks WeCom's state before sending
 * (errcode 95018), so the bot cannot talk over a person because of an expired entry.
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
}
