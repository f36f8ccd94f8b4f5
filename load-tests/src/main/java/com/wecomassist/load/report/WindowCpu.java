package com.wecomassist.load.report;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU time a process spends inside a window of wall-clock time, read from {@code /proc} at the
 * window's two ends by one daemon thread. A scenario's whole-run CPU includes start-up work of the
 * run (JIT compilation of paths first taken under load, the ramp); the steady window's CPU divided by
 * the replies in the same window is what a reply costs once the process runs as it will all day.
 */
public final class WindowCpu {

    private final AtomicLong atStart = new AtomicLong(-1);
    private final AtomicLong atEnd = new AtomicLong(-1);
    private final long pid;

    private WindowCpu(long pid) {
        this.pid = pid;
    }

    /** Reads the process's CPU at {@code fromMillis} and {@code toMillis} (epoch ms); nothing when pid ≤ 0. */
    public static WindowCpu start(long pid, long fromMillis, long toMillis) {
        WindowCpu cpu = new WindowCpu(pid);
        if (pid <= 0) {
            return cpu;
        }
        Thread reader = new Thread(() -> {
            try {
                sleepUntil(fromMillis);
                cpu.atStart.set(ProcessCpu.ticks(pid));
                sleepUntil(toMillis);
                cpu.atEnd.set(ProcessCpu.ticks(pid));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "window-cpu");
        reader.setDaemon(true);
        reader.start();
        return cpu;
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** CPU seconds inside the window; NaN when either end was not read (no pid, or the window not over). */
    public double seconds() {
        long start = atStart.get();
        long end = atEnd.get();
        return pid <= 0 || start <= 0 || end < start ? Double.NaN : (end - start) / ProcessCpu.CLOCK_TICKS;
    }
}
