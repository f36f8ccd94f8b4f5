package com.wecomassist.comply.memory;

import com.wecomassist.comply.ComplianceChanges;
import com.wecomassist.comply.CompliancePublication;
import com.wecomassist.comply.TaughtExemplar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded mode's drafts and publication, in memory: lost on restart, when the gateway goes
 * back to the shipped rule pack and exemplars (the README says so; use cluster mode to keep them).
 */
public class InMemoryComplianceChanges implements ComplianceChanges {

    private final Map<String, TaughtExemplar> exemplars = new LinkedHashMap<>();
    private String pack;
    private CompliancePublication published;

    @Override
    public Mono<Boolean> draftExemplar(TaughtExemplar exemplar) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                if (!exemplars.containsKey(exemplar.id()) && exemplars.size() >= MAX_DRAFT_EXEMPLARS) {
                    return false;
                }
                exemplars.put(exemplar.id(), exemplar);
                return true;
            }
        });
    }

    @Override
    public Flux<TaughtExemplar> draftExemplars() {
        return Flux.defer(() -> {
            List<TaughtExemplar> all;
            synchronized (this) {
                all = new ArrayList<>(exemplars.values());
            }
            all.sort(ORDER);
            return Flux.fromIterable(all);
        });
    }

    /** Oldest first; the id breaks ties of one instant. */
    static final java.util.Comparator<TaughtExemplar> ORDER = java.util.Comparator.comparing(TaughtExemplar::at)
            .thenComparing(TaughtExemplar::id);

    @Override
    public Mono<Boolean> dropExemplar(String id) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return exemplars.remove(id) != null;
            }
        });
    }

    @Override
    public Mono<Void> draftPack(String yaml) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                pack = yaml;
            }
        });
    }

    @Override
    public Mono<String> draftedPack() {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return pack;
            }
        });
    }

    @Override
    public Mono<Boolean> dropPack() {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                boolean had = pack != null;
                pack = null;
                return had;
            }
        });
    }

    @Override
    public Mono<Boolean> publish(CompliancePublication next, Set<String> draftIds, String draftPackYaml) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                long current = published == null ? 0 : published.number();
                if (next.number() != current + 1) {
                    return false;
                }
                published = next;
                draftIds.forEach(exemplars::remove);
                if (draftPackYaml != null && draftPackYaml.equals(pack)) {
                    pack = null;
                }
                return true;
            }
        });
    }

    @Override
    public Mono<CompliancePublication> published() {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return published;
            }
        });
    }

    @Override
    public Mono<Long> publishedNumber() {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return published == null ? 0L : published.number();
            }
        });
    }
}
