package com.wecomassist.load.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of scenario 1, callback ingest: the same stepped rates against the bare WebFlux
 * endpoint (the ceiling) and the gateway, levels side by side, the highest sustained rate of each,
 * ack latency percentiles, and the targets (≥ 60 % of the ceiling; p99 under 20 ms at half
 * of saturation).
 */
public final class IngestReport {

    /** The stepped rates the load generator offered to each series. */
    public record Plan(int warmupSeconds, double startPerSecond, double stepPerSecond, int levels, int levelSeconds,
                       double p99LimitMs) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("warmup_seconds_at_start_rate", warmupSeconds);
            m.put("start_per_second", startPerSecond);
            m.put("step_per_second", stepPerSecond);
            m.put("levels", levels);
            m.put("level_seconds", levelSeconds);
            m.put("sustained_p99_limit_ms", p99LimitMs);
            return m;
        }
    }

    public static final double TARGET_SHARE_OF_CEILING = 0.60;
    public static final double TARGET_P99_MS_AT_HALF = 20;

    private IngestReport() {
    }

    public static Path write(Path dir, Recorder recorder, Plan plan, List<String> series, String note,
                             Map<String, Object> gatewayTimers) {
        MachineInfo machine = MachineInfo.current();
        Map<String, StepAnalysis.Result> results = new LinkedHashMap<>();
        for (String s : series) {
            results.put(s, StepAnalysis.analyse(s, recorder.samples(s), plan.warmupSeconds() * 1000L, plan.startPerSecond(), plan.stepPerSecond(),
                    plan.levels(), plan.levelSeconds() * 1000L, plan.p99LimitMs()));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("note", note);
        figures.put("plan", plan.toMap());
        List<Map<String, Object>> out = new ArrayList<>();
        results.values().forEach(r -> out.add(r.toMap()));
        figures.put("series", out);
        StepAnalysis.Result bare = results.get("bare");
        StepAnalysis.Result gateway = results.get("gateway");
        Double share = null;
        if (bare != null && gateway != null && bare.maxSustainedPerSecond() > 0) {
            share = Window.round(gateway.maxSustainedPerSecond() / bare.maxSustainedPerSecond());
        }
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("gateway_share_of_ceiling", share);
        targets.put("gateway_share_target", TARGET_SHARE_OF_CEILING);
        targets.put("gateway_p99_ms_at_half_of_saturation",
                gateway == null || gateway.atHalf() == null ? null : Window.round(gateway.atHalf().window().p99Ms()));
        targets.put("gateway_p99_target_ms", TARGET_P99_MS_AT_HALF);
        targets.put("ceiling_reached", bare != null && bare.maxSustained() != null
                && bare.maxSustained().index() < plan.levels() - 1);
        figures.put("targets", targets);
        figures.put("gateway_timers", gatewayTimers);

        StringBuilder md = new StringBuilder();
        md.append("Scenario 1, callback ingest: signed, encrypted `kf_msg_or_event` callbacks at stepped rates ")
                .append(String.format(Locale.ROOT, "(after %d s of warm-up at the first rate, not counted: %.0f/s, +%.0f/s per level, %d levels of %d s)",
                        plan.warmupSeconds(), plan.startPerSecond(), plan.stepPerSecond(), plan.levels(), plan.levelSeconds()))
                .append(", first to the bare WebFlux endpoint (the ceiling), then to the gateway. A level is sustained when ≥ 95 % of the offered rate was answered 200, ≤ 1 % errors and p99 ≤ ")
                .append(String.format(Locale.ROOT, "%.0f", plan.p99LimitMs())).append(" ms.\n\n");
        if (note != null && !note.isBlank()) {
            md.append("**").append(note).append("**\n\n");
        }
        md.append("| series | max sustained callbacks/s | p50 / p99 ack there (ms) | p50 / p99 at half of it (ms) |\n|---|---|---|---|\n");
        for (StepAnalysis.Result r : results.values()) {
            md.append("| ").append(r.series()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f", r.maxSustainedPerSecond())).append(" | ")
                    .append(r.maxSustained() == null ? "–" : pair(r.maxSustained().window())).append(" | ")
                    .append(r.atHalf() == null ? "–" : pair(r.atHalf().window())).append(" |\n");
        }
        md.append("\nTargets (issue 8): gateway ≥ 60 % of the ceiling: ")
                .append(share == null ? "not measured" : String.format(Locale.ROOT, "%.0f %%", share * 100))
                .append("; p99 < 20 ms at half of saturation: ")
                .append(targets.get("gateway_p99_ms_at_half_of_saturation") == null ? "not measured"
                        : targets.get("gateway_p99_ms_at_half_of_saturation") + " ms")
                .append(". ")
                .append(Boolean.TRUE.equals(targets.get("ceiling_reached")) ? ""
                        : "The bare endpoint was not saturated by the highest level: its figure is a lower bound (raise the levels). ")
                .append("\n\n");
        md.append("| level | offered/s |");
        results.keySet().forEach(s -> md.append(' ').append(s).append(" ok/s | p50 | p99 | errors | sustained |"));
        md.append("\n|---|---|");
        results.keySet().forEach(s -> md.append("---|---|---|---|---|"));
        md.append('\n');
        for (int i = 0; i < plan.levels(); i++) {
            md.append("| ").append(i).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f", plan.startPerSecond() + i * plan.stepPerSecond())).append(" |");
            for (StepAnalysis.Result r : results.values()) {
                if (i >= r.levels().size()) {
                    md.append(" – | – | – | – | – |");
                    continue;
                }
                StepAnalysis.Level l = r.levels().get(i);
                Window w = l.window();
                md.append(String.format(Locale.ROOT, " %.0f | %s | %s | %d | %s |", w.okPerSecond(), ms(w.p50Ms()),
                        ms(w.p99Ms()), w.errors(), l.sustained() ? "yes" : "no"));
            }
            md.append('\n');
        }
        md.append('\n').append(GatewayTimers.markdown(gatewayTimers));
        md.append("\nLatency is Gatling's response time (request sent to response received, millisecond resolution), "
                + "measured by a load generator on the same machine as the server: both compete for the same cores.\n");

        Map<String, SvgChart> charts = new LinkedHashMap<>();
        SvgChart throughput = new SvgChart("Callbacks answered 200 per second", "seconds since the series started", "callbacks/s");
        SvgChart latency = new SvgChart("Ack latency percentiles (per second)", "seconds since the series started", "ms");
        for (String s : series) {
            List<Recorder.Sample> samples = recorder.samples(s);
            List<Window> seconds = Window.perSecond(samples);
            long t0 = seconds.isEmpty() ? 0 : seconds.get(0).fromMillis();
            List<double[]> ok = new ArrayList<>();
            List<double[]> p50 = new ArrayList<>();
            List<double[]> p99 = new ArrayList<>();
            for (Window w : seconds) {
                double x = (w.fromMillis() - t0) / 1000.0;
                ok.add(new double[] {x, w.okPerSecond()});
                p50.add(new double[] {x, w.p50Ms()});
                p99.add(new double[] {x, w.p99Ms()});
            }
            throughput.series(s, ok);
            latency.series(s + " p50", p50).series(s + " p99", p99);
        }
        charts.put("throughput", throughput);
        charts.put("latency", latency);
        return new ReportWriter(dir).write("callback-ingest", machine, figures, md.toString(), charts);
    }

    private static String pair(Window w) {
        return ms(w.p50Ms()) + " / " + ms(w.p99Ms());
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v);
    }
}
