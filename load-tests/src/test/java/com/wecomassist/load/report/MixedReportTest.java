package com.wecomassist.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.stub.Json;
import com.wecomassist.load.stub.WecomApiStub.SendRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixedReportTest {

    private static final long T0 = 1_700_000_000_000L;

    private static final String PROMETHEUS = """
            # TYPE assist_approval_sla_breaches_total counter
            assist_approval_sla_breaches_total{application="wecom-assist"} 3.0
            assist_outbound_sent_total{application="wecom-assist",purpose="answer"} 40.0
            assist_outbound_sent_total{application="wecom-assist",purpose="holding"} 2.0
            assist_outbound_sent_total{application="other",purpose="answer"} 1.0
            """;

    @Test
    void sumsCountersFromThePrometheusPage() {
        assertThat(GatewayTimers.counter(PROMETHEUS, "assist_approval_sla_breaches_total", Map.of())).isEqualTo(3.0);
        assertThat(GatewayTimers.counterByLabel(PROMETHEUS, "assist_outbound_sent_total",
                Map.of("application", "wecom-assist"), "purpose")).containsExactlyInAnyOrderEntriesOf(Map.of("answer", 40.0, "holding", 2.0));
        assertThat(GatewayTimers.counter(null, "assist_outbound_sent_total", Map.of())).isZero();
    }

    @Test
    void samplesTheQueueDepthHeldDraftsAndTheOldestWait() {
        Instant now = Instant.parse("2026-11-24T10:00:30Z");
        String queue = """
                [{"draft":{"draftId":"d1","enqueuedAt":"2026-11-24T10:00:00Z"},"claim":{"agentId":"agent01","leaseUntil":"2026-11-24T10:02:00Z"}},
                 {"draft":{"draftId":"d2","enqueuedAt":1795514410.5},"claim":null},
                 {"draft":{"draftId":"d3","enqueuedAt":"2026-11-24T10:00:20Z"}}]
                """;
        ApprovalQueueSampler.Sample s = ApprovalQueueSampler.sample(4, queue, PROMETHEUS, now);
        assertThat(s.depth()).isEqualTo(3);
        assertThat(s.claimed()).isEqualTo(1);
        assertThat(s.oldestWaitSeconds()).isEqualTo(30.0);
        assertThat(s.slaBreaches()).isEqualTo(3.0);
        assertThat(ApprovalQueueSampler.instant(Json.tree("1700000000.25"))).isEqualTo(Instant.ofEpochMilli(1_700_000_000_250L));
        ApprovalQueueSampler.Sample unreadable = ApprovalQueueSampler.sample(5, null, null, now);
        assertThat(unreadable.depth()).isNaN();
        assertThat(unreadable.slaBreaches()).isNaN();
    }

    @Test
    void matchesEachApprovalToTheFirstReplyAfterTheClick() {
        List<SendRecord> sends = List.of(
                new SendRecord(T0 + 500, 1, "wk", "u1", "early", 10, "text"),
                new SendRecord(T0 + 1200, 1, "wk", "u1", "approved-1", 10, "text"),
                new SendRecord(T0 + 1300, 1, "wk", "u2", "other-customer", 10, "text"),
                new SendRecord(T0 + 5100, 1, "wk", "u1", "approved-2", 10, "text"));
        MixedReport.Approval first = new MixedReport.Approval("wk", "u1", "d1", T0 - 20_000, T0 + 1000);
        MixedReport.Approval second = new MixedReport.Approval("wk", "u1", "d2", T0 - 10_000, T0 + 1100);
        MixedReport.Approval unseen = new MixedReport.Approval("wk", "u3", "d3", T0, T0 + 2000);
        Map<MixedReport.Approval, SendRecord> delivered = MixedReport.deliveries(List.of(second, first, unseen), sends);
        assertThat(delivered).containsOnlyKeys(first, second);
        assertThat(delivered.get(first).msgid()).isEqualTo("approved-1");
        assertThat(delivered.get(second).msgid()).isEqualTo("approved-2");
    }

    @Test
    void writesQueueDepthSlaBreachesAndRepliesByRoute(@TempDir Path dir) throws Exception {
        List<SendRecord> sends = new ArrayList<>();
        List<MixedReport.Approval> approvals = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            for (int i = 0; i < 10; i++) {
                sends.add(new SendRecord(T0 + s * 1000L + i * 10, 1_600_000, "wk", "auto" + i, "m" + s + "_" + i, 30, "text"));
            }
            // one approval a second: queued 15 s before, sent 200 ms after the click
            approvals.add(new MixedReport.Approval("wk", "unsure" + s, "d" + s, T0 + s * 1000L - 15_000, T0 + s * 1000L + 500));
            sends.add(new SendRecord(T0 + s * 1000L + 700, 16_000_000, "wk", "unsure" + s, "a" + s, 30, "text"));
        }
        List<ApprovalQueueSampler.Sample> queue = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            queue.add(new ApprovalQueueSampler.Sample(s, s < 30 ? s : 60 - s, 5, 15, s < 40 ? 0 : 2));
        }
        Recorder recorder = new Recorder();
        recorder.record("reply unsure", T0 + 20_000, 16_000_000, true);
        recorder.record("reply confident", T0 + 20_000, 1_600_000, true);
        MixedReport.Run run = new MixedReport.Run(300, 20, 8, 20, "60s", 0.3, T0 + 10_000, T0 + 50_000,
                Map.of("held", 1000), Map.of("sla_breaches", 2.0), Map.of(), "the same question every turn", Map.of(), Map.of(), false);
        MixedReport.write(dir, run, sends, approvals, recorder, queue, List.of(new GatewayGauges.Sample(0, 30, 300)), "");

        JsonNode summary = Json.tree(Files.readString(dir.resolve("summary.json")));
        assertThat(summary.path("scenario").asText()).isEqualTo("mixed with people");
        assertThat(summary.path("replies_steady_window").path("per_second").asDouble()).isEqualTo(11.0);
        assertThat(summary.path("replies_steady_window").path("approved_by_agents_per_second").asDouble()).isEqualTo(1.0);
        assertThat(summary.path("replies_steady_window").path("sent_by_the_machine_per_second").asDouble()).isEqualTo(10.0);
        assertThat(summary.path("approval_latency_ms").path("queued_to_approved").path("p50").asDouble()).isEqualTo(15_500.0);
        assertThat(summary.path("approval_latency_ms").path("approved_to_send_msg").path("p99").asDouble()).isEqualTo(200.0);
        assertThat(summary.path("max_queue_depth").asDouble()).isEqualTo(30.0);
        assertThat(summary.path("sla_breaches").asDouble()).isEqualTo(2.0);
        assertThat(summary.path("queue_over_time")).hasSize(60);
        assertThat(summary.path("queue_over_time").path(29).path(1).asDouble()).isEqualTo(29.0);
        String md = Files.readString(dir.resolve("summary.md"));
        assertThat(md).contains("![queue](queue.svg)", "![sla](sla.svg)", "![replies](replies.svg)", "| queue depth, max | 30.0 |");
        for (String chart : List.of("queue.svg", "sla.svg", "replies.svg", "gateway-heap.svg")) {
            assertThat(Files.readString(dir.resolve(chart))).startsWith("<svg").contains("<path");
        }
    }

    @Test
    void setsTheRoundsSideBySideWithTheScaling(@TempDir Path dir) throws Exception {
        Map<String, JsonNode> rounds = new java.util.LinkedHashMap<>();
        rounds.put("embedded-1", Json.tree("""
                {"customers":1000,"llm_latency_seconds":1.5,"mode":"embedded","instances":1,"replies_per_second":400.0,
                 "share_of_limit":0.6,"end_to_end_latency_hold_to_send":{"p50_ms":1700.0,"p99_ms":2500.0},
                 "gateway_cpu_steady":{"cpu_seconds":90.0,"replies":18000,"ms_per_reply":5.0},
                 "gateway_timers":{"stage route":{"mean_ms":0.5,"p99_ms":2.0}}}"""));
        rounds.put("cluster-1", Json.tree("""
                {"mode":"cluster","instances":1,"replies_per_second":300.0,"share_of_limit":0.45,
                 "cluster_cost":{"redis_commands_per_message":14.5,"kafka_records_per_message":4.0,"kafka_bytes_per_message":2100.0},
                 "gateway_cpu_steady":{"cpu_seconds":80.0,"replies":12800,"ms_per_reply":6.25},
                 "gateway_timers":{"stage route":{"mean_ms":3.0,"p99_ms":9.0}}}"""));
        rounds.put("cluster-2", Json.tree("""
                {"mode":"cluster","instances":2,"replies_per_second":450.0,"share_of_limit":0.675,
                 "cluster_cost":{"redis_commands_per_message":15.0,"kafka_records_per_message":4.0,"kafka_bytes_per_message":2150.0},
                 "gateway_timers":{"stage route":{"mean_ms":4.0,"p99_ms":12.0}}}"""));
        ScalingReport.write(dir, rounds);
        JsonNode summary = Json.tree(Files.readString(dir.resolve("summary.json")));
        assertThat(summary.path("scaling").path("cluster_1_over_embedded_1").asDouble()).isEqualTo(0.75);
        assertThat(summary.path("scaling").path("cluster_2_over_cluster_1").asDouble()).isEqualTo(1.5);
        // 5.0 ms of gateway CPU per reply embedded, 6.25 in cluster mode: 80 % on cores of its own
        assertThat(summary.path("scaling").path("embedded_1_cpu_over_cluster_1_cpu").asDouble()).isEqualTo(0.8);
        assertThat(summary.path("stages").path("stage route").path("cluster-2").path("p99_ms").asDouble()).isEqualTo(12.0);
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("| [cluster-1](cluster-1/summary.md) | cluster | 1 | 300.0 | 45 % |",
                "| 14.5 | 4.0 | 2100.0 | 6.25 |", "| stage route | 0.5 / 2.0 | 3.0 / 9.0 | 4.0 / 12.0 |", "150 %");
    }
}
