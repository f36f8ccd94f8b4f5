package com.wecomassist.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request of a run, by series ("bare", "gateway" …): when it started, how long it took and
 * whether it succeeded. Thread-safe; keeps at most {@link #MAX_SAMPLES} per series (further samples
 * are only counted, so a runaway run cannot exhaust the heap).
 */
public final class Recorder {

    public static final int MAX_SAMPLES = 5_000_000;

    /** One request: start (epoch ms), latency (µs; -1 when it never got an answer), outcome. */
    public record Sample(long startMillis, long latencyMicros, boolean ok) {
    }

    private static final class Series {
        final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        final AtomicLong count = new AtomicLong();
    }

    private final Map<String, Series> series = new ConcurrentHashMap<>();

    public void record(String name, long startMillis, long latencyMicros, boolean ok) {
        Series s = series.computeIfAbsent(name, k -> new Series());
        if (s.count.incrementAndGet() <= MAX_SAMPLES) {
            s.samples.add(new Sample(startMillis, latencyMicros, ok));
        }
    }


    /** The kept samples of one series, sorted by start time. */
    public List<Sample> samples(String name) {
        Series s = series.get(name);
        List<Sample> out = s == null ? new ArrayList<>() : new ArrayList<>(s.samples);
        out.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
        return out;
    }
}
