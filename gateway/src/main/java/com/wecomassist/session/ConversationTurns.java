package com.wecomassist.session;

import com.wecomassist.conversation.ConversationKey;
import java.util.List;
import java.util.Objects;

/** One conversation's kept turns, oldest first: what {@link ConversationHistory#forCustomer} answers per conversation. */
public record ConversationTurns(ConversationKey conversation, List<Turn> turns) {

    public ConversationTurns {
        Objects.requireNonNull(conversation, "conversation");
        turns = turns == null ? List.of() : List.copyOf(turns);
    }
}
