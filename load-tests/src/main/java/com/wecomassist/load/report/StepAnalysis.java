package com.wecomassist.load.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a stepped-rate run (level i offers {@code start + i × step} requests per second for
 * {@code levelMillis}) of one series: the figures of each level and the highest level that was
 * sustained — at least {@value #MIN_ACHIEVED} of the offered rate answered 200, at most
 * {@value #MAX_ERROR_RATIO} errors and p99 within the latency limit. The first second of each level
 * is left out (the change of rate).
 */
public final class StepAnalysis {

    static final double MIN_ACHIEVED = 0.95;
    static final double MAX_ERROR_RATIO = 0.01;

    public record Level(int index, double offeredPerSecond, Window window, boolean sustained) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", index);
            m.put("offered_per_second", offeredPerSecond);
            m.putAll(window.toMap());
            m.put("sustained", sustained);
            return m;
        }
    }

    public record Result(String series, List<Level> levels, Level maxSustained, Level atHalf) {

        public double maxSustainedPerSecond() {
            return maxSustained == null ? 0 : maxSustained.window().okPerSecond();
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("series", series);
            m.put("max_sustained_per_second", Window.round(maxSustainedPerSecond()));
            m.put("max_sustained_offered_per_second", maxSustained == null ? null : maxSustained.offeredPerSecond());
            m.put("p50_ms_at_max_sustained", maxSustained == null ? null : Window.round(maxSustained.window().p50Ms()));
            m.put("p99_ms_at_max_sustained", maxSustained == null ? null : Window.round(maxSustained.window().p99Ms()));
            m.put("half_of_saturation_offered_per_second", atHalf == null ? null : atHalf.offeredPerSecond());
            m.put("p50_ms_at_half_of_saturation", atHalf == null ? null : Window.round(atHalf.window().p50Ms()));
            m.put("p99_ms_at_half_of_saturation", atHalf == null ? null : Window.round(atHalf.window().p99Ms()));
            m.put("levels", levels.stream().map(Level::toMap).toList());
            return m;
        }
    }

    private StepAnalysis() {
    }

    /**
     * @param samples   the series' samples sorted by start (the first one marks the start of the warm-up)
     * @param warmupMillis the warm-up before level 0, left out
     * @param p99LimitMs a level whose p99 is above this is not sustained
     */
    public static Result analyse(String series, List<Recorder.Sample> samples, long warmupMillis, double startPerSecond,
                                 double stepPerSecond, int levels, long levelMillis, double p99LimitMs) {
        List<Level> out = new ArrayList<>();
        if (samples.isEmpty()) {
            return new Result(series, out, null, null);
        }
        long t0 = samples.get(0).startMillis() + warmupMillis;
        Level max = null;
        for (int i = 0; i < levels; i++) {
            long from = t0 + i * levelMillis + Math.min(1000, levelMillis / 4);
            long to = t0 + (i + 1) * levelMillis;
            Window w = Window.of(samples, from, to);
            double offered = startPerSecond + i * stepPerSecond;
            boolean sustained = w.ok() > 0 && w.okPerSecond() >= MIN_ACHIEVED * offered
                    && w.errorRatio() <= MAX_ERROR_RATIO && w.p99Ms() <= p99LimitMs;
            Level level = new Level(i, offered, w, sustained);
            out.add(level);
            // The highest sustained level before the first one that was not: a later lucky level
            // after a failed one does not count as sustained throughput.
            if (sustained && (max == null || max.index() == i - 1)) {
                max = level;
            }
        }
        Level half = null;
        if (max != null) {
            double target = max.offeredPerSecond() / 2;
            for (Level l : out) {
                if (half == null || Math.abs(l.offeredPerSecond() - target) < Math.abs(half.offeredPerSecond() - target)) {
                    half = l;
                }
            }
        }
        return new Result(series, out, max, half);
    }
}
