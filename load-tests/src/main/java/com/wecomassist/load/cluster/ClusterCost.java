package com.wecomassist.load.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cost the cluster mode adds per customer message: Redis commands and Kafka records and bytes
 * written during the run, divided by the customer messages the WeCom stub handed out in it.
 */
public final class ClusterCost {

    private ClusterCost() {
    }

    public static Map<String, Object> figures(Map<String, Long> redisCalls, Map<String, KafkaTraffic.Topic> kafka,
                                              long messages) {
        double per = Math.max(1, messages);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customer_messages", messages);
        long redisTotal = redisCalls.values().stream().mapToLong(Long::longValue).sum();
        m.put("redis_commands", redisTotal);
        m.put("redis_commands_per_message", round(redisTotal / per));
        Map<String, Object> byCommand = new LinkedHashMap<>();
        redisCalls.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> byCommand.put(e.getKey(), round(e.getValue() / per)));
        m.put("redis_commands_per_message_by_command", byCommand);
        long records = kafka.values().stream().mapToLong(KafkaTraffic.Topic::records).sum();
        long bytes = kafka.values().stream().mapToLong(KafkaTraffic.Topic::bytes).sum();
        m.put("kafka_records_per_message", round(records / per));
        m.put("kafka_bytes_per_message", round(bytes / per));
        Map<String, Object> byTopic = new LinkedHashMap<>();
        kafka.forEach((topic, t) -> byTopic.put(topic, Map.of("records_per_message", round(t.records() / per),
                "bytes_per_message", round(t.bytes() / per))));
        m.put("kafka_by_topic", byTopic);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static String markdown(Map<String, Object> cost) {
        StringBuilder md = new StringBuilder("Cost of the cluster mode per customer message (")
                .append(cost.get("customer_messages"))
                .append(" messages; Redis counters are the server's, so anything else using that Redis during the run is counted too):\n\n")
                .append("| figure | per message |\n|---|---|\n")
                .append("| Redis commands | ").append(cost.get("redis_commands_per_message")).append(" |\n");
        ((Map<String, Object>) cost.get("redis_commands_per_message_by_command")).entrySet().stream().limit(12)
                .forEach(e -> md.append("| · Redis `").append(e.getKey()).append("` | ").append(e.getValue()).append(" |\n"));
        md.append("| Kafka records | ").append(cost.get("kafka_records_per_message")).append(" |\n")
                .append("| Kafka bytes on the broker | ").append(cost.get("kafka_bytes_per_message")).append(" |\n");
        ((Map<String, Object>) cost.get("kafka_by_topic")).forEach((topic, t) -> {
            Map<String, Object> v = (Map<String, Object>) t;
            md.append("| · topic `").append(topic).append("`: records / bytes | ").append(v.get("records_per_message"))
                    .append(" / ").append(v.get("bytes_per_message")).append(" |\n");
        });
        return md.toString();
    }

    static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
    }
}
