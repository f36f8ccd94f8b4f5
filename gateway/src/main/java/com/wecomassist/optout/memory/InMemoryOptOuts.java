package com.wecomassist.optout.memory;

import com.wecomassist.optout.OptOut;
import com.wecomassist.optout.OptOuts;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Mono;

/** Embedded mode: the suppression list in this process (sorted by customer for paging). */
public class InMemoryOptOuts implements OptOuts {

    private final TreeMap<String, OptOut> optedOut = new TreeMap<>();
    /** When each customer last opted back in: an older opt-out arriving later does not undo it. */
    private final Map<String, Instant> optedIn = new HashMap<>();

    @Override
    public Mono<OptOut.Change> optOut(OptOut optOut) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                if (optedOut.containsKey(optOut.externalUserId())) {
                    return OptOut.Change.UNCHANGED;
                }
                Instant in = optedIn.get(optOut.externalUserId());
                if (in != null && in.isAfter(optOut.at())) {
                    return OptOut.Change.STALE;
                }
                optedOut.put(optOut.externalUserId(), optOut);
                return OptOut.Change.APPLIED;
            }
        });
    }

    @Override
    public Mono<OptOut.Change> optIn(String externalUserId, Instant at) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                OptOut out = optedOut.get(externalUserId);
                if (out == null) {
                    return OptOut.Change.UNCHANGED;
                }
                if (out.at().isAfter(at)) {
                    return OptOut.Change.STALE;
                }
                optedOut.remove(externalUserId);
                optedIn.put(externalUserId, at);
                return OptOut.Change.APPLIED;
            }
        });
    }

    @Override
    public Mono<OptOut> optOutOf(String externalUserId) {
        return Mono.defer(() -> {
            synchronized (this) {
                return Mono.justOrEmpty(optedOut.get(externalUserId));
            }
        });
    }

    @Override
    public Mono<List<OptOut>> page(String after, int limit) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                return (after == null ? optedOut : optedOut.tailMap(after, false)).values().stream()
                        .limit(limit).toList();
            }
        });
    }
}
