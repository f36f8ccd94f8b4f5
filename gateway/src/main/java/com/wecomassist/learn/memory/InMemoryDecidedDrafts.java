package com.wecomassist.learn.memory;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.learn.DecidedDraft;
import com.wecomassist.learn.DecidedDrafts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The embedded mode's decided drafts: in memory, forgotten after the retention. */
public class InMemoryDecidedDrafts implements DecidedDrafts {

    private final ConcurrentMap<String, DecidedDraft> drafts = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;

    public InMemoryDecidedDrafts(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Void> remember(DecidedDraft draft) {
        return Mono.fromRunnable(() -> {
            Instant oldest = clock.instant().minus(retention);
            drafts.values().removeIf(d -> d.decidedAt().isBefore(oldest));
            drafts.put(draft.draftId(), draft);
        });
    }

    @Override
    public Flux<DecidedDraft> forCustomer(String externalUserId) {
        return Flux.defer(() -> {
            Instant oldest = clock.instant().minus(retention);
            return Flux.fromStream(drafts.values().stream()
                    .filter(d -> !d.decidedAt().isBefore(oldest)
                            && ConversationKey.idWithCustomer(d.conversation(), externalUserId))
                    .sorted(Comparator.comparing(DecidedDraft::draftId)));
        });
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return Mono.fromSupplier(() -> drafts.values().stream()
                .filter(d -> ConversationKey.idWithCustomer(d.conversation(), externalUserId))
                .filter(d -> drafts.remove(d.draftId(), d))
                .count());
    }

    @Override
    public Mono<DecidedDraft> find(String draftId) {
        return Mono.fromSupplier(() -> {
            DecidedDraft draft = drafts.get(draftId);
            return draft == null || draft.decidedAt().isBefore(clock.instant().minus(retention)) ? null : draft;
        });
    }
}
