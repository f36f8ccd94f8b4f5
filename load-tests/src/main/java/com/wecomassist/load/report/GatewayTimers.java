package com.wecomassist.load.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's own timers, read from its Prometheus page at the end of a run: the callback ack
 * ({@code assist.callback.ack}), the whole pipeline ({@code assist.pipeline.latency}) and each stage
 * ({@code assist.pipeline.stage{stage}}): count, mean, max and the p50/p99 the gateway publishes.
 * Micrometer's percentiles decay: they describe roughly the last minute or two of the run, which is
 * its steady part; count and mean cover the whole run.
 */
public final class GatewayTimers {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String[] TIMERS = {"assist_callback_ack_seconds", "assist_pipeline_latency_seconds",
        "assist_pipeline_stage_seconds"};

    private GatewayTimers() {
    }

    /** Reads the gateway's timers; an empty map when the page cannot be read (the report says so). */
    public static Map<String, Object> fetch(String gatewayUrl) {
        String page = get(gatewayUrl + "/actuator/prometheus");
        return page == null ? Map.of() : parse(page);
    }

    /**
     * GET on the gateway as its load-test admin ({@code LOAD_GATEWAY_USER}, HTTP Basic: the metrics and
     * the API need a login; ./assist load starts the gateway with one); null unless it answers 200.
     */
    public static String get(String url) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
            String user = System.getenv("LOAD_GATEWAY_USER");
            if (user != null && !user.isBlank()) {
                String pair = user + ":" + System.getenv().getOrDefault("LOAD_GATEWAY_PASSWORD", "");
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The sum of one counter's samples whose labels include {@code labels}, from a Prometheus page
     * ({@code assist_approval_sla_breaches_total} …); 0 when absent.
     */
    public static double counter(String prometheus, String metric, Map<String, String> labels) {
        return counterByLabel(prometheus, metric, labels, null).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** One counter's samples summed by the value of one label ({@code purpose} → count); all under "" when null. */
    public static Map<String, Double> counterByLabel(String prometheus, String metric, Map<String, String> labels,
                                                     String byLabel) {
        Map<String, Double> out = new TreeMap<>();
        if (prometheus == null) {
            return out;
        }
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.find() || !m.group(1).equals(metric)) {
                continue;
            }
            Map<String, String> found = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    found.put(l.group(1), l.group(2));
                }
            }
            if (!found.entrySet().containsAll(labels.entrySet())) {
                continue;
            }
            try {
                out.merge(byLabel == null ? "" : found.getOrDefault(byLabel, ""), Double.parseDouble(m.group(3)), Double::sum);
            } catch (NumberFormatException e) {
                // NaN and the like: not a count
            }
        }
        return out;
    }

    /** Timer ("callback ack", "pipeline", "stage draft" …) → count, mean_ms, max_ms, p50_ms, p99_ms. */
    public static Map<String, Object> parse(String prometheus) {
        Map<String, Map<String, Double>> raw = new TreeMap<>();
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.find()) {
                continue;
            }
            String name = m.group(1);
            String timer = null;
            String part = null;
            for (String t : TIMERS) {
                if (name.equals(t)) {
                    timer = t;
                    part = "quantile";
                } else if (name.equals(t + "_count") || name.equals(t + "_sum") || name.equals(t + "_max")) {
                    timer = t;
                    part = name.substring(t.length() + 1);
                }
            }
            if (timer == null) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            double value;
            try {
                value = Double.parseDouble(m.group(3));
            } catch (NumberFormatException e) {
                continue;
            }
            String key = switch (timer) {
                case "assist_callback_ack_seconds" -> "callback ack";
                case "assist_pipeline_latency_seconds" -> "pipeline";
                default -> "stage " + labels.getOrDefault("stage", "?");
            };
            String field = part.equals("quantile") ? "p" + quantileName(labels.get("quantile")) : part;
            raw.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(field, value, Double::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((key, f) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            double count = f.getOrDefault("count", 0.0);
            t.put("count", (long) count);
            t.put("mean_ms", count == 0 ? null : Window.round(1000 * f.getOrDefault("sum", 0.0) / count));
            t.put("max_ms", f.containsKey("max") ? Window.round(1000 * f.get("max")) : null);
            t.put("p50_ms", f.containsKey("p50") ? Window.round(1000 * f.get("p50")) : null);
            t.put("p99_ms", f.containsKey("p99") ? Window.round(1000 * f.get("p99")) : null);
            out.put(key, t);
        });
        return out;
    }

    private static String quantileName(String q) {
        if (q == null) {
            return "?";
        }
        try {
            double v = Double.parseDouble(q) * 100;
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        } catch (NumberFormatException e) {
            return q;
        }
    }

    /** A Markdown table of the timers, or a line saying they could not be read. */
    @SuppressWarnings("unchecked")
    public static String markdown(Map<String, Object> timers) {
        if (timers == null || timers.isEmpty()) {
            return "The gateway's own timers could not be read (/actuator/prometheus).\n";
        }
        StringBuilder md = new StringBuilder("Measured inside the gateway (its Micrometer timers; p50/p99 decay, so they "
                + "describe about the last minute or two of the run; count and mean cover all of it):\n\n"
                + "| timer | count | mean (ms) | p50 (ms) | p99 (ms) | max (ms) |\n|---|---|---|---|---|---|\n");
        timers.forEach((name, value) -> {
            Map<String, Object> t = (Map<String, Object>) value;
            md.append("| ").append(name).append(" | ").append(t.get("count")).append(" | ").append(cell(t.get("mean_ms")))
                    .append(" | ").append(cell(t.get("p50_ms"))).append(" | ").append(cell(t.get("p99_ms")))
                    .append(" | ").append(cell(t.get("max_ms"))).append(" |\n");
        });
        return md.toString();
    }

    private static String cell(Object v) {
        return v == null ? "–" : v.toString();
    }
}
