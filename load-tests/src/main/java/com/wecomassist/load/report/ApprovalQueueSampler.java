package com.wecomassist.load.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.stub.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Samples the gateway's approval queue once a second while scenario 4 runs: its depth and how many
 * drafts agents hold ({@code GET /api/approvals}, as the load-test admin), the oldest draft's wait,
 * and the SLA breaches so far ({@code assist_approval_sla_breaches_total} on /actuator/prometheus).
 * One daemon thread; stops at {@link #stop} or after {@code maxSamples}.
 */
public final class ApprovalQueueSampler {

    /** One sample; NaN where the gateway did not answer. */
    public record Sample(double seconds, double depth, double claimed, double oldestWaitSeconds, double slaBreaches) {
    }

    private final EverySecond<Sample> sampler;

    public ApprovalQueueSampler(String gatewayUrl) {
        this.sampler = new EverySecond<>("approval-queue-sampler", seconds -> sample(seconds,
                GatewayTimers.get(gatewayUrl + "/api/approvals"), GatewayTimers.get(gatewayUrl + "/actuator/prometheus"),
                Instant.now()));
    }

    public void start(int maxSamples) {
        sampler.start(maxSamples);
    }

    public List<Sample> stop() {
        return sampler.stop();
    }

    /** One sample from the queue's JSON (an array of {@code {draft, claim}}) and the Prometheus page (either may be null). */
    static Sample sample(double seconds, String queueJson, String prometheus, Instant now) {
        double depth = Double.NaN;
        double claimed = Double.NaN;
        double oldest = Double.NaN;
        if (queueJson != null) {
            JsonNode queue = Json.tree(queueJson);
            depth = queue.size();
            claimed = 0;
            oldest = 0;
            for (JsonNode waiting : queue) {
                if (!waiting.path("claim").isNull() && !waiting.path("claim").isMissingNode()) {
                    claimed++;
                }
                Instant enqueued = instant(waiting.path("draft").path("enqueuedAt"));
                if (enqueued != null) {
                    oldest = Math.max(oldest, (now.toEpochMilli() - enqueued.toEpochMilli()) / 1000.0);
                }
            }
        }
        double breaches = prometheus == null ? Double.NaN
                : GatewayTimers.counter(prometheus, "assist_approval_sla_breaches_total", Map.of());
        return new Sample(seconds, depth, claimed, oldest, breaches);
    }

    /** An Instant as the gateway writes it: ISO-8601 text, or epoch seconds (with a fraction). */
    public static Instant instant(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            double seconds = node.asDouble();
            return Instant.ofEpochSecond((long) Math.floor(seconds), Math.round((seconds - Math.floor(seconds)) * 1e9));
        }
        try {
            return Instant.parse(node.asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
