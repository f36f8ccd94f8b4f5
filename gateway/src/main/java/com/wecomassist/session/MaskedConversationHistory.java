package com.wecomassist.session;

import com.wecomassist.conversation.ConversationKey;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * A history that keeps every turn's words masked, whoever said them: the customer's (masked on intake
 * already), a servicer's typed in the WeCom client, an agent's reply, the bot's. The history goes into
 * the model's prompts and onto the agents' screens, and a person's words can carry a customer's card
 * or ID number as easily as the customer's own; masking at this one door covers every writer,
 * including ones added later. Masking twice changes nothing (a masked number is no longer one).
 */
public final class MaskedConversationHistory implements ConversationHistory {

    private final ConversationHistory history;
    private final UnaryOperator<String> mask;

    /** @param mask personal data in a text replaced by its masked form ({@code PiiMasker::mask}) */
    public MaskedConversationHistory(ConversationHistory history, UnaryOperator<String> mask) {
        this.history = Objects.requireNonNull(history, "history");
        this.mask = Objects.requireNonNull(mask, "mask");
    }

    @Override
    public Mono<Void> append(ConversationKey conversation, Turn turn) {
        Turn masked = turn.kind() == Turn.Kind.TEXT && turn.text() != null
                ? new Turn(turn.author(), mask.apply(turn.text()), turn.at(), turn.ref(), turn.kind())
                : turn;
        return history.append(conversation, masked);
    }

    @Override
    public Mono<List<Turn>> recent(ConversationKey conversation) {
        return history.recent(conversation);
    }
}
