package com.wecomassist.conversation;

import java.util.Objects;

/**
 * The outcome of asking a {@link Conversation} to change: allowed with the new value, or refused
 * with the reason and the conversation left as it was. Refusals are values, not exceptions,
 * because "a person owns this conversation" is an ordinary answer, not a failure.
 * {@link ConversationStore#update} answers with the transition as stored, so that callers keep
 * the reason of a refusal.
 */
public sealed interface Transition permits Transition.Allowed, Transition.Refused {

    /** The conversation after the attempt: the new value when allowed, the unchanged one when refused. */
    Conversation conversation();

    default boolean allowed() {
        return this instanceof Allowed;
    }

    /** Why it was refused, or null when it was allowed. */
    default String refusal() {
        return this instanceof Refused refused ? refused.reason() : null;
    }

    static Transition allowed(Conversation next) {
        return new Allowed(next);
    }

    static Transition refused(Conversation unchanged, String reason) {
        return new Refused(unchanged, reason);
    }

    record Allowed(Conversation conversation) implements Transition {
        public Allowed {
            Objects.requireNonNull(conversation, "conversation");
        }
    }

    record Refused(Conversation conversation, String reason) implements Transition {
        public Refused {
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
