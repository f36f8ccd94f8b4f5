package com.wecomassist.compliance.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs {@link CheckBenchmark} and prints MB/s (UTF-8) per contender and the full check's share of
 * the bare Aho-Corasick ceiling. Entry point of {@code ./assist bench-compliance}; an extra
 * argument is a regular expression selecting benchmarks (default: all four), or
 * {@code --cpu-time} for the {@link CpuTimeCheck} cross-check on a busy machine, or
 * {@code --semantic} for the latency of rules + semantic layer ({@link SemanticCheckBenchmark}), or
 * {@code --masking} / {@code --masking-cpu-time} for the latency of masking a customer message
 * ({@link MaskingBenchmark}, {@link MaskingCpuTime}).
 */
public final class ComplianceBenchmark {

    private ComplianceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--masking-cpu-time")) {
            MaskingCpuTime.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("--masking")) {
            // Latency of masking one customer message: numbers only (before issue 18) against names and addresses too.
            printLatencies(MaskingBenchmark.class, "One customer message per operation, single thread (µs)");
            return;
        }
        if (args.length > 0 && args[0].equals("--semantic-cpu-time")) {
            SemanticCpuTime.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("--semantic")) {
            // Latency of rules + semantic layer per 300-character draft (needs no lexicon).
            printLatencies(SemanticCheckBenchmark.class, "One 300-character draft per operation, single thread, ONNX intra-op threads 1 (ms)");
            return;
        }
        try {
            Drafts.lexicon();
        } catch (IllegalStateException e) {
            System.err.println("bench-compliance: " + e.getMessage());
            System.exit(2);
        }
        if (args.length > 0 && args[0].equals("--cpu-time")) {
            CpuTimeCheck.run();
            return;
        }
        String include = args.length > 0 ? args[0] : CheckBenchmark.class.getSimpleName();
        Options opts = new OptionsBuilder()
                .include(include)
                .jvmArgsAppend("-D" + Drafts.LEXICON_PROPERTY + "=" + Drafts.lexicon())
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        int bytes = Drafts.utf8Bytes();
        List<String[]> rows = new ArrayList<>();
        double ceiling = Double.NaN, full = Double.NaN;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            double opsPerSecond = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            double mbs = opsPerSecond * bytes / 1e6;
            if (name.equals("bareAhoCorasick")) ceiling = mbs;
            if (name.equals("fullCheck")) full = mbs;
            rows.add(new String[]{name, String.format("%.2f", mbs), String.format("± %.2f", error * bytes / 1e6)});
        }
        System.out.printf("%nInput: %d drafts, %d bytes UTF-8 per operation, lexicon %s%n", Drafts.TEXTS.size(), bytes, Drafts.lexicon());
        System.out.printf("%-24s %12s %12s%n", "benchmark", "MB/s", "99.9% CI");
        for (String[] row : rows) System.out.printf("%-24s %12s %12s%n", row[0], row[1], row[2]);
        if (!Double.isNaN(ceiling) && !Double.isNaN(full)) {
            System.out.printf("full check = %.0f%% of the bare Aho-Corasick ceiling%n", 100 * full / ceiling);
        }
    }

    /** Runs a sample-time benchmark and prints mean and percentiles per benchmark (and parameters, if any). */
    private static void printLatencies(Class<?> benchmark, String title) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(benchmark.getSimpleName()).build()).run();
        System.out.printf("%n%s:%n", title);
        System.out.printf("%-24s %10s %10s %10s %10s %10s%n", "benchmark", "mean", "p50", "p90", "p99", "p99.9");
        for (RunResult r : results) {
            var stats = r.getPrimaryResult().getStatistics();
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            for (String p : r.getParams().getParamsKeys()) name += " " + r.getParams().getParam(p);
            System.out.printf("%-24s %10.3f %10.3f %10.3f %10.3f %10.3f%n", name, stats.getMean(), stats.getPercentile(50),
                    stats.getPercentile(90), stats.getPercentile(99), stats.getPercentile(99.9));
        }
    }
}
