package com.wecomassist.load.report;

import com.wecomassist.load.stub.WecomApiStub.SendRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of scenario 2, conversations end to end: N customers each write, wait for the reply and
 * write again. Replies per second are counted from the WeCom stub's send_msg records in the steady
 * window (after the ramp-up, before the end) and set against Little's law: with N customers always
 * waiting and a model answering in L seconds, no pipeline can do better than N ÷ L replies/s.
 */
public final class ConversationsReport {

    public static final double TARGET_SHARE_OF_LIMIT = 0.90;

    /** What was run: customers, the model's latency, the steady window (epoch ms) and the stub's counters. */
    public record Run(int customers, double llmLatencySeconds, long steadyFromMillis, long steadyToMillis,
                      Map<String, Object> wecomStats, Map<String, Object> llmStats, Map<String, Object> gcPauses,
                      Map<String, Object> gatewayTimers) {
    }

    private ConversationsReport() {
    }

    public static Path write(Path dir, Run run, List<SendRecord> sends, Recorder recorder,
                             List<GatewayGauges.Sample> gauges, String note) {
        return write(dir, "conversations", run, sends, recorder, gauges, note, Map.of(), "");
    }

    /**
     * @param scenario      the report's name ("conversations", "conversations, cluster mode, 2 instances" …)
     * @param extraFigures  more figures for summary.json (e.g. the cluster's cost per message)
     * @param extraMarkdown the same for summary.md, after the gateway's timers
     */
    public static Path write(Path dir, String scenario, Run run, List<SendRecord> sends, Recorder recorder,
                             List<GatewayGauges.Sample> gauges, String note, Map<String, Object> extraFigures,
                             String extraMarkdown) {
        MachineInfo machine = MachineInfo.current();
        double limit = run.customers() / run.llmLatencySeconds();
        List<SendRecord> steady = sends.stream()
                .filter(s -> s.atMillis() >= run.steadyFromMillis() && s.atMillis() < run.steadyToMillis()).toList();
        double seconds = Math.max(1, run.steadyToMillis() - run.steadyFromMillis()) / 1000.0;
        double repliesPerSecond = steady.size() / seconds;
        long[] latencies = steady.stream().mapToLong(SendRecord::latencyMicros).filter(l -> l >= 0).sorted().toArray();
        Window customerSide = Window.of(recorder.samples("reply"), run.steadyFromMillis(), run.steadyToMillis());

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("note", note);
        figures.put("customers", run.customers());
        figures.put("llm_latency_seconds", run.llmLatencySeconds());
        figures.put("littles_law_limit_per_second", Window.round(limit));
        figures.put("steady_window_seconds", Window.round(seconds));
        figures.put("replies_per_second", Window.round(repliesPerSecond));
        figures.put("share_of_limit", Window.round(repliesPerSecond / limit));
        figures.put("share_target", TARGET_SHARE_OF_LIMIT);
        Map<String, Object> e2e = new LinkedHashMap<>();
        e2e.put("replies", latencies.length);
        e2e.put("p50_ms", Window.round(Window.percentile(latencies, 50)));
        e2e.put("p90_ms", Window.round(Window.percentile(latencies, 90)));
        e2e.put("p99_ms", Window.round(Window.percentile(latencies, 99)));
        e2e.put("max_ms", latencies.length == 0 ? null : Window.round(latencies[latencies.length - 1] / 1000.0));
        figures.put("end_to_end_latency_hold_to_send", e2e);
        figures.put("customer_turns", customerSide.toMap());
        figures.put("wecom_stub", run.wecomStats());
        figures.put("llm_stub", run.llmStats());
        double maxThreads = gauges.stream().mapToDouble(GatewayGauges.Sample::liveThreads).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        double maxHeap = gauges.stream().mapToDouble(GatewayGauges.Sample::heapMiB).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("max_live_threads", Window.round(maxThreads));
        jvm.put("max_heap_used_mib", Window.round(maxHeap));
        jvm.put("gc_pauses", run.gcPauses());
        figures.put("gateway_jvm", jvm);
        figures.put("gateway_timers", run.gatewayTimers());

        StringBuilder md = new StringBuilder();
        md.append("Scenario 2, conversations end to end: ").append(run.customers())
                .append(" customers each write a question, wait for the gateway's reply and write again; the WeCom stub holds their messages for kf/sync_msg and records every kf/send_msg; the model stub answers after ")
                .append(run.llmLatencySeconds()).append(" s.\n\n");
        if (note != null && !note.isBlank()) {
            md.append("**").append(note).append("**\n\n");
        }
        md.append("| figure | value |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| replies/s (steady window of %.0f s, from send_msg records) | %.1f |\n", seconds, repliesPerSecond));
        md.append(String.format(Locale.ROOT, "| Little's-law limit (customers ÷ model latency) | %.1f |\n", limit));
        md.append(String.format(Locale.ROOT, "| share of the limit (target ≥ 90 %%) | %.0f %% |\n", 100 * repliesPerSecond / limit));
        md.append(String.format(Locale.ROOT, "| end to end, hold → send_msg: p50 / p90 / p99 (ms) | %s / %s / %s |\n",
                ms(Window.percentile(latencies, 50)), ms(Window.percentile(latencies, 90)), ms(Window.percentile(latencies, 99))));
        md.append(String.format(Locale.ROOT, "| customer turns without a reply in 30 s (steady window) | %d |\n", customerSide.errors()));
        md.append(String.format(Locale.ROOT, "| gateway: max live threads / max heap used (MiB) | %s / %s |\n", ms(maxThreads), ms(maxHeap)));
        md.append("| gateway GC pauses (count, total s) | ").append(run.gcPauses()).append(" |\n");
        md.append("| WeCom stub | ").append(run.wecomStats()).append(" |\n");
        md.append("| model stub | ").append(run.llmStats()).append(" |\n\n");
        md.append(GatewayTimers.markdown(run.gatewayTimers()));
        figures.putAll(extraFigures);
        if (!extraMarkdown.isBlank()) {
            md.append('\n').append(extraMarkdown);
        }

        Map<String, SvgChart> charts = new LinkedHashMap<>();
        long t0 = sends.isEmpty() ? run.steadyFromMillis() : sends.stream().mapToLong(SendRecord::atMillis).min().orElse(0);
        long t1 = sends.stream().mapToLong(SendRecord::atMillis).max().orElse(t0);
        int buckets = (int) Math.max(1, (t1 - t0) / 1000 + 1);
        long[] count = new long[buckets];
        List<List<Long>> perSecond = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            perSecond.add(new ArrayList<>());
        }
        for (SendRecord s : sends) {
            int b = (int) Math.min(buckets - 1, (s.atMillis() - t0) / 1000);
            count[b]++;
            if (s.latencyMicros() >= 0) {
                perSecond.get(b).add(s.latencyMicros());
            }
        }
        List<double[]> rate = new ArrayList<>();
        List<double[]> lim = new ArrayList<>();
        List<double[]> p50 = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            rate.add(new double[] {i, count[i]});
            lim.add(new double[] {i, limit});
            long[] l = perSecond.get(i).stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(l);
            p50.add(new double[] {i, Window.percentile(l, 50)});
            p99.add(new double[] {i, Window.percentile(l, 99)});
        }
        charts.put("replies", new SvgChart("Replies sent per second (kf/send_msg)", "seconds since the first reply", "replies/s")
                .series("replies/s", rate).series("Little's-law limit", lim));
        charts.put("latency", new SvgChart("End-to-end latency, hold → send_msg (per second)", "seconds since the first reply", "ms")
                .series("p50", p50).series("p99", p99));
        List<double[]> threads = new ArrayList<>();
        List<double[]> heap = new ArrayList<>();
        for (GatewayGauges.Sample g : gauges) {
            threads.add(new double[] {g.seconds(), g.liveThreads()});
            heap.add(new double[] {g.seconds(), g.heapMiB()});
        }
        charts.put("gateway-jvm", new SvgChart("Gateway live threads and heap used", "seconds since the scenario started", "threads / MiB")
                .series("live threads", threads).series("heap used (MiB)", heap));
        return new ReportWriter(dir).write(scenario, machine, figures, md.toString(), charts);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v);
    }
}
