package com.wecomassist.conversation.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import com.wecomassist.conversation.Transition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Embedded-mode conversation state. In one process the change runs inside the map's atomic
 * per-key compute, so concurrent updates are serialised and none conflicts (nothing to retry).
 * Entries are dropped {@code idleTtl} after their last write, except while they wait for a person
 * (then they stay until a write lets them go); the waiting ones are found by looking at every entry,
 * as one process holds few enough conversations for that.
 */
public class InMemoryConversationStore implements ConversationStore {

    private final Cache<ConversationKey, Conversation> conversations;
    private final Clock clock;

    public InMemoryConversationStore(Duration idleTtl, Clock clock) {
        this.conversations = Caffeine.newBuilder().expireAfter(idleUnlessWaiting(idleTtl.toNanos())).build();
        this.clock = clock;
    }

    private static Expiry<ConversationKey, Conversation> idleUnlessWaiting(long idleNanos) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(ConversationKey key, Conversation value, long now) {
                return value.waitsForPerson() ? Long.MAX_VALUE : idleNanos;
            }

            @Override
            public long expireAfterUpdate(ConversationKey key, Conversation value, long now, long remaining) {
                return expireAfterCreate(key, value, now);
            }

            @Override
            public long expireAfterRead(ConversationKey key, Conversation value, long now, long remaining) {
                return remaining;
            }
        };
    }

    @Override
    public Flux<Conversation> waiting() {
        return Flux.defer(() -> Flux.fromStream(conversations.asMap().values().stream()
                .filter(Conversation::waitsForPerson).sorted(WAITING_ORDER)));
    }

    @Override
    public Flux<Conversation> menusLapsed(Instant now) {
        return Flux.defer(() -> Flux.fromStream(conversations.asMap().values().stream()
                .filter(c -> c.menu() != null && c.menu().lapsedAt(now))
                .sorted(Comparator.comparing(c -> c.menu().expiresAt()))));
    }

    @Override
    public Flux<Conversation> forCustomer(String externalUserId) {
        return Flux.defer(() -> Flux.fromStream(conversations.asMap().values().stream()
                .filter(c -> c.key().withCustomer(externalUserId))
                .sorted(Comparator.comparing(c -> c.key().id()))));
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return Mono.fromSupplier(() -> {
            long erased = 0;
            for (ConversationKey key : List.copyOf(conversations.asMap().keySet())) {
                if (key.withCustomer(externalUserId) && conversations.asMap().remove(key) != null) {
                    erased++;
                }
            }
            return erased;
        });
    }

    @Override
    public Mono<Conversation> get(ConversationKey key) {
        return Mono.fromSupplier(() -> {
            Conversation stored = conversations.getIfPresent(key);
            return stored != null ? stored : Conversation.fresh(key, clock.instant());
        });
    }

    @Override
    public Mono<Transition> update(ConversationKey key, Function<Conversation, Transition> change) {
        return Mono.fromSupplier(() -> {
            Transition[] result = new Transition[1];
            conversations.asMap().compute(key, (k, stored) -> {
                Conversation current = stored != null ? stored : Conversation.fresh(key, clock.instant());
                Transition transition = Objects.requireNonNull(change.apply(current), "the change returned null");
                Conversation next = transition.conversation();
                if (!transition.allowed() || next.equals(current)) {
                    result[0] = transition.allowed() ? transition : Transition.refused(current, transition.refusal());
                    return stored;
                }
                if (!next.key().equals(key)) {
                    throw new IllegalArgumentException("a change cannot move conversation " + key + " to " + next.key());
                }
                result[0] = Transition.allowed(next.withVersion(current.version() + 1));
                return result[0].conversation();
            });
            return result[0];
        });
    }
}
