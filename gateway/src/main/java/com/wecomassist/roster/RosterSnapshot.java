package com.wecomassist.roster;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The roster held in memory, for paths that read it per event (the outreach engine) and must not make a
 * store round trip for it: read again every {@link #REFRESH} on every instance, and at once on the
 * instance that replaced it. The roster changes by the day, so a minute behind is in time.
 */
public class RosterSnapshot implements Supplier<Map<String, RosterEntry>> {

    public static final Duration REFRESH = Duration.ofMinutes(1);

    private final EmployeeRoster roster;
    private final AtomicReference<Map<String, RosterEntry>> held = new AtomicReference<>(Map.of());

    public RosterSnapshot(EmployeeRoster roster) {
        this.roster = roster;
    }

    /** The employees by userid, as last read. */
    @Override
    public Map<String, RosterEntry> get() {
        return held.get();
    }

    /** Reads the roster again. */
    public Mono<Void> refresh() {
        return roster.all().collect(Collectors.toUnmodifiableMap(RosterEntry::userid, e -> e))
                .doOnNext(held::set)
                .then();
    }
}
