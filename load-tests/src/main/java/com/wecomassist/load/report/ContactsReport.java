package com.wecomassist.load.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.stub.Json;
import com.wecomassist.load.stub.WelcomeArrivals;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reports of issue 19's two 客户联系 targets: the full directory sync ({@code contacts-sync}: customers
 * per second against the pace's ceiling, the gateway's heap and CPU while it runs, and whether the
 * directory holds every customer afterwards) and the welcomes ({@code welcomes}: the share of
 * add_external_contact callbacks whose send_welcome_msg reached WeCom within the code's 20 s, latency
 * percentiles, and what became of the codes never welcomed).
 */
public final class ContactsReport {

    /** Issue 19: a welcome within the code's 20 s for at least 99.9 % of adds. */
    public static final double WELCOME_TARGET_SHARE = 0.999;
    /** A fresh gateway's first seconds under load are reported apart from how it runs warm. */
    public static final int WARM_AFTER_SECONDS = 15;
    /** WeCom's page size for batch/get_by_user: the pace's ceiling is calls/s × this. */
    public static final int CUSTOMERS_PER_CALL = 100;
    /** Pages/s at or above this share of the pace mean the pace, not the gateway, set the speed. */
    static final double PACE_BOUND_SHARE = 0.95;

    private ContactsReport() {
    }

    // ------------------------------------------------------------------ contacts-sync

    /** One reading of the gateway's CPU: seconds since the start, the process's and the machine's share (0..1). */
    public record CpuSample(double seconds, double process, double system) {
    }

    /** Samples the gateway's CPU once a second ({@code process.cpu.usage}, {@code system.cpu.usage}). */
    public static final class CpuSampler {

        private final EverySecond<CpuSample> sampler;

        public CpuSampler(String gatewayUrl) {
            this.sampler = new EverySecond<>("gateway-cpu", seconds -> new CpuSample(seconds,
                    metric(gatewayUrl, "process.cpu.usage"), metric(gatewayUrl, "system.cpu.usage")));
        }

        public void start(int maxSamples) {
            sampler.start(maxSamples);
        }

        public List<CpuSample> stop() {
            return sampler.stop();
        }
    }

    /** One poll of {@code GET /api/contacts/sync}: seconds since the start, relationships read, pages. */
    public record SyncPoll(double seconds, long customers, long pages, String status) {
    }

    /**
     * What the sync run gave.
     *
     * @param expectedCustomers  customers the stub serves
     * @param employees          employees they are spread over
     * @param requestsPerSecond  the gateway's {@code assist.contacts.sync-requests-per-second}
     * @param finalProgress      the last {@code GET /api/contacts/sync} answer
     * @param heapAfterGcMiB     heap used after a full GC at the end (NaN when none could be triggered)
     * @param heapMaxMiB         the gateway's maximum heap
     * @param directoryCount     relationships the directory holds for the employees, summed from their counts
     * @param employeesChecked   employees whose counts were read
     * @param employeesWrong     of those, how many had a count other than the stub's
     * @param customersChecked   customers read back one by one and found as served
     * @param customersWrong     of those, how many were missing or different
     * @param mode               embedded or cluster
     * @param redisGrowthMiB     cluster mode: how much Redis's used memory grew over the run (NaN in embedded mode)
     * @param heapBeforeGcMiB    heap used after a full GC before the sync (NaN when none could be triggered)
     * @param wecomLatencyMs     how long the stub took to answer each 客户联系 call (WeCom's round trip; 0: at once)
     */
    public record SyncRun(long expectedCustomers, int employees, double requestsPerSecond, JsonNode finalProgress,
                          List<SyncPoll> polls, double heapAfterGcMiB, double heapMaxMiB, long directoryCount,
                          int employeesChecked, int employeesWrong, int customersChecked, int customersWrong,
                          Map<String, Object> wecomStats, Map<String, Object> gcPauses, String mode,
                          double redisGrowthMiB, double heapBeforeGcMiB, double wecomLatencyMs) {
    }

    /** The sync's figures (summary.json's body), computed from the run. */
    public static Map<String, Object> syncFigures(SyncRun run, List<GatewayGauges.Sample> jvm, List<CpuSample> cpu) {
        JsonNode p = run.finalProgress();
        long customers = p.path("customers").asLong();
        long pages = p.path("pages").asLong();
        Instant started = instant(p.path("startedAt").asText(null));
        Instant finished = instant(p.path("finishedAt").asText(null));
        double seconds = started != null && finished != null
                ? Duration.between(started, finished).toMillis() / 1000.0 : Double.NaN;
        double ceiling = run.requestsPerSecond() * CUSTOMERS_PER_CALL;
        double pagesPerSecond = pages / seconds;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("mode", run.mode());
        f.put("status", p.path("status").asText());
        f.put("expected_customers", run.expectedCustomers());
        f.put("employees", run.employees());
        f.put("customers_read", customers);
        f.put("pages", pages);
        f.put("errors", p.path("errors").asLong());
        f.put("resumes", p.path("resumes").asInt());
        f.put("duration_seconds", Window.round(seconds));
        f.put("customers_per_second", Window.round(customers / seconds));
        f.put("pages_per_second", Window.round(pagesPerSecond));
        f.put("sync_requests_per_second", run.requestsPerSecond());
        f.put("pace_ceiling_customers_per_second", Window.round(ceiling));
        f.put("share_of_pace_ceiling", Window.round(customers / seconds / ceiling));
        f.put("wecom_latency_ms", run.wecomLatencyMs());
        f.put("limited_by", limitedBy(pagesPerSecond, run.requestsPerSecond(), run.wecomLatencyMs()));
        f.put("heap_peak_mib", Window.round(jvm.stream().mapToDouble(GatewayGauges.Sample::heapMiB)
                .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN)));
        f.put("heap_at_start_mib", Window.round(jvm.isEmpty() ? Double.NaN : jvm.get(0).heapMiB()));
        f.put("heap_after_gc_mib", Window.round(run.heapAfterGcMiB()));
        f.put("heap_max_mib", Window.round(run.heapMaxMiB()));
        f.put("heap_before_gc_mib", Window.round(run.heapBeforeGcMiB()));
        // what the synced directory holds in the heap: after-GC heap at the end less after-GC heap at the start
        f.put("heap_after_gc_bytes_per_customer", Window.round((run.heapAfterGcMiB() - run.heapBeforeGcMiB())
                * 1024 * 1024 / Math.max(1, customers)));
        f.put("redis_growth_mib", Window.round(run.redisGrowthMiB()));
        f.put("redis_bytes_per_customer", Window.round(run.redisGrowthMiB() * 1024 * 1024 / Math.max(1, customers)));
        f.put("threads_peak", Window.round(jvm.stream().mapToDouble(GatewayGauges.Sample::liveThreads)
                .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN)));
        f.put("gateway_cpu_mean", Window.round(cpu.stream().mapToDouble(CpuSample::process).filter(v -> !Double.isNaN(v))
                .average().orElse(Double.NaN)));
        f.put("gateway_cpu_peak", Window.round(cpu.stream().mapToDouble(CpuSample::process).filter(v -> !Double.isNaN(v))
                .max().orElse(Double.NaN)));
        f.put("machine_cpu_mean", Window.round(cpu.stream().mapToDouble(CpuSample::system).filter(v -> !Double.isNaN(v))
                .average().orElse(Double.NaN)));
        f.put("directory_relationships", run.directoryCount());
        f.put("directory_complete", run.directoryCount() == run.expectedCustomers() && run.employeesWrong() == 0
                && run.customersWrong() == 0);
        f.put("employees_checked", run.employeesChecked());
        f.put("employees_with_wrong_count", run.employeesWrong());
        f.put("customers_checked", run.customersChecked());
        f.put("customers_wrong", run.customersWrong());
        f.put("gc_pauses", run.gcPauses());
        f.put("wecom_stub", run.wecomStats());
        return f;
    }

    /**
     * What set the sync's speed: the pace when it was (nearly) reached; else WeCom's answer time when
     * that alone, one page after the other, allows fewer pages than the pace; else the gateway (or the
     * machine it shares).
     */
    static String limitedBy(double pagesPerSecond, double requestsPerSecond, double wecomLatencyMs) {
        if (pagesPerSecond >= PACE_BOUND_SHARE * requestsPerSecond) {
            return "pace";
        }
        if (wecomLatencyMs > 0 && 1000 / wecomLatencyMs < requestsPerSecond) {
            return "WeCom's answer time (the sync reads one page at a time)";
        }
        return "gateway or machine";
    }

    public static Path writeSync(Path dir, SyncRun run, List<GatewayGauges.Sample> jvm, List<CpuSample> cpu,
                                 String note) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("note", note);
        f.putAll(syncFigures(run, jvm, cpu));
        StringBuilder md = new StringBuilder();
        if (note != null && !note.isBlank()) {
            md.append("> ").append(note).append("\n\n");
        }
        md.append("Full 客户联系 directory sync (issue 19): the WeCom stub serves ").append(String.format(Locale.ROOT, "%,d",
                run.expectedCustomers())).append(" synthetic customers of ").append(run.employees())
                .append(" employees through `get_follow_user_list` and `batch/get_by_user` (100 a page); the gateway (")
                .append(run.mode()).append(" mode) syncs them at `assist.contacts.sync-requests-per-second=")
                .append(fmt(run.requestsPerSecond())).append("`.\n\n");
        md.append("| figure | value |\n|---|---|\n");
        row(md, "status", f.get("status"));
        row(md, "customers read / expected", f.get("customers_read") + " / " + f.get("expected_customers"));
        row(md, "pages (batch/get_by_user calls)", f.get("pages"));
        row(md, "duration (gateway's startedAt → finishedAt)", f.get("duration_seconds") + " s");
        row(md, "**customers/s**", "**" + f.get("customers_per_second") + "**");
        row(md, "pages/s (pace " + fmt(run.requestsPerSecond()) + ")", f.get("pages_per_second"));
        row(md, "WeCom's answer time (the stub's, each call)", fmt(run.wecomLatencyMs()) + " ms");
        row(md, "pace ceiling (calls/s × 100)", f.get("pace_ceiling_customers_per_second") + " customers/s");
        row(md, "share of the ceiling", pct(f.get("share_of_pace_ceiling")));
        row(md, "limited by", f.get("limited_by"));
        row(md, "heap after a full GC before the sync / peak / after a full GC at the end / max", f.get("heap_before_gc_mib")
                + " / " + f.get("heap_peak_mib") + " / " + f.get("heap_after_gc_mib") + " / " + f.get("heap_max_mib") + " MiB");
        row(md, "heap the synced directory holds (after-GC end − after-GC start), per customer",
                f.get("heap_after_gc_bytes_per_customer") + " bytes");
        if (!Double.isNaN(run.redisGrowthMiB())) {
            row(md, "Redis used memory grown over the run (per customer)", f.get("redis_growth_mib") + " MiB ("
                    + f.get("redis_bytes_per_customer") + " bytes)");
        }
        row(md, "gateway CPU (share of the machine): mean / peak", pct(f.get("gateway_cpu_mean")) + " / "
                + pct(f.get("gateway_cpu_peak")));
        row(md, "machine CPU mean", pct(f.get("machine_cpu_mean")));
        row(md, "errors / resumes", f.get("errors") + " / " + f.get("resumes"));
        row(md, "directory afterwards: relationships counted (" + run.employeesChecked() + " employees)",
                run.directoryCount() + (Boolean.TRUE.equals(f.get("directory_complete")) ? " — complete" : " — INCOMPLETE"));
        row(md, "employees whose count differs from the stub's", run.employeesWrong());
        row(md, "customers read back one by one: wrong / checked", run.customersWrong() + " / " + run.customersChecked());
        md.append('\n');
        Map<String, SvgChart> charts = new LinkedHashMap<>();
        List<double[]> rate = new ArrayList<>();
        for (int i = 1; i < run.polls().size(); i++) {
            SyncPoll a = run.polls().get(i - 1);
            SyncPoll b = run.polls().get(i);
            double dt = b.seconds() - a.seconds();
            if (dt > 0) {
                rate.add(new double[] {b.seconds(), (b.customers() - a.customers()) / dt});
            }
        }
        List<double[]> ceiling = run.polls().stream()
                .map(s -> new double[] {s.seconds(), run.requestsPerSecond() * CUSTOMERS_PER_CALL}).toList();
        charts.put("sync-rate", new SvgChart("Customers synced per second", "seconds", "customers/s")
                .series("customers/s", rate).series("pace ceiling", ceiling));
        charts.put("gateway-heap", new SvgChart("Gateway heap and CPU", "seconds", "MiB / % of the machine")
                .series("heap used MiB", jvm.stream().map(s -> new double[] {s.seconds(), s.heapMiB()}).toList())
                .series("gateway CPU %", cpu.stream().map(s -> new double[] {s.seconds(), s.process() * 100}).toList()));
        return new ReportWriter(dir).write("contacts-sync", MachineInfo.current(), f, md.toString(), charts);
    }

    // ------------------------------------------------------------------ welcomes

    /** One add_external_contact callback posted: its code, when, and the gateway's HTTP answer. */
    public record Posted(String code, String conversationId, long postedMillis, int status) {
    }

    /**
     * The welcomes' figures: each posted code's first welcome as the stub recorded it, latency = arrival
     * − post; within the code's lifetime when accepted by the stub (it refuses late ones as WeCom does).
     */
    public static Map<String, Object> welcomeFigures(List<Posted> posted, List<WelcomeArrivals.Arrival> arrivals,
                                                     Duration lifetime) {
        Map<String, WelcomeArrivals.Arrival> byCode = new LinkedHashMap<>();
        arrivals.forEach(a -> byCode.put(a.code(), a));
        List<Long> latencies = new ArrayList<>();
        int inTime = 0;
        int late = 0;
        int callbacksRefused = 0;
        List<String> never = new ArrayList<>();
        for (Posted p : posted) {
            if (p.status() != 200) {
                callbacksRefused++;
            }
            WelcomeArrivals.Arrival a = byCode.get(p.code());
            if (a == null) {
                never.add(p.code());
                continue;
            }
            latencies.add(a.latencyMillis());
            if (a.errcode() == 0 && a.latencyMillis() <= lifetime.toMillis()) {
                inTime++;
            } else {
                late++;
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("adds", posted.size());
        f.put("callbacks_not_200", callbacksRefused);
        f.put("welcomed_within_lifetime", inTime);
        f.put("welcomed_late", late);
        f.put("never_welcomed", never.size());
        // five decimals: a 99.9 % target needs more than Window's two
        f.put("share_within_lifetime", posted.isEmpty() ? null : Math.round(1e5 * inTime / posted.size()) / 1e5);
        f.put("target_share", WELCOME_TARGET_SHARE);
        f.put("target_met", !posted.isEmpty() && (double) inTime / posted.size() >= WELCOME_TARGET_SHARE);
        f.put("latency_p50_ms", percentile(sorted, 0.50));
        f.put("latency_p99_ms", percentile(sorted, 0.99));
        f.put("latency_p999_ms", percentile(sorted, 0.999));
        f.put("latency_max_ms", sorted.length == 0 ? null : sorted[sorted.length - 1]);
        f.put("never_welcomed_codes", never.subList(0, Math.min(50, never.size())));
        return f;
    }

    /**
     * The latencies of the welcomes whose callbacks were posted from {@code fromSeconds} after the first
     * post on: a fresh gateway's first seconds (JIT, first connections, first compliance check) are
     * told apart from how it runs warm.
     */
    public static Map<String, Object> latencyFrom(List<WelcomeArrivals.Arrival> arrivals, long firstPostMillis,
                                                  double fromSeconds) {
        long[] sorted = arrivals.stream().filter(a -> a.postedMillis() - firstPostMillis >= fromSeconds * 1000)
                .mapToLong(WelcomeArrivals.Arrival::latencyMillis).sorted().toArray();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("from_seconds", fromSeconds);
        f.put("welcomes", sorted.length);
        f.put("p50_ms", percentile(sorted, 0.50));
        f.put("p99_ms", percentile(sorted, 0.99));
        f.put("max_ms", sorted.length == 0 ? null : sorted[sorted.length - 1]);
        return f;
    }

    /** Per second of posting: p50, p99 and max latency of the welcomes of the adds posted in it. */
    static Map<String, List<double[]>> latencyBySecond(List<WelcomeArrivals.Arrival> arrivals, long firstPostMillis) {
        Map<Long, List<Long>> bySecond = new java.util.TreeMap<>();
        arrivals.forEach(a -> bySecond.computeIfAbsent((a.postedMillis() - firstPostMillis) / 1000, k -> new ArrayList<>())
                .add(a.latencyMillis()));
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        series.put("p50", new ArrayList<>());
        series.put("p99", new ArrayList<>());
        series.put("max", new ArrayList<>());
        bySecond.forEach((second, list) -> {
            long[] sorted = list.stream().mapToLong(Long::longValue).sorted().toArray();
            series.get("p50").add(new double[] {second, percentile(sorted, 0.50)});
            series.get("p99").add(new double[] {second, percentile(sorted, 0.99)});
            series.get("max").add(new double[] {second, sorted[sorted.length - 1]});
        });
        return series;
    }

    /** Nearest-rank percentile of sorted milliseconds; null when there are none. */
    static Long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * @param outcomes     the gateway's {@code assist.welcome.outcomes} by outcome at the end
     * @param whyNot       code → the reason the gateway's audit trail gives for a code never welcomed
     */
    public static Path writeWelcomes(Path dir, List<Posted> posted, List<WelcomeArrivals.Arrival> arrivals,
                                     Duration lifetime, double seconds, Map<String, Double> outcomes,
                                     Map<String, String> whyNot, Map<String, Object> wecomStats,
                                     Map<String, Object> gatewayTimers, List<GatewayGauges.Sample> jvm, String mode,
                                     String note) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("note", note);
        f.put("mode", mode);
        f.put("seconds", seconds);
        f.putAll(welcomeFigures(posted, arrivals, lifetime));
        long firstPost = posted.isEmpty() ? 0 : posted.get(0).postedMillis();
        Map<String, Object> warm = latencyFrom(arrivals, firstPost, WARM_AFTER_SECONDS);
        f.put("latency_warm", warm);
        f.put("gateway_outcomes", outcomes);
        f.put("never_welcomed_why", whyNot);
        f.put("heap_peak_mib", Window.round(jvm.stream().mapToDouble(GatewayGauges.Sample::heapMiB)
                .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN)));
        f.put("wecom_stub", wecomStats);
        f.put("gateway_timers", gatewayTimers);
        StringBuilder md = new StringBuilder();
        if (note != null && !note.isBlank()) {
            md.append("> ").append(note).append("\n\n");
        }
        md.append("Welcomes (issue 19): ").append(posted.size()).append(" signed, encrypted `change_external_contact` / "
                + "`add_external_contact` callbacks, each with a fresh WelcomeCode, posted evenly over ")
                .append(fmt(seconds)).append(" s (").append(mode).append(" mode). The WeCom stub records when each "
                + "code's `send_welcome_msg` arrives; latency = arrival − callback post. Target: ≥ 99.9 % within the code's ")
                .append(lifetime.toSeconds()).append(" s.\n\n");
        md.append("| figure | value |\n|---|---|\n");
        row(md, "adds posted (callbacks not answered 200)", f.get("adds") + " (" + f.get("callbacks_not_200") + ")");
        row(md, "**welcomed within " + lifetime.toSeconds() + " s**", "**" + f.get("welcomed_within_lifetime") + " = "
                + pct(f.get("share_within_lifetime")) + "** (target 99.9 %: " + (Boolean.TRUE.equals(f.get("target_met"))
                ? "met" : "NOT met") + ")");
        row(md, "welcomed late (refused by WeCom as expired)", f.get("welcomed_late"));
        row(md, "never welcomed", f.get("never_welcomed"));
        row(md, "latency p50 / p99 / p99.9 / max", f.get("latency_p50_ms") + " / " + f.get("latency_p99_ms") + " / "
                + f.get("latency_p999_ms") + " / " + f.get("latency_max_ms") + " ms");
        row(md, "latency of the adds from " + WARM_AFTER_SECONDS + " s on (a warm gateway): p50 / p99 / max",
                warm.get("p50_ms") + " / " + warm.get("p99_ms") + " / " + warm.get("max_ms") + " ms (" + warm.get("welcomes")
                        + " welcomes)");
        row(md, "gateway's outcomes (assist.welcome.outcomes)", outcomes.isEmpty() ? "—" : outcomes.toString());
        row(md, "gateway heap peak", f.get("heap_peak_mib") + " MiB");
        md.append('\n');
        if (!whyNot.isEmpty()) {
            md.append("Codes never welcomed, and why (the gateway's audit trail):\n\n| code | reason |\n|---|---|\n");
            whyNot.forEach((code, why) -> md.append("| ").append(code).append(" | ").append(why).append(" |\n"));
            md.append('\n');
        }
        md.append(GatewayTimers.markdown(gatewayTimers)).append('\n');
        SvgChart chart = new SvgChart("Welcome latency (callback post → send_welcome_msg) by second of the add",
                "seconds", "ms");
        latencyBySecond(arrivals, firstPost).forEach(chart::series);
        Map<String, SvgChart> charts = new LinkedHashMap<>();
        charts.put("welcome-latency", chart);
        return new ReportWriter(dir).write("welcomes", MachineInfo.current(), f, md.toString(), charts);
    }

    // ------------------------------------------------------------------ plumbing

    private static double metric(String gatewayUrl, String name) {
        String page = GatewayTimers.get(gatewayUrl + "/actuator/metrics/" + name);
        return page == null ? Double.NaN : Json.tree(page).path("measurements").path(0).path("value").asDouble(Double.NaN);
    }

    /** An Instant as the gateway's JSON gives it: ISO-8601, or epoch seconds with a fraction. */
    static Instant instant(String text) {
        try {
            if (text == null || text.isEmpty() || text.equals("null")) {
                return null;
            }
            if (Character.isDigit(text.charAt(0)) && !text.contains("-")) {
                return Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000));
            }
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void row(StringBuilder md, String name, Object value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String pct(Object share) {
        return share instanceof Number n && !Double.isNaN(n.doubleValue())
                ? String.format(Locale.ROOT, "%.2f %%", n.doubleValue() * 100) : "—";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
