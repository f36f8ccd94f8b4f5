package com.wecomassist.compliance.bench;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.compliance.semantic.BgeSmallZh;
import com.wecomassist.compliance.semantic.ExemplarSet;
import com.wecomassist.compliance.semantic.SemanticLayer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Cross-check of {@link SemanticCheckBenchmark} on a busy machine: the thread CPU time of each
 * check (ONNX Runtime with one intra-op thread runs the inference on the calling thread, so it is
 * counted), which other processes' load does not inflate the way it inflates wall time. Prints
 * p50/p90/p99 per 300-character draft for novel and template drafts.
 * {@code ./assist bench-compliance --semantic-cpu-time [drafts] [embed-budget]}.
 */
public final class SemanticCpuTime {

    private SemanticCpuTime() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        SemanticLayer.Options options = SemanticLayer.Options.defaults()
                .withVectorFile(Path.of(System.getProperty("java.io.tmpdir"), "wecom-assist", "semantic-vectors.bin"));
        if (args.length > 1) options = options.withEmbedBudget(Integer.parseInt(args[1]));
        ComplianceChecker rules = ComplianceChecker.bankDefault();
        SemanticLayer layer = SemanticLayer.build(ExemplarSet.bankDefault(), BgeSmallZh.singleThreaded(), options);
        ComplianceChecker both = rules.withSemanticLayer(layer);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Random random = new Random(15);
        for (int i = 0; i < 300; i++) both.check(LongDrafts.one(random), TextKind.AI_DRAFT); // warm-up
        List<String> templates = LongDrafts.make(50, 7);
        for (String t : templates) both.check(t, TextKind.AI_DRAFT);
        for (String mode : List.of("novel", "template", "rules-only")) {
            long[] cpu = new long[n];
            long[] wall = new long[n];
            for (int i = 0; i < n; i++) {
                String d = mode.equals("template") ? templates.get(i % templates.size()) : LongDrafts.one(random);
                ComplianceChecker c = mode.equals("rules-only") ? rules : both;
                long w0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
                c.check(d, TextKind.AI_DRAFT);
                cpu[i] = mx.getCurrentThreadCpuTime() - c0;
                wall[i] = System.nanoTime() - w0;
            }
            Arrays.sort(cpu);
            Arrays.sort(wall);
            System.out.printf("%-10s embed budget %d: thread CPU ms p50 %.3f p90 %.3f p99 %.3f | wall ms p50 %.3f p90 %.3f p99 %.3f (%d drafts)%n",
                    mode, options.embedBudget(), cpu[n / 2] / 1e6, cpu[n * 9 / 10] / 1e6, cpu[n * 99 / 100] / 1e6,
                    wall[n / 2] / 1e6, wall[n * 9 / 10] / 1e6, wall[n * 99 / 100] / 1e6, n);
        }
        System.out.printf("cross-validated: %s%n", layer.crossValidated());
    }
}
