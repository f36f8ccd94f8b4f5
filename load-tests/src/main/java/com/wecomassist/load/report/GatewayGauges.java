package com.wecomassist.load.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.stub.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the gateway's live threads and heap once a second through its actuator
 * ({@code /actuator/metrics/jvm.threads.live}, {@code jvm.memory.used?tag=area:heap}) while a
 * scenario runs, and reads the GC pause totals at the end. One daemon thread; stops at {@link #stop}
 * or after {@code maxSamples}.
 */
public final class GatewayGauges {

    /** One sample: seconds since the start, live threads, heap used in MiB (NaN when unreadable). */
    public record Sample(double seconds, double liveThreads, double heapMiB) {
    }

    private final String gatewayUrl;
    private final EverySecond<Sample> sampler;

    public GatewayGauges(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
        this.sampler = new EverySecond<>("gateway-gauges", seconds -> new Sample(seconds,
                metric("jvm.threads.live", ""), metric("jvm.memory.used", "?tag=area:heap") / (1024 * 1024)));
    }

    public void start(int maxSamples) {
        sampler.start(maxSamples);
    }

    public List<Sample> stop() {
        return sampler.stop();
    }

    /** GC pauses so far: count and total seconds ("jvm.gc.pause"), empty when unreadable. */
    public Map<String, Object> gcPauses() {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonNode node = read("jvm.gc.pause", "");
        if (node != null) {
            for (JsonNode measurement : node.path("measurements")) {
                m.put(measurement.path("statistic").asText().toLowerCase(java.util.Locale.ROOT), measurement.path("value").asDouble());
            }
        }
        return m;
    }

    private double metric(String name, String query) {
        JsonNode node = read(name, query);
        return node == null ? Double.NaN : node.path("measurements").path(0).path("value").asDouble(Double.NaN);
    }

    private JsonNode read(String name, String query) {
        String page = GatewayTimers.get(gatewayUrl + "/actuator/metrics/" + name + query);
        return page == null ? null : Json.tree(page);
    }
}
