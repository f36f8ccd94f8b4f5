package com.wecomassist.kb.cli;

import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.eval.EvalQueries;
import com.wecomassist.kb.eval.EvalQuery;
import com.wecomassist.kb.eval.SyntheticEntries;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.store.EntryFileException;
import com.wecomassist.kb.store.EntryFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./assist bench}: a harness benchmark of the knowledge base as the gateway uses it —
 * a durable on-disk index, default search settings, real query embedding on every query.
 * Reports indexing throughput (entries/s including embedding), query latency p50/p99 on one
 * thread and throughput on several, heap after GC and index size. Speed figures in the README
 * come from this command, never from unit tests.
 */
public final class BenchCommand {

    static final String USAGE = """
            usage: ./assist bench-kb [--entries N] [--kb FILE --queries FILE] [--searches N] [--threads N] [--dir DIR [--reuse]]

            Builds a durable knowledge base (default: a temporary directory) and measures it.
              --entries N      index N synthetic entries (default 100000)
              --kb FILE        index this entry file instead (e.g. the 745-entry evaluation KB)
              --queries FILE   ask these queries (JSONL with "query"); default: synthetic customer questions
              --searches N     timed searches (default 2000, after 200 warm-up searches)
              --threads N      threads for the throughput run (default 2)
              --dir DIR        where to build the index (default: a new temporary directory)
              --reuse          with --dir: measure searches on the knowledge base already there (skip indexing)
            """;

    private BenchCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLine cl = new CommandLine(args, Set.of("--entries", "--kb", "--queries", "--searches", "--threads", "--dir"),
                    Set.of("--reuse"));
            if (cl.help()) {
                out.print(USAGE);
                return 0;
            }
            int searches = (int) cl.number("--searches", 2000);
            int threads = (int) cl.number("--threads", 2);
            List<Entry> entries = cl.get("--kb", null) != null
                    ? EntryFiles.read(Path.of(cl.get("--kb", null)), EntryStatus.PUBLISHED)
                    : SyntheticEntries.generate((int) cl.number("--entries", 100_000), 42);
            List<String> queries = cl.get("--queries", null) != null
                    ? EvalQueries.read(Path.of(cl.get("--queries", null))).stream().map(EvalQuery::query).toList()
                    : SyntheticEntries.queries(Math.max(searches, 200), 7);
            Path dir = cl.get("--dir", null) != null ? Path.of(cl.get("--dir", null)) : Files.createTempDirectory("kb-bench");
            err.printf(Locale.ROOT, "bench: %d entries, %d distinct queries, index in %s%n", entries.size(), queries.size(), dir);

            var model = EmbeddingModels.bgeSmallZh();
            model.embed("预热");
            long start = System.nanoTime();
            try (KnowledgeBase kb = KnowledgeBase.open(dir, model, SearchSettings.defaults(), Clock.systemUTC())) {
                boolean reuse = cl.flag("--reuse") && !kb.entries().isEmpty();
                if (reuse) {
                    err.printf(Locale.ROOT, "bench: reusing the %d entries already in %s (no indexing figures)%n",
                            kb.entries().size(), dir);
                    entries = kb.entries();
                }
                int batch = reuse ? Integer.MAX_VALUE : 2000;
                for (int i = 0; !reuse && i < entries.size(); i += batch) {
                    kb.loadPublished(entries.subList(i, Math.min(entries.size(), i + batch)), "bench");
                    double s = (System.nanoTime() - start) / 1e9;
                    err.printf(Locale.ROOT, "bench: indexed %d/%d entries (%.0f entries/s)%n", Math.min(entries.size(), i + batch),
                            entries.size(), Math.min(entries.size(), i + batch) / s);
                }
                if (!reuse) {
                    kb.compact();
                }
                double indexSeconds = (System.nanoTime() - start) / 1e9;
                int phrasings = entries.stream().mapToInt(e -> e.phrasings().size()).sum();

                for (int i = 0; i < 200; i++) {
                    kb.search(queries.get(i % queries.size()), 5);
                }
                double[] ms = new double[searches];
                for (int i = 0; i < searches; i++) {
                    long t = System.nanoTime();
                    kb.search(queries.get(i % queries.size()), 5);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(ms);
                // The same queries through the embedding model alone: how much of the latency is inference.
                double[] embedMs = new double[Math.min(searches, 500)];
                for (int i = 0; i < embedMs.length; i++) {
                    long t = System.nanoTime();
                    model.embed(queries.get(i % queries.size()) + "。");
                    embedMs[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(embedMs);
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long t0 = System.nanoTime();
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < searches; i++) {
                    String q = queries.get(i % queries.size());
                    fs.add(pool.submit(() -> kb.search(q, 5)));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                double qps = searches / ((System.nanoTime() - t0) / 1e9);
                pool.shutdown();

                System.gc();
                Thread.sleep(200);
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long indexBytes = size(dir.resolve("index"));
                out.printf(Locale.ROOT, "entries=%d phrasings=%d%n", entries.size(), phrasings);
                if (!reuse) {
                    out.printf(Locale.ROOT, "indexing: %.1f s, %.0f entries/s (%.0f phrasings/s), embedding included%n",
                            indexSeconds, entries.size() / indexSeconds, phrasings / indexSeconds);
                }
                out.printf(Locale.ROOT, "query latency (1 thread, query embedding included, k=5): p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n",
                        pct(ms, 0.5), pct(ms, 0.9), pct(ms, 0.99), ms[ms.length - 1]);
                out.printf(Locale.ROOT, "of which query embedding alone: p50=%.2f ms p99=%.2f ms%n", pct(embedMs, 0.5),
                        pct(embedMs, 0.99));
                out.printf(Locale.ROOT, "throughput (%d threads): %.0f queries/s; system load average %.1f on %d cores%n",
                        threads, qps, load, Runtime.getRuntime().availableProcessors());
                out.printf(Locale.ROOT, "heap used after GC: %.0f MB; index on disk: %.0f MB; cores: %d%n", heap / 1e6,
                        indexBytes / 1e6, Runtime.getRuntime().availableProcessors());
            }
            return 0;
        } catch (CommandLine.UsageException e) {
            err.println("bench: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (EntryFileException e) {
            err.println("bench: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("bench: " + e.getCause().getMessage());
            return 1;
        } catch (Exception e) {
            err.println("bench: " + e);
            return 1;
        }
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
    }

    private static long size(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
