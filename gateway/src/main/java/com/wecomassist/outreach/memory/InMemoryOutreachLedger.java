package com.wecomassist.outreach.memory;

import com.wecomassist.outreach.OpenTask;
import com.wecomassist.outreach.Outcome;
import com.wecomassist.outreach.OutreachLedger;
import com.wecomassist.outreach.OutreachPlanner;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Embedded mode: the ledger in this process (a restart forgets it, as it forgets the directory). One lock.
 * Its per-day counts are kept as long as the process runs (a restart comes long before {@link #DAYS_KEPT}).
 */
public class InMemoryOutreachLedger implements OutreachLedger {

    /** The zone of {@code assist.kpi.zone}'s default: the days of tests and simulations that name none. */
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** Messages older than this are forgotten: no cap looks further back than a month. */
    static final Duration KEPT = Duration.ofDays(35);

    private record Sent(String strategyId, boolean enterprise, Instant at, String id) {
    }

    private final Map<String, String> arms = new HashMap<>();
    private final Map<String, Map<Outcome, Instant>> marks = new HashMap<>();
    private final Map<String, Map<String, Map<Outcome, Long>>> counts = new HashMap<>();
    private final Map<String, List<Sent>> sent = new HashMap<>();
    /** test → day → arm → outcome → customers counted that day. */
    private final Map<String, Map<LocalDate, Map<String, Map<Outcome, Long>>>> daily = new HashMap<>();
    private final ZoneId zone;

    /** @param zone the bank's zone: where the days of the per-day counts begin and end */
    public InMemoryOutreachLedger(ZoneId zone) {
        this.zone = zone;
    }

    /** Days in China's zone. */
    public InMemoryOutreachLedger() {
        this(CHINA);
    }

    private static String key(String testId, String customer) {
        return testId + '\n' + customer;
    }

    @Override
    public synchronized Mono<String> assign(String testId, String customer, String arm, Instant at) {
        String kept = arms.get(key(testId, customer));
        if (kept != null) {
            return Mono.just(kept);
        }
        arms.put(key(testId, customer), arm);
        marks.computeIfAbsent(key(testId, customer), k -> new EnumMap<>(Outcome.class)).put(Outcome.ASSIGNED, at);
        count(testId, arm, Outcome.ASSIGNED, at);
        return Mono.just(arm);
    }

    @Override
    public synchronized Mono<String> armOf(String testId, String customer) {
        return Mono.justOrEmpty(arms.get(key(testId, customer)));
    }

    @Override
    public synchronized Mono<Void> sent(String customer, String strategyId, boolean enterprise, Instant at) {
        List<Sent> list = sent.computeIfAbsent(customer, c -> new ArrayList<>());
        list.add(new Sent(strategyId, enterprise, at, java.util.UUID.randomUUID().toString()));
        list.removeIf(s -> s.at().isBefore(at.minus(KEPT)));
        return Mono.empty();
    }

    @Override
    public synchronized Mono<String> reserve(String customer, String strategyId, boolean enterprise, int perWeek,
                                             int monthLimit, Instant now, ZoneId zone) {
        OutreachPlanner.History h = computed(customer, strategyId, now, zone);
        if (h.sentThisWeekByStrategy() >= perWeek || h.enterpriseThisMonth() >= monthLimit) {
            return Mono.empty();
        }
        String id = java.util.UUID.randomUUID().toString();
        List<Sent> list = sent.computeIfAbsent(customer, c -> new ArrayList<>());
        list.add(new Sent(strategyId, enterprise, now, id));
        list.removeIf(s -> s.at().isBefore(now.minus(KEPT)));
        return Mono.just(id);
    }

    @Override
    public synchronized Mono<Void> unsend(String customer, String reservation) {
        sent.getOrDefault(customer, new ArrayList<>()).removeIf(s -> s.id().equals(reservation));
        return Mono.empty();
    }

    @Override
    public synchronized Mono<OutreachPlanner.History> history(String customer, String strategyId,
                                                              Instant now, ZoneId zone) {
        return Mono.just(computed(customer, strategyId, now, zone));
    }

    private OutreachPlanner.History computed(String customer, String strategyId, Instant now,
                                             ZoneId zone) {
        Instant last = null;
        int week = 0;
        int month = 0;
        YearMonth thisMonth = YearMonth.from(now.atZone(zone));
        for (Sent s : sent.getOrDefault(customer, List.of())) {
            last = last == null || s.at().isAfter(last) ? s.at() : last;
            if (s.strategyId().equals(strategyId) && s.at().isAfter(now.minus(Duration.ofDays(7)))) {
                week++;
            }
            if (s.enterprise() && YearMonth.from(s.at().atZone(zone)).equals(thisMonth)) {
                month++;
            }
        }
        return new OutreachPlanner.History(last, week, month);
    }

    @Override
    public synchronized Mono<Boolean> mark(String testId, String customer, Outcome outcome, Instant at) {
        String arm = arms.get(key(testId, customer));
        if (arm == null) {
            return Mono.just(false);
        }
        Map<Outcome, Instant> of = marks.computeIfAbsent(key(testId, customer), k -> new EnumMap<>(Outcome.class));
        if (of.containsKey(outcome)) {
            return Mono.just(false);
        }
        of.put(outcome, at);
        count(testId, arm, outcome, at);
        return Mono.just(true);
    }

    @Override
    public synchronized Mono<Instant> markedAt(String testId, String customer, Outcome outcome) {
        return Mono.justOrEmpty(marks.getOrDefault(key(testId, customer), Map.of()).get(outcome));
    }

    @Override
    public synchronized Mono<Map<String, Map<Outcome, Long>>> counts(String testId) {
        Map<String, Map<Outcome, Long>> copy = new TreeMap<>();
        counts.getOrDefault(testId, Map.of()).forEach((arm, c) -> copy.put(arm, Map.copyOf(c)));
        return Mono.just(copy);
    }

    @Override
    public synchronized Mono<DailyCounts> daily(String testId, LocalDate from, LocalDate to) {
        SortedMap<LocalDate, Map<String, Map<Outcome, Long>>> days = new TreeMap<>();
        daily.getOrDefault(testId, Map.of()).forEach((day, arms) -> {
            if (!day.isBefore(from) && !day.isAfter(to)) {
                Map<String, Map<Outcome, Long>> copy = new TreeMap<>();
                arms.forEach((arm, c) -> copy.put(arm, Map.copyOf(c)));
                days.put(day, copy);
            }
        });
        return counts(testId).map(totals -> new DailyCounts(totals, days));
    }

    private final Map<String, OpenTask> tasks = new HashMap<>();
    private String leaseHolder;
    private Instant leaseUntil = Instant.MIN;

    @Override
    public synchronized Mono<Void> openTask(OpenTask task) {
        tasks.put(task.msgid(), task);
        return Mono.empty();
    }

    @Override
    public synchronized Flux<OpenTask> openTasks(int limit) {
        return Flux.fromIterable(tasks.values().stream().sorted(java.util.Comparator.comparing(OpenTask::createdAt)
                .thenComparing(OpenTask::msgid)).limit(limit).toList());
    }

    @Override
    public synchronized Mono<Void> closeTask(String msgid) {
        tasks.remove(msgid);
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Boolean> lease(String holder, Duration lease) {
        Instant now = Instant.now();
        if (leaseHolder != null && !leaseHolder.equals(holder) && leaseUntil.isAfter(now)) {
            return Mono.just(false);
        }
        leaseHolder = holder;
        leaseUntil = now.plus(lease);
        return Mono.just(true);
    }

    private void count(String testId, String arm, Outcome outcome, Instant at) {
        counts.computeIfAbsent(testId, t -> new HashMap<>()).computeIfAbsent(arm, a -> new EnumMap<>(Outcome.class))
                .merge(outcome, 1L, Long::sum);
        daily.computeIfAbsent(testId, t -> new HashMap<>()).computeIfAbsent(LocalDate.ofInstant(at, zone),
                        d -> new HashMap<>())
                .computeIfAbsent(arm, a -> new EnumMap<>(Outcome.class)).merge(outcome, 1L, Long::sum);
    }
}
