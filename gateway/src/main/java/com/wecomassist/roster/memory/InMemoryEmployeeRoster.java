package com.wecomassist.roster.memory;

import com.wecomassist.roster.EmployeeRoster;
import com.wecomassist.roster.RosterEntry;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Embedded mode: the roster in this process (a restart forgets it, as it forgets the contact directory). */
public class InMemoryEmployeeRoster implements EmployeeRoster {

    private final AtomicReference<List<RosterEntry>> entries = new AtomicReference<>(List.of());

    @Override
    public Mono<Integer> replaceAll(List<RosterEntry> next) {
        return Mono.fromSupplier(() -> {
            List<RosterEntry> sorted = next.stream().sorted(Comparator.comparing(RosterEntry::userid)).toList();
            entries.set(sorted);
            return sorted.size();
        });
    }

    @Override
    public Flux<RosterEntry> all() {
        return Flux.defer(() -> Flux.fromIterable(entries.get()));
    }
}
