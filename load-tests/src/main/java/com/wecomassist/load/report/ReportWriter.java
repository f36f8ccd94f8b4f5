package com.wecomassist.load.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.wecomassist.load.stub.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a report directory: {@code summary.json} (machine-readable figures and the machine),
 * {@code summary.md} (the same for people, charts linked) and one SVG per chart.
 */
public final class ReportWriter {

    private final Path dir;

    public ReportWriter(Path dir) {
        this.dir = dir;
    }

    /**
     * @param scenario  e.g. "callback-ingest"
     * @param figures   the scenario's figures (become {@code summary.json} beside "machine")
     * @param markdown  the body of the summary (tables, notes) after the machine table
     * @param charts    file name (without .svg) → chart
     */
    public Path write(String scenario, MachineInfo machine, Map<String, Object> figures, String markdown,
                      Map<String, SvgChart> charts) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("scenario", scenario);
            summary.put("machine", machine.toMap());
            summary.putAll(figures);
            // the latest micro-benchmarks beside every scenario's figures (not inside their own report)
            Map<String, Object> benchmarks = scenario.equals("benchmarks") ? Map.of() : BenchmarkReport.latest();
            if (!benchmarks.isEmpty()) {
                summary.put("benchmarks", benchmarks);
            }
            Files.writeString(dir.resolve("summary.json"),
                    Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary) + "\n",
                    StandardCharsets.UTF_8);
            StringBuilder md = new StringBuilder();
            md.append("# Load test: ").append(scenario).append("\n\n");
            md.append(machine.markdown()).append('\n');
            md.append(markdown.strip()).append("\n\n");
            for (Map.Entry<String, SvgChart> c : charts.entrySet()) {
                String file = c.getKey() + ".svg";
                Files.writeString(dir.resolve(file), c.getValue().render(), StandardCharsets.UTF_8);
                md.append("![").append(c.getKey()).append("](").append(file).append(")\n\n");
            }
            md.append(BenchmarkReport.section(benchmarks));
            Files.writeString(dir.resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }
}
