package com.wecomassist.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.AssistProperties;
import com.wecomassist.audit.kafka.KafkaAuditTrail;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.cluster.KafkaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** {@code assist.mode} alone chooses the adapter; the topic exists only in cluster mode. */
class AuditConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Surroundings.class, AuditConfiguration.class);

    @Test
    void embeddedByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(AuditTrail.class).doesNotHaveBean(NewTopic.class);
            assertThat(((MeteredAuditTrail) context.getBean(AuditTrail.class)).delegate())
                    .isInstanceOf(InMemoryAuditTrail.class);
        });
    }

    @Test
    void kafkaAndRedisInClusterModeWithItsTopic() {
        runner.withPropertyValues("assist.mode=cluster", "assist.audit.topic=bank.audit", "assist.kafka.partitions=6")
                .run(context -> {
                    assertThat(context).hasSingleBean(AuditTrail.class);
                    assertThat(((MeteredAuditTrail) context.getBean(AuditTrail.class)).delegate())
                            .isInstanceOf(KafkaAuditTrail.class);
                    NewTopic topic = context.getBean(NewTopic.class);
                    assertThat(topic.name()).isEqualTo("bank.audit");
                    assertThat(topic.numPartitions()).isEqualTo(6);
                    // the defaults: three copies, two in sync before a write counts, kept 30 days for the archive
                    assertThat(topic.replicationFactor()).isEqualTo((short) 3);
                    assertThat(topic.configs()).containsEntry("min.insync.replicas", "2")
                            .containsEntry("retention.ms", Long.toString(java.time.Duration.ofDays(30).toMillis()));
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({AssistProperties.class, AuditProperties.class, KafkaProperties.class})
    static class Surroundings {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }

        // never connected: only there to be wired in cluster mode
        @Bean
        KafkaTemplate<String, String> kafka() {
            return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of()));
        }

        @Bean
        ReactiveStringRedisTemplate redis() {
            return new ReactiveStringRedisTemplate(new LettuceConnectionFactory());
        }
    }
}
