package com.wecomassist.dashboard;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;

/**
 * How far back the pipeline's latency percentiles and maximum look ({@code assist.pipeline.stage}
 * and {@code assist.pipeline.latency}). Micrometer keeps them over a sliding window that is two
 * minutes by default: a dashboard opened a few minutes after the last answer read every percentile
 * as 0.0 ms. The dashboard's window is {@code assist.dashboard.latency-window} instead, and it says
 * so; a window without answers has no percentiles (not zeros). Counts and means stay cumulative.
 */
final class PipelineLatencyWindow implements MeterFilter {

    static final String PIPELINE_METERS = "assist.pipeline.";
    /** The window turns in this many steps: it covers between 4/5 of its length and all of it. */
    static final int STEPS = 5;

    private final Duration window;

    PipelineLatencyWindow(Duration window) {
        this.window = window;
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().startsWith(PIPELINE_METERS)) {
            return config;
        }
        return DistributionStatisticConfig.builder().expiry(window).bufferLength(STEPS).build().merge(config);
    }
}
