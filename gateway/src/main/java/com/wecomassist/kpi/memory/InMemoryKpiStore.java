package com.wecomassist.kpi.memory;

import com.wecomassist.kpi.EmployeeDay;
import com.wecomassist.kpi.KpiProgress;
import com.wecomassist.kpi.KpiStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Embedded mode: the figures in this process (a restart forgets them; the daily run computes them again). */
public class InMemoryKpiStore implements KpiStore {

    private final NavigableMap<LocalDate, Map<String, EmployeeDay>> days = new ConcurrentSkipListMap<>();
    private final Set<LocalDate> computed = new TreeSet<>();
    private final Duration retention;
    private final Clock clock;
    private KpiProgress progress;
    private String holder;
    private Instant heldUntil = Instant.MIN;

    public InMemoryKpiStore(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Void> putAll(List<EmployeeDay> figures) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                for (EmployeeDay figure : figures) {
                    days.computeIfAbsent(figure.day(), d -> new TreeMap<>()).put(figure.employee(), figure);
                }
                forgetOld();
            }
        });
    }

    @Override
    public Mono<Void> markComputed(List<LocalDate> marked) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                computed.addAll(marked);
                forgetOld();
            }
        });
    }

    @Override
    public Mono<Set<LocalDate>> computed(LocalDate from, LocalDate to) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                return Set.copyOf(((TreeSet<LocalDate>) computed).subSet(from, true, to, true));
            }
        });
    }

    @Override
    public Flux<EmployeeDay> between(LocalDate from, LocalDate to) {
        return Flux.defer(() -> {
            List<EmployeeDay> out = new ArrayList<>();
            synchronized (this) {
                days.subMap(from, true, to, true).values().forEach(byEmployee -> out.addAll(byEmployee.values()));
            }
            return Flux.fromIterable(out);
        });
    }

    @Override
    public Mono<Void> saveProgress(KpiProgress next) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                progress = next;
            }
        });
    }

    @Override
    public Mono<KpiProgress> progress() {
        return Mono.defer(() -> {
            synchronized (this) {
                return Mono.justOrEmpty(progress);
            }
        });
    }

    @Override
    public Mono<Boolean> claim(String who, Duration lease) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                Instant now = clock.instant();
                if (holder != null && !holder.equals(who) && heldUntil.isAfter(now)) {
                    return false;
                }
                holder = who;
                heldUntil = now.plus(lease);
                return true;
            }
        });
    }

    @Override
    public Mono<Void> release(String who) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                if (who.equals(holder)) {
                    holder = null;
                    heldUntil = Instant.MIN;
                }
            }
        });
    }

    private void forgetOld() {
        LocalDate oldest = LocalDate.ofInstant(clock.instant().minus(retention), java.time.ZoneOffset.UTC);
        days.headMap(oldest, false).clear();
        computed.removeIf(day -> day.isBefore(oldest));
    }
}
