package com.wecomassist.session;

import com.wecomassist.conversation.ConversationKey;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The last turns of each conversation, kept so that drafts have context and a person taking over
 * sees what was said, including what servicers typed in the WeCom client.
 */
public interface ConversationHistory {

    Mono<Void> append(ConversationKey conversation, Turn turn);

    /** The most recent turns, oldest first (at most the configured number). */
    Mono<List<Turn>> recent(ConversationKey conversation);

    /**
     * The kept turns of every conversation with this customer ({@link ConversationKey#withCustomer}),
     * on any account, ordered by conversation id: what the gateway holds of what they said and were told.
     */
    Flux<ConversationTurns> forCustomer(String externalUserId);

    /** Forgets the turns of every conversation with this customer; answers how many turns went (none the second time). */
    Mono<Long> eraseCustomer(String externalUserId);
}
