package com.wecomassist.session;

import java.util.Objects;

/**
 * The outcome of asking a {@link Conversation} to change: allowed with the new value, or rejected
 * with the reason and the conversation left as it was. Rejections are values, not exceptions,
 * because "a person owns this conversation" is an ordinary answer, not a failure.
 */
public sealed interface Transition permits Transition.Allowed, Transition.Rejected {

    /**
     * The conversation after the attempt: the new value when allowed, the unchanged one when
     * rejected. Handy inside {@link ConversationStore#update}: a rejected change writes nothing.
     */
    Conversation conversation();

    default boolean allowed() {
        return this instanceof Allowed;
    }

    record Allowed(Conversation conversation) implements Transition {
        public Allowed {
            Objects.requireNonNull(conversation, "conversation");
        }
    }

    record Rejected(Conversation conversation, String reason) implements Transition {
        public Rejected {
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
