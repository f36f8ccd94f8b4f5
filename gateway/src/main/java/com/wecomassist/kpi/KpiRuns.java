package com.wecomassist.kpi;

import com.wecomassist.contacts.ContactPages;
import com.wecomassist.error.Refused;
import com.wecomassist.roster.EmployeeRoster;
import com.wecomassist.roster.RosterEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Computes and stores the daily figures of a range of days for every employee: those WeCom lists for
 * 客户联系 ({@code get_follow_user_list}) and those on the roster. One employee at a time, paced by
 * {@code assist.kpi.employees-per-second}: their directory figures ({@link DirectoryFigures}) and WeCom's
 * statistics ({@link BehaviourSource}) are joined and stored before the next; an employee whose
 * statistics WeCom would not give is stored without them and counted. Progress is saved after every
 * employee. One run at a time in the whole cluster (the store's lease); the run goes on in the
 * background, and a second start is refused (409 {@code KPI_RUN_RUNNING}).
 */
public class KpiRuns {

    private static final Logger log = LoggerFactory.getLogger(KpiRuns.class);
    /** Renewed after every employee: a run whose instance died frees the cluster after this. */
    static final Duration LEASE = Duration.ofMinutes(5);

    private final DirectoryFigures figures;
    private final BehaviourSource behaviour;
    private final ContactPages wecomEmployees;
    private final EmployeeRoster roster;
    private final KpiStore store;
    private final KpiProperties settings;
    private final Clock clock;
    private final String holder = "kpi-run-" + UUID.randomUUID();
    private final AtomicReference<Disposable> running = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();

    public KpiRuns(DirectoryFigures figures, BehaviourSource behaviour, ContactPages wecomEmployees,
                   EmployeeRoster roster, KpiStore store, KpiProperties settings, Clock clock) {
        this.figures = figures;
        this.behaviour = behaviour;
        this.wecomEmployees = wecomEmployees;
        this.roster = roster;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** Today in the bank's zone. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(settings.zone()));
    }

    /**
     * Starts computing {@code from}..{@code to}: 400 {@code INVALID_RANGE} for a range that is reversed, in
     * the future or longer than {@code max-run-days}; 409 {@code KPI_RUN_RUNNING} while a run goes on.
     * Answers the progress at the start.
     */
    public Mono<KpiProgress> start(LocalDate from, LocalDate to, String trigger) {
        if (from.isAfter(to)) {
            return Mono.error(Refused.invalid("INVALID_RANGE", "from " + from + " is after to " + to));
        }
        if (to.isAfter(today())) {
            return Mono.error(Refused.invalid("INVALID_RANGE", "to " + to + " is in the future (today is " + today() + ")"));
        }
        long days = to.toEpochDay() - from.toEpochDay() + 1;
        if (days > settings.maxRunDays()) {
            return Mono.error(Refused.invalid("INVALID_RANGE", "a run computes at most " + settings.maxRunDays()
                    + " days (assist.kpi.max-run-days), not " + days));
        }
        if (!busy.compareAndSet(false, true)) {
            return Mono.error(running());
        }
        return store.claim(holder, LEASE)
                .flatMap(claimed -> !claimed ? Mono.<KpiProgress>error(running())
                        : employees().flatMap(found -> begin(from, to, trigger, found.getKey(), found.getValue()))
                                .onErrorResume(e -> store.release(holder).then(Mono.error(e))))
                .doOnError(e -> busy.set(false));
    }

    private static Refused running() {
        return Refused.conflict("KPI_RUN_RUNNING", "figures are being computed; see GET /api/kpi/runs");
    }

    /** The latest run's progress, on any instance. */
    public Mono<KpiProgress> progress() {
        return store.progress();
    }

    /** Stops a run of this instance (shutdown): its lease runs out and the next run computes the days again. */
    public void stop() {
        Disposable run = running.getAndSet(null);
        if (run != null) {
            run.dispose();
        }
    }

    /** The employees to compute, and notes for the reader (WeCom's list not available). */
    private Mono<Map.Entry<List<String>, List<String>>> employees() {
        Mono<Map.Entry<List<String>, List<String>>> fromWecom = wecomEmployees.employees()
                .map(list -> Map.entry(list, List.<String>of()))
                .onErrorResume(e -> Mono.just(Map.entry(List.of(), List.of("WeCom's list of 客户联系 employees "
                        + "could not be read (" + e.getMessage() + "): only the roster's employees were computed"))));
        return Mono.zip(fromWecom, roster.all().map(RosterEntry::userid).collectList()).map(both -> {
            TreeSet<String> all = new TreeSet<>(both.getT1().getKey());
            all.addAll(both.getT2());
            return Map.entry(List.copyOf(all), both.getT1().getValue());
        });
    }

    private Mono<KpiProgress> begin(LocalDate from, LocalDate to, String trigger, List<String> employees,
                                    List<String> notes) {
        Instant now = clock.instant();
        KpiProgress first = new KpiProgress(KpiProgress.Status.RUNNING, from, to, trigger, employees.size(), 0, 0,
                notes, now, now, null, null);
        AtomicReference<KpiProgress> progress = new AtomicReference<>(first);
        Duration pace = Duration.ofNanos((long) (1_000_000_000L / settings.employeesPerSecond()));
        Mono<Void> run = Flux.fromIterable(employees)
                .concatMap(employee -> compute(employee, from, to)
                        .flatMap(missing -> {
                            KpiProgress next = progress.updateAndGet(p -> p.advanced(1, missing ? 1 : 0, clock.instant()));
                            return store.saveProgress(next).then(store.claim(holder, LEASE));
                        })
                        .delaySubscription(pace))
                .then(Mono.defer(() -> store.markComputed(from.datesUntil(to.plusDays(1)).toList())))
                .then(Mono.defer(() -> store.saveProgress(progress.updateAndGet(p -> p.finished(clock.instant())))))
                .onErrorResume(e -> {
                    log.warn("KPI run {}..{} failed after {} employees: {}", from, to, progress.get().done(), e.toString());
                    return store.saveProgress(progress.updateAndGet(p -> p.failed(e.getMessage(), clock.instant())));
                })
                .then(Mono.defer(() -> store.release(holder)))
                .doFinally(signal -> {
                    running.set(null);
                    busy.set(false);
                });
        return store.saveProgress(first).then(Mono.fromSupplier(() -> {
            running.set(run.subscribe(null, e -> log.warn("KPI run ended badly: {}", e.toString())));
            log.info("KPI run {}..{} started by {}: {} employees", from, to, trigger, employees.size());
            return first;
        }));
    }

    /** Stores one employee's figures; answers whether WeCom's statistics were missing. */
    private Mono<Boolean> compute(String employee, LocalDate from, LocalDate to) {
        Mono<Optional<Map<LocalDate, EmployeeDay.Behaviour>>> wecom = behaviour.of(employee, from, to)
                .map(Optional::of)
                .onErrorResume(e -> {
                    log.debug("no behaviour data for {}: {}", employee, e.toString());
                    return Mono.just(Optional.empty());
                });
        return Mono.zip(figures.of(employee, from, to), wecom).flatMap(both -> {
            List<EmployeeDay> days = new ArrayList<>();
            for (EmployeeDay day : both.getT1()) {
                days.add(both.getT2().map(b -> day.withBehaviour(b.get(day.day()))).orElse(day));
            }
            return store.putAll(days).thenReturn(both.getT2().isEmpty());
        });
    }
}
