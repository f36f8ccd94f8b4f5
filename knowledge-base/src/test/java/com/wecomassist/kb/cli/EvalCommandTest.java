package com.wecomassist.kb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ./assist eval} on the project's own sample KB and questions. */
class EvalCommandTest {

    static final String SAMPLE_KB = "src/main/resources/com/wecomassist/kb/sample/sample-kb.jsonl";
    static final String SAMPLE_QUERIES = "src/main/resources/com/wecomassist/kb/sample/sample-queries.jsonl";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return EvalCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesTheSummaryForBothModes() throws Exception {
        Path outDir = dir.resolve("eval");
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", outDir.toString(), "--mode", "both",
                "--folds", "3")).isZero();
        JsonNode s = JsonMapper.builder().build().readTree(outDir.resolve("summary.json").toFile());
        assertThat(s.get("queries").asInt()).isEqualTo(60);
        for (String k : new String[] {"accuracyAt1", "hitAt3", "hitAt5", "mrr", "latencyMsP50", "latencyMsP99"}) {
            assertThat(s.has(k)).as(k).isTrue();
        }
        // The sample questions are written to be answerable: a regression here means retrieval broke.
        assertThat(s.get("accuracyAt1").asDouble()).isGreaterThanOrEqualTo(0.85);
        assertThat(s.get("hitAt5").asDouble()).isGreaterThanOrEqualTo(s.get("accuracyAt1").asDouble());
        JsonNode curve = s.get("autoSendCurve");
        assertThat(curve).hasSize(50);
        assertThat(curve.get(0).get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(curve.get(49).get("threshold").asDouble()).isEqualTo(0.99);
        assertThat(curve.get(0).get("coverage").asDouble()).isGreaterThanOrEqualTo(curve.get(49).get("coverage").asDouble());
        assertThat(s.get("modes").get("with-variants").get("queries").asInt()).isEqualTo(60);
        for (JsonNode p : new JsonNode[] {s.get("policy"), s.get("modes").get("with-variants").get("policy")}) {
            double auto = p.get("autoShare").asDouble();
            double menu = p.get("menuShare").asDouble();
            assertThat(auto + menu + p.get("humanShare").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(p.get("selfServeShare").asDouble()).isCloseTo(auto * p.get("autoPrecision").asDouble()
                    + menu * p.get("menuSuccess").asDouble(), org.assertj.core.data.Offset.offset(1e-3));
            assertThat(p.get("autoSendAt").asDouble()).isBetween(0.0, 1.0);
            assertThat(p.get("menuItems").asInt()).isEqualTo(3);
            assertThat(p.has("menuAt")).isTrue();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("policy:", "self-serve");
        assertThat(Files.readString(outDir.resolve("report.md"))).contains("coverage", "precision", "with-variants");
        assertThat(outDir.resolve("curve.svg")).exists();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("acc@1=");
    }

    @Test
    void fusionWeightsCanBeSetAndAreReported() throws Exception {
        Path outDir = dir.resolve("weights");
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", outDir.toString(),
                "--answer-weight", "0.25", "--temperature", "0")).isZero();
        assertThat(Files.readString(outDir.resolve("report.md"))).contains("answerWeight=0.25", "temperature=0.000");
        err.reset();
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", outDir.toString(),
                "--answer-weight", "much")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("option --answer-weight must be a number, got 'much'");
    }

    @Test
    void givenThresholdsAreSimulatedAsGiven() throws Exception {
        Path outDir = dir.resolve("given");
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", outDir.toString(),
                "--auto-send-at", "0.5", "--menu-at", "2")).isZero();
        JsonNode p = JsonMapper.builder().build().readTree(outDir.resolve("summary.json").toFile()).get("policy");
        assertThat(p.get("autoSendAt").asDouble()).isEqualTo(0.5);
        assertThat(p.get("menuShare").asDouble()).isZero(); // menu-at above 1: no menus
        assertThat(p.get("chosen").asText()).isEqualTo("given");
        err.reset();
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", outDir.toString(),
                "--auto-send-at", "0.5")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--auto-send-at and --menu-at go together");
    }

    @Test
    void helpPrintsUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: ./assist eval");
    }

    @Test
    void missingOptionsAndFilesAreClearErrors() {
        assertThat(run("--kb", SAMPLE_KB)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing required option --queries");
        err.reset();
        assertThat(run("--kb", "nope.jsonl", "--queries", SAMPLE_QUERIES, "--out", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file: nope.jsonl");
        err.reset();
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", dir.toString(), "--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--bogus'");
    }

    @Test
    void badQueryLinesAreReportedWithTheirNumbers() throws Exception {
        Path q = dir.resolve("q.jsonl");
        Files.writeString(q, "{\"query\":\"卡丢了\",\"expectedId\":\"demo-010\"}\n{oops\n{\"query\":\"x\"}\n"
                + "{\"query\":\"y\",\"expectedId\":\"no-such-entry\"}\n");
        assertThat(run("--kb", SAMPLE_KB, "--queries", q.toString(), "--out", dir.toString())).isEqualTo(1);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("line 2: invalid JSON", "line 3: missing field 'expectedId'");
        Files.writeString(q, "{\"query\":\"y\",\"expectedId\":\"no-such-entry\"}\n");
        err.reset();
        assertThat(run("--kb", SAMPLE_KB, "--queries", q.toString(), "--out", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 1: expectedId 'no-such-entry' is not in the KB file");
    }
    /**
     * {@code --outcomes} writes what offline experiments with the confidence model need, one line per question
     * and mode: numbers and hashes, never the question's own text (real questions are for measuring only).
     */
    @Test
    void outcomesAreWrittenPerQuestionWithoutTheirText() throws Exception {
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", dir.toString(), "--mode", "both",
                "--folds", "3", "--outcomes")).isZero();
        for (String mode : new String[] {"standard", "with-variants"}) {
            java.util.List<String> lines = Files.readAllLines(dir.resolve("outcomes-" + mode + ".tsv"));
            assertThat(lines).hasSize(61);
            String[] header = lines.get(0).split("\t");
            assertThat(header).startsWith("fold", "rank").contains(com.wecomassist.kb.search.ConfidenceModel.FEATURE_NAMES);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split("\t");
                assertThat(cells).hasSameSizeAs(header);
                assertThat(line).doesNotContainPattern("\\p{IsHan}");
                assertThat(Double.parseDouble(cells[java.util.Arrays.asList(header).indexOf("cf")])).isBetween(0.0, 1.0);
            }
        }
        // a run without the flag writes none
        Path plain = dir.resolve("plain");
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", plain.toString())).isZero();
        assertThat(plain.resolve("outcomes-standard.tsv")).doesNotExist();
    }

    @Test
    void adapterSidesMustBeNamed() {
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", dir.toString(), "--adapter-sides",
                "sideways")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--adapter-sides must be");
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", dir.toString(), "--adapter-sides",
                "both:0")).isEqualTo(2);
    }

    /**
     * A query adapter is fitted per knowledge base by default (as the gateway does); the sample KB is too
     * small to fit one on (268 phrasings): the harness says it kept the identity and, as the gateway does,
     * fits the shared map there instead; {@code --shared-map off} does not. {@code --query-adapter off} fits
     * nothing, and a map fitted on other vectors is refused before anything runs.
     */
    @Test
    void queryAdaptersAreFittedPerKnowledgeBaseOrReadAndChecked() throws Exception {
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", dir.toString(), "--shared-map", "off"))
                .isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("standard: query adapter left at the identity")
                .doesNotContain("shared map");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("queryAdapter=fit", "sharedMap=off");

        // by default the shared map is fitted where the query adapter stays the identity
        err.reset();
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", dir.toString())).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("standard: query adapter left at the identity",
                "shared map fitted on the KB's own phrasings and answers");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("sharedMap=on");
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", dir.toString(), "--shared-map", "yes"))
                .isEqualTo(2);

        err.reset();
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", dir.toString(), "--query-adapter", "off"))
                .isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("query adapter");
        assertThat(Files.readString(dir.resolve("report.md"))).doesNotContain("queryAdapter");

        Path other = dir.resolve("other.bin");
        com.wecomassist.kb.search.QueryAdapter.of(new float[][] {{1, 0}, {0, 1}}, "some-other-model").write(other);
        err.reset();
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", dir.toString(), "--query-adapter",
                other.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fitted on vectors of 'some-other-model'");

        // a shared map is no query adapter: refused before anything runs
        Path shared = dir.resolve("shared.bin");
        com.wecomassist.kb.search.QueryAdapter.of(new float[][] {{1, 0}, {0, 1}},
                com.wecomassist.kb.search.EmbeddingModels.BGE_SMALL_ZH).forBothSides().write(shared);
        err.reset();
        assertThat(run("--kb", SAMPLE_KB, "--queries", SAMPLE_QUERIES, "--out", dir.toString(), "--query-adapter",
                shared.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("a shared map is not a query adapter");
    }
}
