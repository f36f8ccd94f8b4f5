package com.wecomassist.session;

import com.wecomassist.inbound.ConversationKey;
import java.util.function.UnaryOperator;
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
     * Applies {@code change} to the current value and stores the result with the version one
     * higher, emitting what was stored. The change may run more than once (after a conflicting
     * write), so it must be a pure function of its argument, such as a {@link Conversation}
     * transition. When it returns a value equal to its argument (a rejected transition), nothing
     * is written and the current value is emitted. Errors with {@link ConversationConflictException}
     * when other writers won every attempt.
     */
    Mono<Conversation> update(ConversationKey key, UnaryOperator<Conversation> change);
}
