package com.wecomassist.session.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.ConversationTurns;
import com.wecomassist.session.Turn;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Embedded-mode history: the last {@code maxTurns} turns per conversation, forgotten after
 * {@code idleTtl} without activity so that memory follows active conversations only.
 */
public class InMemoryConversationHistory implements ConversationHistory {

    private final Cache<String, Deque<Turn>> turns;
    private final int maxTurns;

    public InMemoryConversationHistory(int maxTurns, Duration idleTtl) {
        this.maxTurns = maxTurns;
        this.turns = Caffeine.newBuilder().expireAfterAccess(idleTtl).build();
    }

    @Override
    public Mono<Void> append(ConversationKey conversation, Turn turn) {
        return Mono.fromRunnable(() -> turns.asMap().compute(conversation.id(), (k, deque) -> {
            Deque<Turn> d = deque == null ? new ArrayDeque<>() : deque;
            d.addLast(turn);
            while (d.size() > maxTurns) {
                d.removeFirst();
            }
            return d;
        }));
    }

    @Override
    public Flux<ConversationTurns> forCustomer(String externalUserId) {
        return Flux.defer(() -> Flux.fromIterable(turns.asMap().keySet().stream()
                        .filter(id -> ConversationKey.idWithCustomer(id, externalUserId)).sorted().toList()))
                .concatMap(id -> recent(ConversationKey.parse(id))
                        .filter(kept -> !kept.isEmpty())
                        .map(kept -> new ConversationTurns(ConversationKey.parse(id), kept)));
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return Mono.fromSupplier(() -> {
            long erased = 0;
            for (String id : List.copyOf(turns.asMap().keySet())) {
                if (ConversationKey.idWithCustomer(id, externalUserId)) {
                    Deque<Turn> gone = turns.asMap().remove(id);
                    erased += gone == null ? 0 : gone.size();
                }
            }
            return erased;
        });
    }

    @Override
    public Mono<List<Turn>> recent(ConversationKey conversation) {
        return Mono.fromSupplier(() -> {
            List<Turn>[] copy = new List[]{List.of()};
            turns.asMap().computeIfPresent(conversation.id(), (k, d) -> {
                copy[0] = List.copyOf(d);
                return d;
            });
            return copy[0];
        });
    }
}
