package com.wecomassist.kpi.memory;

import com.wecomassist.kpi.TaskDay;
import com.wecomassist.kpi.TaskTally;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Embedded mode: the tally in this process (a restart forgets it, as it forgets the open tasks). */
public class InMemoryTaskTally implements TaskTally {

    /** Per bank day, per employee: created, confirmed, expired, not friend. */
    private final NavigableMap<LocalDate, Map<String, long[]>> counts = new TreeMap<>();
    /**
     * Per bank day, what was counted of which task ({@code created:<msgid>}, {@code end:<msgid>}), forgotten
     * {@link TaskTally#REMEMBERED} after the day's last count (as Redis expires it).
     */
    private final Map<LocalDate, Set<String>> counted = new HashMap<>();
    private final Map<LocalDate, Instant> lastCounted = new HashMap<>();
    private final ZoneId zone;
    private final Duration retention;
    private final Clock clock;

    public InMemoryTaskTally(ZoneId zone, Duration retention, Clock clock) {
        this.zone = zone;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Void> created(String msgid, String employee, Instant createdAt) {
        return Mono.fromRunnable(() -> count(createdAt, employee, "created:" + msgid, 0));
    }

    @Override
    public Mono<Void> ended(String msgid, String employee, Instant createdAt, End end) {
        return Mono.fromRunnable(() -> {
            count(createdAt, employee, "created:" + msgid, 0);
            count(createdAt, employee, "end:" + msgid, switch (end) {
                case CONFIRMED -> 1;
                case EXPIRED -> 2;
                case NOT_FRIEND -> 3;
            });
        });
    }

    private synchronized void count(Instant createdAt, String employee, String what, int figure) {
        Instant now = clock.instant();
        lastCounted.values().removeIf(last -> last.isBefore(now.minus(REMEMBERED)));
        counted.keySet().retainAll(lastCounted.keySet());
        counts.headMap(now.atZone(zone).toLocalDate().minusDays(retention.toDays())).clear();
        LocalDate day = createdAt.atZone(zone).toLocalDate();
        lastCounted.put(day, now);
        if (counted.computeIfAbsent(day, d -> new HashSet<>()).add(what)) {
            counts.computeIfAbsent(day, d -> new TreeMap<>()).computeIfAbsent(employee, e -> new long[4])[figure]++;
        }
    }

    @Override
    public Flux<TaskDay> between(LocalDate from, LocalDate to) {
        return Flux.defer(() -> {
            List<TaskDay> out = new ArrayList<>();
            synchronized (this) {
                counts.subMap(from, true, to, true).forEach((day, employees) -> employees.forEach((employee, n) ->
                        out.add(new TaskDay(day, employee, n[0], n[1], n[2], n[3]))));
            }
            return Flux.fromIterable(out);
        });
    }
}
