package com.wecomassist.load.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.stub.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Scenario 3, the cluster: the conversations scenario run as embedded-1, cluster-1 and cluster-2
 * (each a report directory of its own), set side by side: replies/s, the scaling from one instance to
 * two, what the cluster mode costs on one instance (Redis and Kafka in the path), per message (Redis
 * commands, Kafka records and bytes) and per stage.
 */
public final class ScalingReport {

    private ScalingReport() {
    }

    /** {@code ScalingReport DIR round…}: reads DIR/round/summary.json, writes DIR/summary.{json,md}. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Map<String, JsonNode> rounds = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            Path summary = dir.resolve(args[i]).resolve("summary.json");
            try {
                rounds.put(args[i], Json.tree(Files.readString(summary)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + summary, e);
            }
        }
        write(dir, rounds);
        System.out.println("scaling report written to " + dir.toAbsolutePath());
    }

    static Path write(Path dir, Map<String, JsonNode> rounds) {
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, Object> byRound = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder("Scenario 3, cluster mode: the conversations scenario ("
                + first(rounds).path("customers").asInt() + " customers, model stub at "
                + first(rounds).path("llm_latency_seconds").asDouble() + " s) on one embedded gateway, on one gateway in "
                + "cluster mode (real Redis and Kafka) and on two in cluster mode, callbacks split between them in turn.\n\n"
                + "| round | mode | instances | replies/s | share of the limit | end to end p50 / p99 (ms) "
                + "| Redis commands / message | Kafka records / message | Kafka bytes / message "
                + "| gateway CPU / reply, steady window (ms) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        rounds.forEach((name, s) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("mode", s.path("mode").asText("embedded"));
            r.put("instances", s.path("instances").asInt(1));
            r.put("replies_per_second", number(s.path("replies_per_second")));
            r.put("share_of_limit", number(s.path("share_of_limit")));
            JsonNode e2e = s.path("end_to_end_latency_hold_to_send");
            r.put("end_to_end_p50_ms", number(e2e.path("p50_ms")));
            r.put("end_to_end_p99_ms", number(e2e.path("p99_ms")));
            JsonNode cost = s.path("cluster_cost");
            r.put("redis_commands_per_message", number(cost.path("redis_commands_per_message")));
            r.put("kafka_records_per_message", number(cost.path("kafka_records_per_message")));
            r.put("kafka_bytes_per_message", number(cost.path("kafka_bytes_per_message")));
            r.put("gateway_cpu_ms_per_reply", number(s.path("gateway_cpu_steady").path("ms_per_reply")));
            r.put("report", name + "/summary.md");
            byRound.put(name, r);
            md.append("| [").append(name).append("](").append(name).append("/summary.md) | ").append(r.get("mode"))
                    .append(" | ").append(r.get("instances")).append(" | ").append(cell(r.get("replies_per_second")))
                    .append(" | ").append(percent(r.get("share_of_limit"))).append(" | ")
                    .append(cell(r.get("end_to_end_p50_ms"))).append(" / ").append(cell(r.get("end_to_end_p99_ms")))
                    .append(" | ").append(cell(r.get("redis_commands_per_message"))).append(" | ")
                    .append(cell(r.get("kafka_records_per_message"))).append(" | ")
                    .append(cell(r.get("kafka_bytes_per_message"))).append(" | ")
                    .append(cell(r.get("gateway_cpu_ms_per_reply"))).append(" |\n");
        });
        figures.put("rounds", byRound);
        Double embedded = rate(byRound, "embedded-1");
        Double one = rate(byRound, "cluster-1");
        Double two = rate(byRound, "cluster-2");
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("cluster_1_over_embedded_1", ratio(one, embedded));
        ratios.put("cluster_2_over_cluster_1", ratio(two, one));
        // what one instance would answer on cores of its own: the inverse ratio of the CPU each spends per reply
        ratios.put("embedded_1_cpu_over_cluster_1_cpu", ratio(value(byRound, "embedded-1", "gateway_cpu_ms_per_reply"),
                value(byRound, "cluster-1", "gateway_cpu_ms_per_reply")));
        figures.put("scaling", ratios);
        md.append("\n- Cost of Redis and Kafka on one instance (cluster-1 ÷ embedded-1 replies/s): ")
                .append(percent(ratios.get("cluster_1_over_embedded_1")))
                .append("\n- The same on cores of its own (embedded-1 ÷ cluster-1 gateway CPU per reply; Redis, Kafka and the "
                        + "load generator here take cores a cluster instance would not share): ")
                .append(percent(ratios.get("embedded_1_cpu_over_cluster_1_cpu")))
                .append("\n- Scaling from one instance to two (cluster-2 ÷ cluster-1 replies/s; 200 % would be linear): ")
                .append(percent(ratios.get("cluster_2_over_cluster_1")))
                .append("\n- All instances share the machine's cores with the load generator, the stubs, Redis and Kafka: "
                        + "on one machine a second instance can only show what the design allows, not a second machine's capacity.\n\n");
        md.append(stages(rounds, figures));
        return new ReportWriter(dir).write("cluster (scenario 3)", MachineInfo.current(), figures, md.toString(), Map.of());
    }

    /** Mean and p99 of each gateway stage in each round (the first instance of the round). */
    private static String stages(Map<String, JsonNode> rounds, Map<String, Object> figures) {
        TreeSet<String> names = new TreeSet<>();
        rounds.values().forEach(s -> s.path("gateway_timers").fieldNames().forEachRemaining(names::add));
        if (names.isEmpty()) {
            return "The gateways' timers could not be read.\n";
        }
        List<String> order = new ArrayList<>(rounds.keySet());
        StringBuilder md = new StringBuilder("Per stage, mean / p99 (ms), first instance of each round "
                + "(each instance's own in the rounds' reports):\n\n| timer |");
        order.forEach(r -> md.append(' ').append(r).append(" |"));
        md.append("\n|---|").append("---|".repeat(order.size())).append('\n');
        Map<String, Object> out = new LinkedHashMap<>();
        for (String timer : names) {
            md.append("| ").append(timer).append(" |");
            Map<String, Object> row = new LinkedHashMap<>();
            for (String r : order) {
                JsonNode t = rounds.get(r).path("gateway_timers").path(timer);
                Map<String, Object> cellFigures = new LinkedHashMap<>();
                cellFigures.put("mean_ms", number(t.path("mean_ms")));
                cellFigures.put("p99_ms", number(t.path("p99_ms")));
                row.put(r, cellFigures);
                md.append(' ').append(cell(number(t.path("mean_ms")))).append(" / ").append(cell(number(t.path("p99_ms"))))
                        .append(" |");
            }
            out.put(timer, row);
            md.append('\n');
        }
        figures.put("stages", out);
        return md.toString();
    }

    private static JsonNode first(Map<String, JsonNode> rounds) {
        return rounds.values().iterator().next();
    }

    private static Double rate(Map<String, Object> byRound, String name) {
        return value(byRound, name, "replies_per_second");
    }

    @SuppressWarnings("unchecked")
    private static Double value(Map<String, Object> byRound, String name, String figure) {
        Object r = byRound.get(name);
        return r == null ? null : (Double) ((Map<String, Object>) r).get(figure);
    }

    static Double ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : Math.round(a / b * 1000) / 1000.0;
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    private static String cell(Object v) {
        return v == null ? "–" : v.toString();
    }

    private static String percent(Object v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * (Double) v);
    }
}
