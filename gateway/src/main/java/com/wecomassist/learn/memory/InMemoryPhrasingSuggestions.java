package com.wecomassist.learn.memory;

import com.wecomassist.learn.PhrasingSuggestion;
import com.wecomassist.learn.PhrasingSuggestions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The embedded mode's review list: in memory; decided suggestions are dropped after the retention. */
public class InMemoryPhrasingSuggestions implements PhrasingSuggestions {

    private final ConcurrentMap<String, PhrasingSuggestion> suggestions = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;

    public InMemoryPhrasingSuggestions(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Added> add(PhrasingSuggestion suggestion) {
        return Mono.fromSupplier(() -> {
            forgetOld();
            AtomicBoolean created = new AtomicBoolean();
            PhrasingSuggestion stored = suggestions.compute(suggestion.id(), (id, known) -> {
                created.set(known == null);
                return known == null ? suggestion : known.suggestedAgain(1);
            });
            return new Added(stored, created.get());
        });
    }

    @Override
    public Mono<PhrasingSuggestion> find(String id) {
        return Mono.fromSupplier(() -> suggestions.get(id));
    }

    @Override
    public Flux<PhrasingSuggestion> list(PhrasingSuggestion.Status status) {
        return Flux.defer(() -> Flux.fromStream(suggestions.values().stream()
                .filter(s -> status == null || s.status() == status)
                .sorted(Comparator.comparing(PhrasingSuggestion::suggestedAt).reversed()
                        .thenComparing(PhrasingSuggestion::id))));
    }

    @Override
    public Mono<Boolean> decide(String id, PhrasingSuggestion.Status status, String editor, Instant at) {
        return Mono.fromSupplier(() -> {
            AtomicBoolean decided = new AtomicBoolean();
            suggestions.computeIfPresent(id, (key, known) -> {
                if (known.status() != PhrasingSuggestion.Status.OPEN) {
                    return known;
                }
                decided.set(true);
                return known.decided(status, editor, at);
            });
            return decided.get();
        });
    }

    @Override
    public Mono<Long> discard(Collection<String> ids) {
        return Mono.fromSupplier(() -> ids.stream().filter(id -> suggestions.remove(id) != null).count());
    }

    private void forgetOld() {
        Instant oldest = clock.instant().minus(retention);
        suggestions.values().removeIf(s -> s.decidedAt() != null && s.decidedAt().isBefore(oldest));
    }
}
