package com.wecomassist.kpi;

import com.wecomassist.error.Refused;
import com.wecomassist.kpi.TaskTally;
import com.wecomassist.roster.EmployeeRoster;
import com.wecomassist.roster.RosterEntry;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The 客户联系 KPIs' API. Reading — {@code GET /api/kpi/report} (rows per employee, team or branch and
 * the total), {@code GET /api/kpi/series} (day by day, for charts), {@code GET /api/kpi/report.csv} (the
 * report for Excel) and {@code GET /api/kpi/runs} (the latest run) — is for team leads and
 * administrators; starting a run ({@code POST /api/kpi/runs}) for administrators
 * ({@code staff/SecurityConfiguration}). Days are {@code yyyy-MM-dd}; without them a report covers the
 * 30 days up to yesterday. The 企业群发 tasks' figures (群发执行率) are read live from the outreach engine's
 * tally, not computed by the runs.
 */
@RestController
class KpiController {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    /** {@code POST /api/kpi/runs}: the days to compute (default: yesterday). */
    record RunRequest(String from, String to) {
    }

    private final KpiStore store;
    private final KpiRuns runs;
    private final EmployeeRoster roster;
    private final KpiProperties settings;
    private final TaskTally tasks;

    KpiController(KpiStore store, KpiRuns runs, EmployeeRoster roster, KpiProperties settings, TaskTally tasks) {
        this.tasks = tasks;
        this.store = store;
        this.runs = runs;
        this.roster = roster;
        this.settings = settings;
    }

    @GetMapping("/api/kpi/report")
    Mono<KpiReport.Report> report(@RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to,
                                  @RequestParam(defaultValue = "employee") String by) {
        KpiReport.By grouping = by(by);
        return range(from, to).flatMap(days -> report(days[0], days[1], grouping));
    }

    @GetMapping("/api/kpi/series")
    Mono<List<KpiReport.Point>> series(@RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to,
                                       @RequestParam(defaultValue = "all") String by,
                                       @RequestParam(required = false) String key) {
        KpiReport.By grouping = by(by);
        if (grouping != KpiReport.By.ALL && (key == null || key.isBlank())) {
            return Mono.error(Refused.invalid("INVALID_REQUEST", "key names the " + by + " whose series to read"));
        }
        return range(from, to).flatMap(days -> Mono.zip(store.between(days[0], days[1]).collectList(),
                        tasks.between(days[0], days[1]).collectList(), rosterLookup())
                .map(all -> KpiReport.series(all.getT1(), all.getT2(), days[0], days[1],
                        employee -> grouping == KpiReport.By.ALL || grouping.key(all.getT3().apply(employee)).equals(key))));
    }

    @GetMapping("/api/kpi/report.csv")
    Mono<ResponseEntity<byte[]>> csv(@RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to,
                                     @RequestParam(defaultValue = "employee") String by) {
        KpiReport.By grouping = by(by);
        return range(from, to).flatMap(days -> report(days[0], days[1], grouping)).map(report -> ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"kpi-" + grouping.name()
                        .toLowerCase(Locale.ROOT) + "-" + report.from() + "-" + report.to() + ".csv\"")
                .body(KpiCsv.write(report)));
    }

    @GetMapping("/api/kpi/runs")
    Mono<ResponseEntity<KpiProgress>> progress() {
        return runs.progress().map(ResponseEntity::ok).defaultIfEmpty(ResponseEntity.noContent().build());
    }

    @PostMapping("/api/kpi/runs")
    Mono<ResponseEntity<KpiProgress>> run(@RequestBody(required = false) RunRequest request, Principal user) {
        LocalDate yesterday = runs.today().minusDays(1);
        LocalDate from;
        LocalDate to;
        try {
            to = request == null || request.to() == null ? yesterday : LocalDate.parse(request.to());
            from = request == null || request.from() == null ? to : LocalDate.parse(request.from());
        } catch (DateTimeParseException e) {
            return Mono.error(Refused.invalid("INVALID_RANGE", "days are written yyyy-MM-dd: " + e.getParsedString()));
        }
        return runs.start(from, to, user.getName()).map(p -> ResponseEntity.accepted().body(p));
    }

    private Mono<KpiReport.Report> report(LocalDate from, LocalDate to, KpiReport.By by) {
        return Mono.zip(store.between(from, to).collectList(), rosterLookup(), store.computed(from, to),
                        tasks.between(from, to).collectList())
                .map(all -> {
                    List<LocalDate> computed = new ArrayList<>();
                    List<LocalDate> missing = new ArrayList<>();
                    from.datesUntil(to.plusDays(1)).forEach(d -> (all.getT3().contains(d) ? computed : missing).add(d));
                    return new KpiReport.Report(from, to, by, computed, missing,
                            KpiReport.rows(all.getT1(), all.getT4(), by, all.getT2()),
                            KpiReport.total(all.getT1(), all.getT4()));
                });
    }

    private Mono<Function<String, RosterEntry>> rosterLookup() {
        return roster.all().collectMap(RosterEntry::userid).map(known -> userid -> {
            RosterEntry entry = known.get(userid);
            return entry != null ? entry : RosterEntry.unplaced(userid);
        });
    }

    private Mono<LocalDate[]> range(String from, String to) {
        LocalDate yesterday = runs.today().minusDays(1);
        try {
            LocalDate end = to == null || to.isBlank() ? yesterday : LocalDate.parse(to);
            LocalDate start = from == null || from.isBlank() ? end.minusDays(29) : LocalDate.parse(from);
            if (start.isAfter(end)) {
                return Mono.error(Refused.invalid("INVALID_RANGE", "from " + start + " is after to " + end));
            }
            long days = end.toEpochDay() - start.toEpochDay() + 1;
            if (days > settings.maxReportDays()) {
                return Mono.error(Refused.invalid("INVALID_RANGE", "a report covers at most " + settings.maxReportDays()
                        + " days (assist.kpi.max-report-days), not " + days));
            }
            return Mono.just(new LocalDate[] {start, end});
        } catch (DateTimeParseException e) {
            return Mono.error(Refused.invalid("INVALID_RANGE", "days are written yyyy-MM-dd, not '" + e.getParsedString() + "'"));
        }
    }

    private static KpiReport.By by(String by) {
        try {
            return KpiReport.By.valueOf(by.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("INVALID_REQUEST", "by is one of " + java.util.Arrays.stream(KpiReport.By.values())
                    .map(b -> b.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", not '" + by + "'");
        }
    }
}
