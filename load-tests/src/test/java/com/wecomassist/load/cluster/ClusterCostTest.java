package com.wecomassist.load.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterCostTest {

    private static final String INFO = """
            # Commandstats\r
            cmdstat_evalsha:calls=1200,usec=9000,usec_per_call=7.50,rejected_calls=0,failed_calls=0\r
            cmdstat_get:calls=300,usec=300,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r
            cmdstat_info:calls=2,usec=80,usec_per_call=40.00,rejected_calls=0,failed_calls=0\r
            """;

    @Test
    void speaksRespAndReadsTheCommandStats() throws IOException {
        assertThat(new String(RedisCommandStats.command("INFO", "commandstats"), StandardCharsets.UTF_8))
                .isEqualTo("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n");
        byte[] body = INFO.getBytes(StandardCharsets.UTF_8);
        String reply = RedisCommandStats.readReply(new ByteArrayInputStream(
                ("$" + body.length + "\r\n" + INFO + "\r\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(RedisCommandStats.parse(reply)).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1200L, "get", 300L, "info", 2L));
        assertThatThrownBy(() -> RedisCommandStats.readReply(new ByteArrayInputStream("-NOAUTH Authentication required.\r\n"
                .getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("NOAUTH");
    }

    @Test
    void readsTheMemoryRedisUsesForItsData() {
        assertThat(RedisCommandStats.usedMemoryOf("# Memory\r\nused_memory:912345678\r\nused_memory_human:870.09M\r\n"))
                .isEqualTo(912_345_678L);
        assertThat(RedisCommandStats.usedMemoryOf("# Memory\r\n")).isEqualTo(-1);
    }

    @Test
    void countsOnlyWhatWasCalledBetweenTwoReadings() {
        Map<String, Long> delta = RedisCommandStats.delta(Map.of("get", 300L, "set", 5L),
                Map.of("get", 700L, "set", 5L, "evalsha", 40L));
        assertThat(delta).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 40L, "get", 400L));
    }

    @Test
    void readsTheRealRedisServer() {
        // the Redis the gateway tests use (.ci/run starts it on 127.0.0.1:6379); INFO itself is counted
        String redis = System.getenv().getOrDefault("ASSIST_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        Map<String, Long> before = RedisCommandStats.read(redis);
        Map<String, Long> after = RedisCommandStats.read(redis);
        assertThat(RedisCommandStats.delta(before, after)).containsKey("info");
    }

    @Test
    void kafkaTrafficIsTheGrowthOfEachTopic() {
        Map<String, KafkaTraffic.Topic> delta = KafkaTraffic.delta(
                Map.of("assist.inbound", new KafkaTraffic.Topic(10, 5000), "assist.kb", new KafkaTraffic.Topic(3, 900)),
                Map.of("assist.inbound", new KafkaTraffic.Topic(110, 55000), "assist.kb", new KafkaTraffic.Topic(3, 900),
                        "assist.outbound", new KafkaTraffic.Topic(100, 30000)));
        assertThat(delta).containsOnlyKeys("assist.inbound", "assist.outbound");
        assertThat(delta.get("assist.inbound")).isEqualTo(new KafkaTraffic.Topic(100, 50000));
    }

    @Test
    @SuppressWarnings("unchecked")
    void dividesEverythingByTheCustomerMessages() {
        Map<String, Object> cost = ClusterCost.figures(Map.of("evalsha", 1200L, "get", 300L),
                Map.of("assist.inbound", new KafkaTraffic.Topic(100, 50000), "assist.outbound", new KafkaTraffic.Topic(100, 30000)),
                100);
        assertThat(cost).containsEntry("redis_commands_per_message", 15.0).containsEntry("kafka_records_per_message", 2.0)
                .containsEntry("kafka_bytes_per_message", 800.0);
        assertThat((Map<String, Object>) cost.get("redis_commands_per_message_by_command")).containsKeys("evalsha", "get")
                .containsEntry("evalsha", 12.0);
        assertThat(ClusterCost.markdown(cost)).contains("| Redis commands | 15.0 |", "| · Redis `evalsha` | 12.0 |",
                "| · topic `assist.inbound`: records / bytes | 1.0 / 500.0 |");
    }
}
