package com.wecomassist.load.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.stub.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event burst's report (issue 20, {@code ./assist load events}): how fast the gateway took the bank's
 * events, how long until its strategies engine had handled them all, the 企业群发 tasks per second WeCom's
 * stub took, the gateway's heap, and whether WeCom's limit of 4 enterprise messages per customer a natural
 * month (China time) held, as the stub counted them.
 */
public final class EventsBurstReport {

    private EventsBurstReport() {
    }

    /** One POST /api/events batch: when sent and answered (ms after the burst began), its status and counts. */
    public record Batch(int index, long sentMs, long answeredMs, int status, long accepted, long duplicate,
                        long unlinked, long rejected) {
    }

    /** One read of the test's results after the burst: ASSIGNED over every arm, and the tasks the stub took. */
    public record Poll(long atMs, long assigned, long tasks) {
    }

    /**
     * @param groupSends  the stub's {@code /_load/group-sends}
     * @param decisions   the gateway's {@code assist.outreach.decisions} by decision
     * @param received    the gateway's {@code assist.events.received} by outcome
     * @param results     {@code GET /api/strategies/{id}/results} at the end
     */
    public record Run(int events, int customers, int employees, int concurrency, int batchSize, long burstMs,
                      List<Batch> batches, List<Poll> polls, Map<String, Object> groupSends, Map<String, Object> stubStats,
                      Map<String, Double> decisions, Map<String, Double> received, JsonNode results,
                      Map<String, Object> setup, Map<String, Object> gcPauses) {
    }

    /** The figures of a run (summary.json's body), computed from what was recorded. */
    public static Map<String, Object> figures(Run run, List<GatewayGauges.Sample> jvm) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("events", run.events());
        f.put("customers", run.customers());
        f.put("employees", run.employees());
        f.put("concurrency", run.concurrency());
        f.put("batch_size", run.batchSize());
        f.put("setup", run.setup());

        Map<String, Object> accepting = new LinkedHashMap<>();
        long accepted = 0;
        long duplicate = 0;
        long unlinked = 0;
        long rejected = 0;
        long failedBatches = 0;
        long firstSent = Long.MAX_VALUE;
        long lastAnswered = 0;
        long[] latencies = new long[run.batches().size()];
        int k = 0;
        for (Batch b : run.batches()) {
            accepted += b.accepted();
            duplicate += b.duplicate();
            unlinked += b.unlinked();
            rejected += b.rejected();
            failedBatches += b.status() == 200 ? 0 : 1;
            firstSent = Math.min(firstSent, b.sentMs());
            lastAnswered = Math.max(lastAnswered, b.answeredMs());
            latencies[k++] = b.answeredMs() - b.sentMs();
        }
        java.util.Arrays.sort(latencies);
        double postingSeconds = run.batches().isEmpty() ? Double.NaN : (lastAnswered - firstSent) / 1000.0;
        accepting.put("batches", run.batches().size());
        accepting.put("batches_not_200", failedBatches);
        accepting.put("accepted", accepted);
        accepting.put("duplicate", duplicate);
        accepting.put("unlinked", unlinked);
        accepting.put("rejected", rejected);
        accepting.put("posting_seconds", round(postingSeconds));
        accepting.put("events_per_second", round(accepted / postingSeconds));
        accepting.put("batch_ms_p50", ContactsReport.percentile(latencies, 0.50));
        accepting.put("batch_ms_p99", ContactsReport.percentile(latencies, 0.99));
        accepting.put("batch_ms_max", latencies.length == 0 ? null : latencies[latencies.length - 1]);
        f.put("accepting", accepting);

        Map<String, Object> engine = new LinkedHashMap<>();
        Poll last = run.polls().isEmpty() ? new Poll(0, 0, 0) : run.polls().get(run.polls().size() - 1);
        long handledMs = handledAt(run.polls());
        engine.put("assigned", last.assigned());
        engine.put("tasks", last.tasks());
        engine.put("handled_seconds_after_burst_start", round(handledMs / 1000.0));
        engine.put("handled_seconds_after_last_answer", round(Math.max(0, handledMs - lastAnswered) / 1000.0));
        engine.put("events_handled_per_second", round(accepted / (handledMs / 1000.0)));
        engine.put("decisions", run.decisions());
        engine.put("received", run.received());
        f.put("engine", engine);

        Map<String, Object> tasks = new LinkedHashMap<>();
        Map<Long, Long> perSecond = perSecond(run.groupSends());
        long taskCount = perSecond.values().stream().mapToLong(Long::longValue).sum();
        long span = perSecond.isEmpty() ? 0 : ((TreeMap<Long, Long>) perSecond).lastKey()
                - ((TreeMap<Long, Long>) perSecond).firstKey() + 1;
        tasks.put("created", taskCount);
        tasks.put("seconds_with_tasks_span", span);
        tasks.put("per_second_mean", span == 0 ? null : round((double) taskCount / span));
        tasks.put("per_second_peak", perSecond.values().stream().mapToLong(Long::longValue).max().orElse(0));
        tasks.put("senders", run.groupSends().get("senders"));
        tasks.put("max_tasks_per_sender", run.groupSends().get("max_tasks_per_sender"));
        f.put("tasks", tasks);

        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("monthly_limit_per_customer", 4);
        limits.put("customers_over_monthly_limit", run.groupSends().get("over_monthly_limit"));
        limits.put("named", run.groupSends().get("over_monthly_limit_named"));
        limits.put("max_tasks_per_customer_month", run.groupSends().get("max_tasks_per_customer_month"));
        limits.put("customers_with_more_than_one_task", run.groupSends().get("customers_with_more_than_one"));
        limits.put("refused_by_stub", run.groupSends().get("refused"));
        f.put("wecom_limits", limits);

        Map<String, Object> heap = new LinkedHashMap<>();
        heap.put("max_mib", round(jvm.stream().mapToDouble(GatewayGauges.Sample::heapMiB).filter(d -> !Double.isNaN(d))
                .max().orElse(Double.NaN)));
        heap.put("end_mib", jvm.isEmpty() ? null : round(jvm.get(jvm.size() - 1).heapMiB()));
        heap.put("max_live_threads", round(jvm.stream().mapToDouble(GatewayGauges.Sample::liveThreads)
                .filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN)));
        heap.put("gc_pauses", run.gcPauses());
        f.put("gateway", heap);
        f.put("wecom_calls", run.stubStats().get("calls"));
        f.put("results", run.results());
        return f;
    }

    /** When ASSIGNED and the tasks reached their final values: the first poll that saw both (ms after the burst began). */
    static long handledAt(List<Poll> polls) {
        if (polls.isEmpty()) {
            return 0;
        }
        Poll last = polls.get(polls.size() - 1);
        for (Poll p : polls) {
            if (p.assigned() == last.assigned() && p.tasks() == last.tasks()) {
                return p.atMs();
            }
        }
        return last.atMs();
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, Long> perSecond(Map<String, Object> groupSends) {
        Map<Long, Long> m = new TreeMap<>();
        Object o = groupSends.get("per_second");
        if (o instanceof Map<?, ?> raw) {
            raw.forEach((k, v) -> m.put(Long.parseLong(k.toString()), ((Number) v).longValue()));
        }
        return m;
    }

    public static Path write(Path dir, MachineInfo machine, Run run, List<GatewayGauges.Sample> jvm, String note) {
        Map<String, Object> f = figures(run, jvm);
        Map<String, Object> a = cast(f.get("accepting"));
        Map<String, Object> e = cast(f.get("engine"));
        Map<String, Object> t = cast(f.get("tasks"));
        Map<String, Object> l = cast(f.get("wecom_limits"));
        Map<String, Object> g = cast(f.get("gateway"));
        StringBuilder md = new StringBuilder();
        if (note != null && !note.isBlank()) {
            md.append("> ").append(note).append("\n\n");
        }
        md.append("## Event burst (issue 20)\n\n");
        md.append(String.format(Locale.ROOT, "%,d large_transfer events (in, ≥ 200,000) over %,d synthetic customers of %d "
                        + "employees, batches of %d, %d concurrent senders; strategy `large-transfer-wealth` (quiet hours dropped), "
                        + "管户 links for 7 in 10 customers.\n\n", run.events(), run.customers(), run.employees(), run.batchSize(),
                run.concurrency()));
        md.append("| figure | value |\n|---|---|\n");
        row(md, "events accepted (ACCEPTED / DUPLICATE / UNLINKED / REJECTED)", a.get("accepted") + " / " + a.get("duplicate")
                + " / " + a.get("unlinked") + " / " + a.get("rejected"));
        row(md, "batches answered not 200", a.get("batches_not_200"));
        row(md, "posting time (first sent → last answered), s", a.get("posting_seconds"));
        row(md, "events/s accepted", a.get("events_per_second"));
        row(md, "batch answer time p50 / p99 / max, ms", a.get("batch_ms_p50") + " / " + a.get("batch_ms_p99") + " / "
                + a.get("batch_ms_max"));
        row(md, "engine done (ASSIGNED and tasks final), s after burst start", e.get("handled_seconds_after_burst_start"));
        row(md, "… of which after the last batch was answered, s", e.get("handled_seconds_after_last_answer"));
        row(md, "events handled/s by the engine (end to end)", e.get("events_handled_per_second"));
        row(md, "customers assigned (all arms)", e.get("assigned"));
        row(md, "engine decisions", e.get("decisions"));
        row(md, "企业群发 tasks created (add_msg_template)", t.get("created"));
        row(md, "tasks/s mean over the seconds with tasks / peak second", t.get("per_second_mean") + " / "
                + t.get("per_second_peak"));
        row(md, "senders / most tasks of one sender", t.get("senders") + " / " + t.get("max_tasks_per_sender"));
        row(md, "**customers above WeCom's 4 a month**", l.get("customers_over_monthly_limit"));
        row(md, "most tasks of one customer in a month (weekly cap 1: at most 1)", l.get("max_tasks_per_customer_month"));
        row(md, "customers with more than one task (weekly cap 1: none)", l.get("customers_with_more_than_one_task"));
        row(md, "gateway heap max / at the end, MiB", g.get("max_mib") + " / " + g.get("end_mib"));
        row(md, "gateway live threads max", g.get("max_live_threads"));
        row(md, "GC pauses", g.get("gc_pauses"));
        row(md, "setup: contact sync s / link import s", run.setup().get("sync_seconds") + " / "
                + run.setup().get("links_seconds"));
        row(md, "WeCom calls (stub)", f.get("wecom_calls"));
        md.append('\n');

        List<double[]> acceptedOverTime = new ArrayList<>();
        List<Batch> byAnswer = new ArrayList<>(run.batches());
        byAnswer.sort((x, y) -> Long.compare(x.answeredMs(), y.answeredMs()));
        long cumulative = 0;
        for (Batch b : byAnswer) {
            cumulative += b.accepted();
            acceptedOverTime.add(new double[] {b.answeredMs() / 1000.0, cumulative});
        }
        List<double[]> assigned = new ArrayList<>();
        List<double[]> tasks = new ArrayList<>();
        for (Poll p : run.polls()) {
            assigned.add(new double[] {p.atMs() / 1000.0, p.assigned()});
            tasks.add(new double[] {p.atMs() / 1000.0, p.tasks()});
        }
        List<double[]> heap = new ArrayList<>();
        for (GatewayGauges.Sample s : jvm) {
            heap.add(new double[] {s.seconds(), s.heapMiB()});
        }
        Map<String, SvgChart> charts = new LinkedHashMap<>();
        charts.put("burst", new SvgChart("Event burst: accepted events, customers assigned, 企业群发 tasks",
                "seconds since the burst began", "count")
                .series("events accepted", acceptedOverTime).series("customers assigned", assigned).series("tasks", tasks));
        charts.put("heap", new SvgChart("Gateway heap", "seconds since the burst began", "MiB").series("heap used", heap));
        return new ReportWriter(dir).write("events", machine, f, md.toString(), charts);
    }

    private static void row(StringBuilder md, String name, Object value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private static Double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 10) / 10.0;
    }
}
