package com.wecomassist.load.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.wecomassist.load.stub.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of the micro-benchmarks beside the load tests' (issue 8): the compliance check's JMH
 * benchmark ({@code ./assist bench-compliance}, MB/s per benchmark) and the knowledge-base harness
 * ({@code ./assist bench-kb}, query latency and throughput), parsed from their printed output, which
 * {@code ./assist load benchmarks} keeps as {@code bench-compliance.txt} and {@code bench-kb.txt}.
 * Every scenario report then includes the latest of these reports, with when and where it ran.
 */
public final class BenchmarkReport {

    private static final Pattern JMH_ROW = Pattern.compile("^(\\w+)\\s+([\\d.]+)\\s+±\\s+([\\d.]+|NaN)\\s*$");
    private static final Pattern CEILING_SHARE = Pattern.compile("full check = (\\d+)% of the bare Aho-Corasick ceiling");
    private static final Pattern KB_LATENCY = Pattern.compile(
            "query latency \\(([^)]*)\\): p50=([\\d.]+) ms p90=([\\d.]+) ms p99=([\\d.]+) ms max=([\\d.]+) ms");
    private static final Pattern KB_EMBEDDING = Pattern.compile("query embedding alone: p50=([\\d.]+) ms p99=([\\d.]+) ms");
    private static final Pattern KB_THROUGHPUT = Pattern.compile("throughput \\((\\d+) threads\\): (\\d+) queries/s");
    private static final Pattern KB_ENTRIES = Pattern.compile("entries=(\\d+) phrasings=(\\d+)");

    private BenchmarkReport() {
    }

    /** {@code BenchmarkReport DIR}: reads DIR/bench-*.txt, writes DIR/summary.json and summary.md. */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("compliance", compliance(read(dir.resolve("bench-compliance.txt"))));
        figures.put("knowledge_base", knowledgeBase(read(dir.resolve("bench-kb.txt"))));
        new ReportWriter(dir).write("benchmarks", MachineInfo.current(), figures, markdown(figures), Map.of());
        System.out.println("benchmark report written to " + dir.toAbsolutePath());
    }

    /** JMH rows ({@code fullCheck  123.45  ± 1.20}) → benchmark → MB/s and its 99.9 % interval. */
    static Map<String, Object> compliance(String output) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> rows = new LinkedHashMap<>();
        for (String line : output.split("\r?\n")) {
            Matcher row = JMH_ROW.matcher(line.trim());
            if (row.matches()) {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("mb_per_second", Double.parseDouble(row.group(2)));
                // JMH gives no interval for a single iteration
                figures.put("ci_999_mb_per_second", row.group(3).equals("NaN") ? null : Double.parseDouble(row.group(3)));
                rows.put(row.group(1), figures);
            }
            Matcher share = CEILING_SHARE.matcher(line);
            if (share.find()) {
                m.put("full_check_share_of_aho_corasick_ceiling", Integer.parseInt(share.group(1)) / 100.0);
            }
        }
        m.put("benchmarks", rows);
        if (rows.isEmpty()) {
            m.put("missing", "no JMH results in bench-compliance.txt (not run, or it failed)");
        }
        return m;
    }

    /** The harness's lines → entries, single-thread query latency, embedding share, throughput. */
    static Map<String, Object> knowledgeBase(String output) {
        Map<String, Object> m = new LinkedHashMap<>();
        Matcher entries = KB_ENTRIES.matcher(output);
        if (entries.find()) {
            m.put("entries", Long.parseLong(entries.group(1)));
            m.put("phrasings", Long.parseLong(entries.group(2)));
        }
        Matcher latency = KB_LATENCY.matcher(output);
        if (latency.find()) {
            m.put("query_latency_conditions", latency.group(1));
            m.put("query_p50_ms", Double.parseDouble(latency.group(2)));
            m.put("query_p90_ms", Double.parseDouble(latency.group(3)));
            m.put("query_p99_ms", Double.parseDouble(latency.group(4)));
            m.put("query_max_ms", Double.parseDouble(latency.group(5)));
        }
        Matcher embedding = KB_EMBEDDING.matcher(output);
        if (embedding.find()) {
            m.put("embedding_p50_ms", Double.parseDouble(embedding.group(1)));
            m.put("embedding_p99_ms", Double.parseDouble(embedding.group(2)));
        }
        Matcher throughput = KB_THROUGHPUT.matcher(output);
        if (throughput.find()) {
            m.put("throughput_threads", Integer.parseInt(throughput.group(1)));
            m.put("queries_per_second", Long.parseLong(throughput.group(2)));
        }
        if (m.isEmpty()) {
            m.put("missing", "no results in bench-kb.txt (not run, or it failed)");
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> figures) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> compliance = (Map<String, Object>) figures.getOrDefault("compliance", Map.of("missing", "no figures"));
        md.append("Compliance check, JMH (`./assist bench-compliance`):\n\n");
        if (compliance.containsKey("missing")) {
            md.append(compliance.get("missing")).append("\n\n");
        } else {
            md.append("| benchmark | MB/s | 99.9 % CI |\n|---|---|---|\n");
            ((Map<String, Object>) compliance.get("benchmarks")).forEach((name, v) -> {
                Map<String, Object> row = (Map<String, Object>) v;
                Object ci = row.get("ci_999_mb_per_second");
                md.append("| ").append(name).append(" | ").append(row.get("mb_per_second")).append(" | ")
                        .append(ci == null ? "–" : "± " + ci).append(" |\n");
            });
            if (compliance.containsKey("full_check_share_of_aho_corasick_ceiling")) {
                md.append("\nfull check = ").append(Math.round(100 * (double) compliance.get("full_check_share_of_aho_corasick_ceiling")))
                        .append(" % of the bare Aho-Corasick ceiling\n");
            }
            md.append('\n');
        }
        Map<String, Object> kb = (Map<String, Object>) figures.getOrDefault("knowledge_base", Map.of("missing", "no figures"));
        md.append("Retrieval, knowledge-base harness (`./assist bench-kb`):\n\n");
        if (kb.containsKey("missing")) {
            md.append(kb.get("missing")).append("\n");
        } else {
            md.append("| figure | value |\n|---|---|\n");
            kb.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        }
        return md.toString();
    }

    /**
     * The benchmark report a scenario report includes: {@code LOAD_BENCHMARKS_DIR} (set by
     * {@code ./assist load} to the latest benchmarks report), its figures and machine; empty when none.
     */
    public static Map<String, Object> latest() {
        String dir = System.getProperty("load.benchmarks-dir", System.getenv("LOAD_BENCHMARKS_DIR"));
        if (dir == null || dir.isBlank() || !Files.isRegularFile(Path.of(dir, "summary.json"))) {
            return Map.of();
        }
        try {
            Map<String, Object> summary = Json.MAPPER.readValue(Files.readString(Path.of(dir, "summary.json")),
                    new TypeReference<Map<String, Object>>() { });
            Map<String, Object> m = new LinkedHashMap<>(summary);
            m.put("report", Path.of(dir).toAbsolutePath().toString());
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the benchmarks report in " + dir, e);
        }
    }

    /** A section for a scenario's summary.md: the benchmarks' figures, when and where they ran. */
    @SuppressWarnings("unchecked")
    public static String section(Map<String, Object> latest) {
        if (latest.isEmpty()) {
            return "";
        }
        Map<String, Object> machine = (Map<String, Object>) latest.getOrDefault("machine", Map.of());
        return "## Micro-benchmarks (latest report: " + latest.get("report") + ")\n\nRan " + machine.get("date")
                + " on " + machine.get("cores") + " cores (" + machine.get("cpu") + "), load average "
                + machine.get("load_average_at_start") + " at the start, commit `" + machine.get("commit") + "`.\n\n"
                + markdown(latest) + "\n";
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
