package com.wecomassist.learn.memory;

import com.wecomassist.learn.KnowledgeGap;
import com.wecomassist.learn.KnowledgeGaps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The embedded mode's gaps: in memory, at most the capacity, none older than the retention. */
public class InMemoryKnowledgeGaps implements KnowledgeGaps {

    private static final Comparator<KnowledgeGap> LATEST_FIRST =
            Comparator.comparing(KnowledgeGap::at).reversed().thenComparing(KnowledgeGap::id);

    private final Map<String, KnowledgeGap> gaps = new LinkedHashMap<>();
    private final int capacity;
    private final Duration retention;
    private final Clock clock;

    public InMemoryKnowledgeGaps(int capacity, Duration retention, Clock clock) {
        this.capacity = capacity;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Void> record(KnowledgeGap gap) {
        return Mono.fromRunnable(() -> {
            synchronized (gaps) {
                gaps.put(gap.id(), gap);
                Instant oldest = clock.instant().minus(retention);
                // kept in the order recorded, so the first ones are the oldest: trim from there and stop at
                // the first one still wanted (this runs for every unsure question; reading skips any expired
                // gap recorded out of order)
                var oldestFirst = gaps.values().iterator();
                while (oldestFirst.hasNext()) {
                    KnowledgeGap first = oldestFirst.next();
                    if (gaps.size() <= capacity && !first.at().isBefore(oldest)) {
                        break;
                    }
                    oldestFirst.remove();
                }
            }
        });
    }

    @Override
    public Flux<KnowledgeGap> recent() {
        return Flux.defer(() -> {
            Instant oldest = clock.instant().minus(retention);
            List<KnowledgeGap> kept;
            synchronized (gaps) {
                kept = gaps.values().stream().filter(g -> !g.at().isBefore(oldest)).sorted(LATEST_FIRST).toList();
            }
            return Flux.fromIterable(kept);
        });
    }

    @Override
    public Mono<Long> dismiss(Collection<String> ids) {
        return Mono.fromSupplier(() -> {
            long removed = 0;
            synchronized (gaps) {
                for (String id : ids) {
                    if (gaps.remove(id) != null) {
                        removed++;
                    }
                }
            }
            return removed;
        });
    }
}
