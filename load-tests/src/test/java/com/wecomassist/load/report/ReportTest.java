package com.wecomassist.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.stub.Json;
import com.wecomassist.load.stub.WecomApiStub.SendRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportTest {

    private static final long T0 = 1_700_000_000_000L;

    /** Offered 100, 200, 300 … per second for 4 s each; {@code capacity} answered per second, 1 ms each below it. */
    private static void steps(Recorder recorder, String series, int capacity, long t0) {
        for (int level = 0; level < 5; level++) {
            int offered = 100 * (level + 1);
            for (int second = 0; second < 4; second++) {
                long start = t0 + (level * 4L + second) * 1000;
                for (int i = 0; i < offered; i++) {
                    boolean ok = i < capacity;
                    long latency = offered <= capacity ? 1000 + (i % 50 == 0 ? 9000 : 0) : 800_000;
                    recorder.record(series, start + i * 1000L / offered, ok ? latency : -1, ok);
                }
            }
        }
    }

    @Test
    void findsTheHighestSustainedLevelAndLatencyAtHalfOfIt() {
        Recorder recorder = new Recorder();
        steps(recorder, "gateway", 300, T0);
        StepAnalysis.Result r = StepAnalysis.analyse("gateway", recorder.samples("gateway"), 0, 100, 100, 5, 4000, 500);
        assertThat(r.levels()).hasSize(5);
        assertThat(r.maxSustained().offeredPerSecond()).isEqualTo(300);
        assertThat(r.maxSustainedPerSecond()).isBetween(290.0, 310.0);
        assertThat(r.levels().get(3).sustained()).isFalse();
        assertThat(r.atHalf().offeredPerSecond()).isIn(100.0, 200.0);
        assertThat(r.maxSustained().window().p50Ms()).isEqualTo(1.0);
        assertThat(r.maxSustained().window().p99Ms()).isEqualTo(10.0);
    }

    private static final String PROMETHEUS = """
            # HELP assist_pipeline_stage_seconds
            # TYPE assist_pipeline_stage_seconds summary
            assist_pipeline_stage_seconds{application="wecom-assist",stage="draft",quantile="0.5"} 1.5
            assist_pipeline_stage_seconds{application="wecom-assist",stage="draft",quantile="0.99"} 1.75
            assist_pipeline_stage_seconds_count{application="wecom-assist",stage="draft"} 4.0
            assist_pipeline_stage_seconds_sum{application="wecom-assist",stage="draft"} 6.4
            assist_pipeline_stage_seconds_max{application="wecom-assist",stage="draft"} 1.9
            assist_pipeline_stage_seconds_count{application="wecom-assist",stage="retrieve"} 4.0
            assist_pipeline_stage_seconds_sum{application="wecom-assist",stage="retrieve"} 0.04
            assist_callback_ack_seconds{application="wecom-assist",quantile="0.5"} 0.001
            assist_callback_ack_seconds_count{application="wecom-assist"} 10.0
            assist_callback_ack_seconds_sum{application="wecom-assist"} 0.02
            jvm_threads_live_threads{application="wecom-assist"} 27.0
            """;

    @Test
    @SuppressWarnings("unchecked")
    void readsTheGatewaysStageTimersFromItsPrometheusPage() {
        Map<String, Object> timers = GatewayTimers.parse(PROMETHEUS);
        assertThat(timers).containsOnlyKeys("callback ack", "stage draft", "stage retrieve");
        Map<String, Object> draft = (Map<String, Object>) timers.get("stage draft");
        assertThat(draft).containsEntry("count", 4L).containsEntry("mean_ms", 1600.0).containsEntry("p50_ms", 1500.0)
                .containsEntry("p99_ms", 1750.0).containsEntry("max_ms", 1900.0);
        assertThat((Map<String, Object>) timers.get("callback ack")).containsEntry("mean_ms", 2.0).containsEntry("p50_ms", 1.0);
        assertThat(GatewayTimers.markdown(timers)).contains("| stage draft | 4 | 1600.0 | 1500.0 | 1750.0 | 1900.0 |");
        assertThat(GatewayTimers.markdown(Map.of())).contains("could not be read");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] micros = new long[100];
        for (int i = 0; i < 100; i++) {
            micros[i] = (i + 1) * 1000L;
        }
        assertThat(Window.percentile(micros, 50)).isEqualTo(50.0);
        assertThat(Window.percentile(micros, 99)).isEqualTo(99.0);
        assertThat(Window.percentile(new long[0], 50)).isNaN();
    }

    @Test
    void writesValidJsonMarkdownAndSvgForTheIngestScenario(@TempDir Path dir) throws Exception {
        Recorder recorder = new Recorder();
        steps(recorder, "bare", 450, T0);
        steps(recorder, "gateway", 300, T0 + 30_000);
        IngestReport.write(dir, recorder, new IngestReport.Plan(0, 100, 100, 5, 4, 500), List.of("bare", "gateway"),
                "smoke run on a shared, busy machine, not a result", Map.of());

        JsonNode summary = Json.MAPPER.readTree(Files.readString(dir.resolve("summary.json")));
        assertThat(summary.path("scenario").asText()).isEqualTo("callback-ingest");
        assertThat(summary.path("machine").path("cores").asInt()).isPositive();
        assertThat(summary.path("machine").path("memory_bytes").asLong()).isPositive();
        assertThat(summary.path("series").path(0).path("series").asText()).isEqualTo("bare");
        assertThat(summary.path("series").path(0).path("max_sustained_offered_per_second").asDouble()).isEqualTo(400);
        assertThat(summary.path("series").path(1).path("max_sustained_offered_per_second").asDouble()).isEqualTo(300);
        assertThat(summary.path("targets").path("gateway_share_of_ceiling").asDouble()).isBetween(0.7, 0.8);
        assertThat(summary.path("series").path(1).path("levels")).hasSize(5);

        String md = Files.readString(dir.resolve("summary.md"));
        assertThat(md).contains("# Load test: callback-ingest", "| cores |", "| memory |", "| commit |",
                "smoke run on a shared, busy machine", "![throughput](throughput.svg)", "![latency](latency.svg)");
        assertValidSvg(dir.resolve("throughput.svg"));
        assertValidSvg(dir.resolve("latency.svg"));
    }

    @Test
    void writesTheConversationsReportAgainstLittlesLaw(@TempDir Path dir) throws Exception {
        List<SendRecord> sends = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            for (int i = 0; i < 600; i++) {
                sends.add(new SendRecord(T0 + s * 1000L + i, 1_600_000 + i, "wk", "wm" + i, "m" + s + "_" + i, 30, "text"));
            }
        }
        Recorder recorder = new Recorder();
        recorder.record("reply", T0 + 20_000, 1_700_000, true);
        ConversationsReport.Run run = new ConversationsReport.Run(1000, 1.5, T0 + 10_000, T0 + 50_000,
                Map.<String, Object>of("sends", 36000), Map.<String, Object>of("requests", 36000),
                Map.<String, Object>of("count", 3.0), GatewayTimers.parse(PROMETHEUS));
        ConversationsReport.write(dir, run, sends, recorder,
                List.of(new GatewayGauges.Sample(0, 40, 200), new GatewayGauges.Sample(1, 42, Double.NaN)), "");

        JsonNode summary = Json.MAPPER.readTree(Files.readString(dir.resolve("summary.json")));
        assertThat(summary.path("littles_law_limit_per_second").asDouble()).isEqualTo(666.67);
        assertThat(summary.path("replies_per_second").asDouble()).isEqualTo(600.0);
        assertThat(summary.path("share_of_limit").asDouble()).isEqualTo(0.9);
        assertThat(summary.path("end_to_end_latency_hold_to_send").path("p50_ms").asDouble()).isBetween(1600.0, 1601.0);
        assertThat(summary.path("gateway_jvm").path("max_live_threads").asDouble()).isEqualTo(42);
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("Little's-law limit", "![replies](replies.svg)",
                "| stage draft |");
        assertThat(summary.path("gateway_timers").path("stage draft").path("p99_ms").asDouble()).isEqualTo(1750.0);
        assertValidSvg(dir.resolve("replies.svg"));
        assertValidSvg(dir.resolve("latency.svg"));
        assertValidSvg(dir.resolve("gateway-jvm.svg"));
    }

    @Test
    void chartsEscapeTextAndSkipGaps() throws Exception {
        String svg = new SvgChart("a < b & \"c\"", "x", "y")
                .series("s", List.of(new double[] {0, 1}, new double[] {1, Double.NaN}, new double[] {2, 3})).render();
        assertThat(svg).contains("a &lt; b &amp; &quot;c&quot;");
        assertThat(svg.split(" M").length).isEqualTo(2);
        parse(svg);
    }

    private static void assertValidSvg(Path file) throws Exception {
        Document doc = parse(Files.readString(file));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getElementsByTagName("path").getLength()).isPositive();
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
