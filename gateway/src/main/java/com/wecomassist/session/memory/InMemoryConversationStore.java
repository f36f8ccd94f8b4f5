package com.wecomassist.session.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.wecomassist.inbound.ConversationKey;
import com.wecomassist.session.Conversation;
import com.wecomassist.session.ConversationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * Embedded-mode conversation state. In one process the change runs inside the map's atomic
 * per-key compute, so concurrent updates are serialised and none conflicts (nothing to retry).
 * Entries are dropped {@code idleTtl} after their last write.
 */
public class InMemoryConversationStore implements ConversationStore {

    private final Cache<ConversationKey, Conversation> conversations;
    private final Clock clock;

    public InMemoryConversationStore(Duration idleTtl, Clock clock) {
        this.conversations = Caffeine.newBuilder().expireAfterWrite(idleTtl).build();
        this.clock = clock;
    }

    @Override
    public Mono<Conversation> get(ConversationKey key) {
        return Mono.fromSupplier(() -> {
            Conversation stored = conversations.getIfPresent(key);
            return stored != null ? stored : Conversation.fresh(key, clock.instant());
        });
    }

    @Override
    public Mono<Conversation> update(ConversationKey key, UnaryOperator<Conversation> change) {
        return Mono.fromSupplier(() -> {
            Conversation[] result = new Conversation[1];
            conversations.asMap().compute(key, (k, stored) -> {
                Conversation current = stored != null ? stored : Conversation.fresh(key, clock.instant());
                Conversation next = Objects.requireNonNull(change.apply(current), "the change returned null");
                if (next.equals(current)) {
                    result[0] = current;
                    return stored;
                }
                if (!next.key().equals(key)) {
                    throw new IllegalArgumentException("a change cannot move conversation " + key + " to " + next.key());
                }
                result[0] = next.withVersion(current.version() + 1);
                return result[0];
            });
            return result[0];
        });
    }
}
