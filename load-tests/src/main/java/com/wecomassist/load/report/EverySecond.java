package com.wecomassist.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleFunction;

/**
 * Takes a sample of the running gateway once a second on one daemon thread, until {@link #stop} or
 * {@code maxSamples}; the sample function gets the seconds since the start.
 */
final class EverySecond<T> {

    private final List<T> samples = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final DoubleFunction<T> sample;

    EverySecond(String threadName, DoubleFunction<T> sample) {
        this.sample = sample;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    void start(int maxSamples) {
        long startNanos = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            synchronized (samples) {
                if (samples.size() >= maxSamples) {
                    timer.shutdown();
                    return;
                }
            }
            T s = sample.apply((System.nanoTime() - startNanos) / 1e9);
            synchronized (samples) {
                samples.add(s);
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    List<T> stop() {
        timer.shutdownNow();
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
