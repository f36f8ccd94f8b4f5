package com.wecomassist.load.report;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * Figures of the requests that started within [{@code fromMillis}, {@code toMillis}): successes per
 * second and latency percentiles of the successful ones (nearest rank), in milliseconds.
 */
public record Window(long fromMillis, long toMillis, long ok, long errors, double okPerSecond, double p50Ms,
                     double p90Ms, double p99Ms, double maxMs) {

    public static Window of(List<Recorder.Sample> samples, long fromMillis, long toMillis) {
        long ok = 0;
        long errors = 0;
        long[] latencies = new long[samples.size()];
        for (Recorder.Sample s : samples) {
            if (s.startMillis() < fromMillis || s.startMillis() >= toMillis) {
                continue;
            }
            if (s.ok()) {
                latencies[(int) ok++] = s.latencyMicros();
            } else {
                errors++;
            }
        }
        long[] sorted = Arrays.copyOf(latencies, (int) ok);
        Arrays.sort(sorted);
        double seconds = Math.max(1, toMillis - fromMillis) / 1000.0;
        return new Window(fromMillis, toMillis, ok, errors, ok / seconds, percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1000.0);
    }

    /** Nearest-rank percentile of sorted microseconds, in milliseconds; NaN when empty. */
    static double percentile(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedMicros.length);
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, rank - 1))] / 1000.0;
    }

    /** One window per second from the first sample to the last. */
    public static List<Window> perSecond(List<Recorder.Sample> samples) {
        if (samples.isEmpty()) {
            return List.of();
        }
        long first = samples.get(0).startMillis() / 1000 * 1000;
        long last = samples.get(samples.size() - 1).startMillis();
        java.util.ArrayList<Window> out = new java.util.ArrayList<>();
        // Samples are sorted by start: walk them once, a second at a time.
        int i = 0;
        for (long t = first; t <= last; t += 1000) {
            int j = i;
            while (j < samples.size() && samples.get(j).startMillis() < t + 1000) {
                j++;
            }
            out.add(of(samples.subList(i, j), t, t + 1000));
            i = j;
        }
        return out;
    }

    public double errorRatio() {
        return ok + errors == 0 ? 0 : (double) errors / (ok + errors);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from_ms", fromMillis);
        m.put("to_ms", toMillis);
        m.put("ok", ok);
        m.put("errors", errors);
        m.put("ok_per_second", round(okPerSecond));
        m.put("p50_ms", round(p50Ms));
        m.put("p90_ms", round(p90Ms));
        m.put("p99_ms", round(p99Ms));
        m.put("max_ms", round(maxMs));
        return m;
    }

    /** Two decimals; NaN (no sample) becomes null in JSON. */
    static Double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 100) / 100.0;
    }
}
