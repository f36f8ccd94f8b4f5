package com.wecomassist.compliance.bench;

import com.wecomassist.compliance.pii.PiiDetector;
import com.wecomassist.compliance.pii.PiiMasker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Cross-check of {@link MaskingBenchmark} on a busy machine ({@code ./assist bench-compliance
 * --masking-cpu-time}): the thread CPU time of each {@link PiiMasker#mask} call, which other
 * processes' load does not inflate, as p50/p90/p99 per message size; and the dictionary load time
 * and the heap it added (after a full GC, before and after building the first masker).
 */
public final class MaskingCpuTime {

    private MaskingCpuTime() {
    }

    public static void main(String[] args) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        PiiMasker masker = new PiiMasker(PiiDetector.standard());
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        System.out.printf("HanLP dictionaries: loaded in %d ms, heap after a full GC +%.0f MB%n",
                PiiMasker.dictionaryLoadTime().toMillis(), (after - before) / 1e6);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        for (int i = 0; i < rounds; i++) {
            for (String m : CustomerMessages.ALL) masker.mask(m); // warm-up, JIT
        }
        System.out.printf("%-8s %6s %8s %8s %8s %8s  (µs of thread CPU time per message)%n", "size", "chars", "p50", "p90", "p99", "mean");
        for (var entry : List.of(List.of("short", CustomerMessages.SHORT), List.of("typical", CustomerMessages.TYPICAL),
                List.of("long", CustomerMessages.LONG))) {
            @SuppressWarnings("unchecked")
            List<String> messages = (List<String>) entry.get(1);
            long[] micros = new long[rounds * messages.size()];
            int k = 0;
            for (int r = 0; r < rounds; r++) {
                for (String m : messages) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    masker.mask(m);
                    micros[k++] = (mx.getCurrentThreadCpuTime() - t0) / 1000;
                }
            }
            Arrays.sort(micros);
            double mean = Arrays.stream(micros).average().orElse(0);
            int chars = messages.stream().mapToInt(String::length).sum() / messages.size();
            System.out.printf("%-8s %6d %8d %8d %8d %8.0f%n", entry.get(0), chars, micros[micros.length / 2],
                    micros[(int) (micros.length * 0.9)], micros[(int) (micros.length * 0.99)], mean);
        }
    }
}
