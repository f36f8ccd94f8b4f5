package com.wecomassist.session;

import com.wecomassist.conversation.ConversationKey;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A history that keeps the words of everyone who serves the customer masked: a servicer's typed in the
 * WeCom client, an agent's reply, the bot's (which an agent may have edited). The history goes into
 * the model's prompts and onto the agents' screens, and a person's words can carry a customer's card
 * or ID number as easily as the customer's own; masking at this door covers every such writer,
 * including ones added later. The words of the person served (customer, employee) are masked where
 * they enter the flow, before anything else reads them (the reply flow's intake), and are not masked
 * a second time here: masking costs tens to hundreds of microseconds a text.
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
        Turn masked = turn.kind() == Turn.Kind.TEXT && turn.text() != null && !turn.fromPersonServed()
                ? new Turn(turn.author(), mask.apply(turn.text()), turn.at(), turn.ref(), turn.kind())
                : turn;
        return history.append(conversation, masked);
    }

    @Override
    public Mono<List<Turn>> recent(ConversationKey conversation) {
        return history.recent(conversation);
    }

    @Override
    public Flux<ConversationTurns> forCustomer(String externalUserId) {
        return history.forCustomer(externalUserId);
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return history.eraseCustomer(externalUserId);
    }
}
