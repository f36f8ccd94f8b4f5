package com.wecomassist.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's latencies are of its own window, not Micrometer's two minutes: an answer of a few
 * minutes ago still counts, and a window without answers shows no percentile rather than 0.0 ms.
 */
class PipelineLatencyWindowTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    PipelineLatencyWindowTest() {
        meters.config().meterFilter(new PipelineLatencyWindow(Duration.ofMinutes(15)));
    }

    private Timer timer(String name) {
        return Timer.builder(name).publishPercentiles(0.5, 0.99).register(meters);
    }

    @Test
    void anAnswerOfFiveMinutesAgoStillHasItsPercentiles() {
        Timer stage = timer("assist.pipeline.latency");
        stage.record(Duration.ofMillis(120));
        clock.add(Duration.ofMinutes(5));

        DashboardController.Latency latency = DashboardController.percentiles(stage);
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.mean()).isEqualTo(120.0);
        assertThat(latency.p50()).isGreaterThan(100.0);
        assertThat(latency.p99()).isGreaterThan(100.0);
    }

    @Test
    void aWindowWithoutAnswersHasNoPercentilesButKeepsTheCountAndMean() {
        Timer stage = timer("assist.pipeline.stage");
        stage.record(Duration.ofMillis(40));
        clock.add(Duration.ofMinutes(16));

        DashboardController.Latency latency = DashboardController.percentiles(stage);
        assertThat(latency.p50()).isNull();
        assertThat(latency.p99()).isNull();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.mean()).isEqualTo(40.0);
    }

    @Test
    void otherTimersKeepMicrometersWindow() {
        Timer ack = timer("assist.callback.ack");
        ack.record(Duration.ofMillis(5));
        clock.add(Duration.ofMinutes(5));

        assertThat(DashboardController.percentiles(ack).p50()).isNull();
    }
}
