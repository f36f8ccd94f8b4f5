package com.wecomassist.cluster;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import java.time.Duration;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import java.util.List;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.data.redis.health.DataRedisReactiveHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * Cluster mode ({@code assist.mode=cluster}): state lives in Redis and inbound messages travel
 * through Kafka, reached through the standard {@code spring.data.redis.*} and {@code spring.kafka.*}
 * properties.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
class ClusterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);

    /**
     * Connects to Redis before the server accepts traffic. Lettuce opens its shared connection on
     * first use, blocking the caller; that first use must not be a callback on an event loop. And a
     * cluster instance without its Redis should not start at all.
     */
    @Bean
    SmartInitializingSingleton redisConnectedBeforeTraffic(ReactiveRedisConnectionFactory redis) {
        return () -> {
            try (ReactiveRedisConnection connection = redis.getReactiveConnection()) {
                connection.ping().block(Duration.ofSeconds(10));
                log.info("cluster mode: connected to Redis");
            } catch (RuntimeException e) {
                throw new IllegalStateException("assist.mode=cluster keeps state in Redis, but Redis does not "
                        + "answer: check spring.data.redis.host / port / password (SPRING_DATA_REDIS_HOST, ...)", e);
            }
        };
    }

    /**
     * Redis in {@code /actuator/health}: a cluster instance that lost its Redis cannot serve, so its
     * health says so and a load balancer takes it out. Registered here, not by
     * {@code management.health.redis.enabled}, which the embedded mode (no Redis) keeps off; the
     * bean's name makes Spring Boot's own indicator step back when that setting is on too.
     */
    @Bean
    ReactiveHealthContributor redisHealthContributor(ReactiveRedisConnectionFactory redis) {
        return new DataRedisReactiveHealthIndicator(redis);
    }

    @Bean
    NewTopic inboundTopic(KafkaProperties topics) {
        return new NewTopic(topics.inboundTopic(), topics.partitions(), topics.replicationFactor());
    }

    @Bean
    NewTopic inboundDeadLetterTopic(KafkaProperties topics) {
        return new NewTopic(topics.inboundDeadLetterTopic(), topics.partitions(), topics.replicationFactor());
    }

    @Bean
    NewTopic outboundTopic(KafkaProperties topics) {
        return new NewTopic(topics.outboundTopic(), topics.partitions(), topics.replicationFactor());
    }

    @Bean
    NewTopic outboundDeadLetterTopic(KafkaProperties topics) {
        return new NewTopic(topics.outboundDeadLetterTopic(), topics.partitions(), topics.replicationFactor());
    }

    @Bean
    DrainBeforeStopping drainBeforeStopping(KafkaListenerEndpointRegistry containers, List<RecordsInHand> listeners) {
        return new DrainBeforeStopping(containers, listeners, Duration.ofSeconds(20));
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, String> kafka, MeterRegistry meters) {
        return new DeadLetters(kafka, meters);
    }
}
