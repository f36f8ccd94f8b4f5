package com.wecomassist.comply.memory;

import com.wecomassist.comply.FlaggedDraft;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.comply.FlaggedDrafts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The embedded mode's list: newest first in memory, at most {@code capacity}, lost on restart. */
public class InMemoryFlaggedDrafts implements FlaggedDrafts {

    private final int capacity;
    private final Deque<FlaggedDraft> newestFirst = new ArrayDeque<>();

    public InMemoryFlaggedDrafts(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public Mono<Void> record(FlaggedDraft draft) {
        return Mono.fromRunnable(() -> {
            synchronized (newestFirst) {
                newestFirst.addFirst(draft);
                while (newestFirst.size() > capacity) {
                    newestFirst.removeLast();
                }
            }
        });
    }

    @Override
    public Flux<FlaggedDraft> forCustomer(String externalUserId) {
        return Flux.defer(() -> {
            List<FlaggedDraft> found;
            synchronized (newestFirst) {
                found = newestFirst.stream().filter(d -> ConversationKey.idWithCustomer(d.conversation(), externalUserId))
                        .toList();
            }
            return Flux.fromIterable(found);
        });
    }

    @Override
    public Mono<Long> discard(Predicate<FlaggedDraft> which) {
        return Mono.fromSupplier(() -> {
            synchronized (newestFirst) {
                int before = newestFirst.size();
                newestFirst.removeIf(which);
                return (long) (before - newestFirst.size());
            }
        });
    }

    @Override
    public Flux<FlaggedDraft> recent(Set<String> actions, int limit) {
        return Flux.defer(() -> {
            List<FlaggedDraft> out = new ArrayList<>();
            synchronized (newestFirst) {
                for (FlaggedDraft d : newestFirst) {
                    if (out.size() >= limit) {
                        break;
                    }
                    if (actions.contains(d.action())) {
                        out.add(d);
                    }
                }
            }
            return Flux.fromIterable(out);
        });
    }
}
