package com.wecomassist.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.stub.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

    private static final String COMPLIANCE = """
            # Run complete. Total time: 00:03:02

            Input: 200 drafts, 61234 bytes UTF-8 per operation, lexicon /work/shared/eval/lexicon.txt
            benchmark                        MB/s     99.9% CI
            bareAhoCorasick                412.31       ± 8.02
            fullCheck                       97.50       ± 2.10
            stringContains                  80.00        ± NaN
            full check = 24% of the bare Aho-Corasick ceiling
            """;

    private static final String KB = """
            entries=100000 phrasings=300000
            indexing: 812.3 s, 123 entries/s (369 phrasings/s), embedding included
            query latency (1 thread, query embedding included, k=5): p50=4.21 ms p90=5.02 ms p99=7.90 ms max=31.00 ms
            of which query embedding alone: p50=2.10 ms p99=3.40 ms
            throughput (2 threads): 380 queries/s; system load average 1.2 on 2 cores
            heap used after GC: 420 MB; index on disk: 610 MB; cores: 2
            """;

    @Test
    @SuppressWarnings("unchecked")
    void readsTheJmhTableAndTheHarnessLines() {
        Map<String, Object> compliance = BenchmarkReport.compliance(COMPLIANCE);
        Map<String, Object> rows = (Map<String, Object>) compliance.get("benchmarks");
        assertThat(rows).containsOnlyKeys("bareAhoCorasick", "fullCheck", "stringContains");
        assertThat((Map<String, Object>) rows.get("stringContains")).containsEntry("ci_999_mb_per_second", null);
        assertThat((Map<String, Object>) rows.get("fullCheck")).containsEntry("mb_per_second", 97.5)
                .containsEntry("ci_999_mb_per_second", 2.1);
        assertThat(compliance).containsEntry("full_check_share_of_aho_corasick_ceiling", 0.24);
        Map<String, Object> kb = BenchmarkReport.knowledgeBase(KB);
        assertThat(kb).containsEntry("entries", 100000L).containsEntry("query_p50_ms", 4.21).containsEntry("query_p99_ms", 7.9)
                .containsEntry("embedding_p50_ms", 2.1).containsEntry("queries_per_second", 380L).containsEntry("throughput_threads", 2);
        assertThat(BenchmarkReport.compliance("bench-compliance: the lexicon is missing")).containsKey("missing");
        assertThat(BenchmarkReport.knowledgeBase("")).containsKey("missing");
    }

    @Test
    void aScenarioReportCarriesTheLatestBenchmarksWithWhenAndWhereTheyRan(@TempDir Path dir) throws Exception {
        Path bench = dir.resolve("benchmarks");
        Files.createDirectories(bench);
        Files.writeString(bench.resolve("bench-compliance.txt"), COMPLIANCE);
        Files.writeString(bench.resolve("bench-kb.txt"), KB);
        BenchmarkReport.main(new String[] {bench.toString()});
        JsonNode own = Json.tree(Files.readString(bench.resolve("summary.json")));
        assertThat(own.path("scenario").asText()).isEqualTo("benchmarks");
        assertThat(own.path("compliance").path("benchmarks").path("fullCheck").path("mb_per_second").asDouble()).isEqualTo(97.5);
        assertThat(own.has("benchmarks")).isFalse();

        System.setProperty("load.benchmarks-dir", bench.toString());
        try {
            Path scenario = dir.resolve("scenario");
            new ReportWriter(scenario).write("conversations", MachineInfo.current(), Map.of("replies_per_second", 1.0), "body", Map.of());
            JsonNode summary = Json.tree(Files.readString(scenario.resolve("summary.json")));
            assertThat(summary.path("benchmarks").path("knowledge_base").path("query_p99_ms").asDouble()).isEqualTo(7.9);
            assertThat(summary.path("benchmarks").path("machine").path("date").asText()).isNotBlank();
            assertThat(Files.readString(scenario.resolve("summary.md"))).contains("## Micro-benchmarks", "Ran ",
                    "| fullCheck | 97.5 | ± 2.1 |", "| queries_per_second | 380 |");
        } finally {
            System.clearProperty("load.benchmarks-dir");
        }
    }
}
