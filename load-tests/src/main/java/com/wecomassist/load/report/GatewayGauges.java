package com.wecomassist.load.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.stub.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-gauges");
        t.setDaemon(true);
        return t;
    });
    private long startNanos;

    public GatewayGauges(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    public void start(int maxSamples) {
        startNanos = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            synchronized (samples) {
                if (samples.size() >= maxSamples) {
                    timer.shutdown();
                    return;
                }
            }
            Sample s = new Sample((System.nanoTime() - startNanos) / 1e9, metric("jvm.threads.live", ""),
                    metric("jvm.memory.used", "?tag=area:heap") / (1024 * 1024));
            synchronized (samples) {
                samples.add(s);
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    public List<Sample> stop() {
        timer.shutdownNow();
        synchronized (samples) {
            return List.copyOf(samples);
        }
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
        try {
            HttpResponse<String> r = http.send(GatewayLogin.authorize(HttpRequest.newBuilder(
                    URI.create(gatewayUrl + "/actuator/metrics/" + name + query)).timeout(Duration.ofSeconds(2)).GET()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Json.tree(r.body()) : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
