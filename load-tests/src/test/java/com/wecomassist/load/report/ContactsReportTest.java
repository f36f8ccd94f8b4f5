package com.wecomassist.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.load.stub.Json;
import com.wecomassist.load.stub.WelcomeArrivals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactsReportTest {

    @TempDir
    Path dir;

    @Test
    void countsWelcomesWithinTheLifetimeLateAndNeverAndTheirPercentiles() {
        List<ContactsReport.Posted> posted = new ArrayList<>();
        List<WelcomeArrivals.Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String code = WelcomeArrivals.code(10_000L + i, i);
            posted.add(new ContactsReport.Posted(code, "contact:e:c" + i, 10_000L + i, i == 5 ? 503 : 200));
            if (i == 7) {
                continue; // never welcomed
            }
            long latency = i == 9 ? 21_000 : 100 + i; // one late
            arrivals.add(new WelcomeArrivals.Arrival(code, 10_000L + i, 10_000L + i + latency, i == 9 ? 41050 : 0, 10));
        }
        Map<String, Object> f = ContactsReport.welcomeFigures(posted, arrivals, Duration.ofSeconds(20));
        assertThat(f).containsEntry("adds", 1000).containsEntry("welcomed_within_lifetime", 998)
                .containsEntry("welcomed_late", 1).containsEntry("never_welcomed", 1).containsEntry("callbacks_not_200", 1)
                .containsEntry("share_within_lifetime", 0.998).containsEntry("target_met", false);
        assertThat(f.get("latency_max_ms")).isEqualTo(21_000L);
        assertThat((Long) f.get("latency_p50_ms")).isBetween(590L, 610L);
        assertThat(f.get("never_welcomed_codes")).isEqualTo(List.of(WelcomeArrivals.code(10_007L, 7)));
    }

    @Test
    void tellsTheColdStartFromTheWarmGatewayAndChartsPercentilesPerSecond() {
        List<WelcomeArrivals.Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long posted = 1_000L + i * 1000L;
            arrivals.add(new WelcomeArrivals.Arrival("c" + i, posted, posted + (i < 15 ? 3000 : 10), 0, 5));
        }
        Map<String, Object> warm = ContactsReport.latencyFrom(arrivals, 1_000L, 15);
        assertThat(warm).containsEntry("welcomes", 15).containsEntry("max_ms", 10L).containsEntry("p99_ms", 10L);
        Map<String, List<double[]>> bySecond = ContactsReport.latencyBySecond(arrivals, 1_000L);
        assertThat(bySecond.get("max")).hasSize(30);
        assertThat(bySecond.get("p50").get(0)).containsExactly(0, 3000);
        assertThat(bySecond.get("p99").get(29)).containsExactly(29, 10);
    }

    @Test
    void aSyncAtThePaceIsSaidToBeLimitedByItAndTheDirectoryCheckedComplete() throws Exception {
        var progress = Json.tree("{\"status\":\"FINISHED\",\"pages\":1600,\"customers\":160000,\"errors\":0,"
                + "\"startedAt\":\"2026-12-07T03:00:00Z\",\"finishedAt\":\"2026-12-07T03:00:10.000Z\"}");
        ContactsReport.SyncRun run = new ContactsReport.SyncRun(160_000, 100, 160, progress,
                List.of(new ContactsReport.SyncPoll(0, 0, 0, "RUNNING"), new ContactsReport.SyncPoll(10, 160_000, 1600, "FINISHED")),
                300, 1024, 160_000, 100, 0, 50, 0, Map.of(), Map.of(), "embedded", Double.NaN, 100, 0);
        List<GatewayGauges.Sample> jvm = List.of(new GatewayGauges.Sample(0, 40, 100), new GatewayGauges.Sample(1, 42, 700));
        Map<String, Object> f = ContactsReport.syncFigures(run, jvm, List.of(new ContactsReport.CpuSample(0, 0.4, 0.9)));
        assertThat(f).containsEntry("customers_per_second", 16_000.0).containsEntry("duration_seconds", 10.0)
                .containsEntry("limited_by", "pace").containsEntry("share_of_pace_ceiling", 1.0)
                .containsEntry("heap_peak_mib", 700.0).containsEntry("directory_complete", true)
                .containsEntry("heap_after_gc_bytes_per_customer", 1310.72); // 200 MiB over 160,000
        ContactsReport.writeSync(dir, run, jvm, List.of(), "test");
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("**16000.0**").contains("— complete");
        // half the pace: the gateway (or the machine) set the speed; a missing relationship is reported
        ContactsReport.SyncRun slow = new ContactsReport.SyncRun(160_000, 100, 320, progress, List.of(), Double.NaN, 1024,
                159_999, 100, 1, 50, 0, Map.of(), Map.of(), "cluster", 150.0, Double.NaN, 0);
        Map<String, Object> g = ContactsReport.syncFigures(slow, jvm, List.of());
        assertThat(g).containsEntry("limited_by", "gateway or machine").containsEntry("directory_complete", false)
                .containsEntry("redis_bytes_per_customer", 983.04);
        assertThat(ContactsReport.limitedBy(30, 160, 30)).startsWith("WeCom's answer time");
        assertThat(ContactsReport.limitedBy(155, 160, 5)).isEqualTo("pace");
        assertThat(ContactsReport.limitedBy(100, 160, 2)).isEqualTo("gateway or machine");
        assertThat(ContactsReport.instant("1796612400.5")).isEqualTo(java.time.Instant.ofEpochMilli(1_796_612_400_500L));
    }
}
