package com.wecomassist.compliance.bench;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A cross-check for machines shared with other work ({@code ./assist bench-compliance --cpu-time}):
 * runs the full check and the bare Aho-Corasick pass of {@link CheckBenchmark} alternately and
 * divides the bytes by the benchmark thread's CPU time instead of wall-clock time, so CPU taken
 * by other processes does not count. It leaves out the garbage collector's own threads, which
 * favours the full check (the bare pass allocates nothing); JMH's wall-clock figures remain the
 * reference.
 */
final class CpuTimeCheck {

    private CpuTimeCheck() {
    }

    static void run() throws Exception {
        CheckBenchmark b = new CheckBenchmark();
        b.setUp();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        int bytes = Drafts.utf8Bytes();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("%-6s %14s %14s %8s%n", "round", "full MB/s", "bare MB/s", "ratio");
        for (int round = 1; round <= 8; round++) {
            double full = rate(mx, bytes, () -> b.fullCheck(bh));
            double bare = rate(mx, bytes, () -> b.bareAhoCorasick(bh));
            // The first rounds include JIT compilation; they are printed but read the last ones.
            System.out.printf("%-6d %14.1f %14.1f %7.0f%%%n", round, full, bare, 100 * full / bare);
        }
    }

    private static double rate(ThreadMXBean mx, int bytes, Runnable op) {
        long start = mx.getCurrentThreadCpuTime();
        long end = start + 2_000_000_000L;
        long ops = 0;
        while (mx.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 20; i++) op.run();
            ops += 20;
        }
        return ops * (double) bytes / ((mx.getCurrentThreadCpuTime() - start) / 1e9) / 1e6;
    }
}
