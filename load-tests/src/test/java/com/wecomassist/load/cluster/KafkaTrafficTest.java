package com.wecomassist.load.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Against a real (in-process KRaft) broker: what was written shows as records and bytes of its topic. */
class KafkaTrafficTest {

    @Test
    void countsTheRecordsAndBytesWrittenToEachTopic() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, "load.traffic", "load.idle");
        broker.afterPropertiesSet();
        try {
            Map<String, KafkaTraffic.Topic> before = KafkaTraffic.read(broker.getBrokersAsString());
            assertThat(before).containsKeys("load.traffic", "load.idle");
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("load.traffic", "conversation-" + i, "x".repeat(200))).get(30, TimeUnit.SECONDS);
                }
            }
            Map<String, KafkaTraffic.Topic> grown = KafkaTraffic.delta(before, KafkaTraffic.read(broker.getBrokersAsString()));
            assertThat(grown).containsKey("load.traffic").doesNotContainKey("load.idle");
            assertThat(grown.get("load.traffic").records()).isEqualTo(5);
            assertThat(grown.get("load.traffic").bytes()).isGreaterThanOrEqualTo(5 * 200);
        } finally {
            broker.destroy();
        }
    }
}
