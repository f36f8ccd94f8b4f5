package com.wecomassist.audit;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.audit.kafka.KafkaAuditTrail;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.audit.redis.RedisAuditTrail;
import com.wecomassist.cluster.KafkaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The audit trail ({@code assist.mode}): in memory plus the {@code assist.audit} log for the embedded
 * mode; the Kafka topic plus a Redis copy of each conversation's recent events for a cluster.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {


    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        AuditTrail auditTrail(AuditProperties settings, Clock clock, MeterRegistry meters) {
            return new MeteredAuditTrail(new InMemoryAuditTrail(settings.maxPerConversation(),
                    settings.maxConversations(), settings.retention(), clock), meters);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        AuditTrail auditTrail(KafkaTemplate<String, String> kafka, ReactiveStringRedisTemplate redis,
                              AssistProperties assist, AuditProperties settings, MeterRegistry meters) {
            RedisAuditTrail recent = new RedisAuditTrail(redis, assist.keyPrefix(), settings.maxPerConversation(),
                    settings.retention());
            return new MeteredAuditTrail(new KafkaAuditTrail(kafka, settings.topic(), recent), meters);
        }

        @Bean
        NewTopic auditTopic(AuditProperties settings, KafkaProperties topics) {
            return topics.topic(settings.topic(), topics.auditRetention());
        }
    }
}
