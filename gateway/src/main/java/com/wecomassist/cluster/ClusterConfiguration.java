package com.wecomassist.cluster;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.health.DataRedisReactiveHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Cluster mode ({@code assist.mode=cluster}): state lives in Redis and inbound messages travel
 * through Kafka, reached through the standard {@code spring.data.redis.*} and {@code spring.kafka.*}
 * properties.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
class ClusterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);
    private static final Duration REDIS_WAIT = Duration.ofSeconds(10);

    /**
     * Connects to Redis before the server accepts traffic. Lettuce opens its shared connection on
     * first use, blocking the caller; that first use must not be a callback on an event loop. And a
     * cluster instance without its Redis should not start at all.
     */
    @Bean
    SmartInitializingSingleton redisConnectedBeforeTraffic(ReactiveRedisConnectionFactory redis) {
        return () -> {
            try (ReactiveRedisConnection connection = redis.getReactiveConnection()) {
                connection.ping().block(REDIS_WAIT);
                log.info("cluster mode: connected to Redis");
            } catch (RuntimeException e) {
                throw redisDoesNotAnswer(e);
            }
        };
    }

    /**
     * No latency histogram per Redis command: Lettuce keeps one (HdrHistogram) whenever the library is
     * on the classpath, and nothing reads it (its events go unobserved). Per-command observations are
     * off too ({@code spring.autoconfigure.exclude} in application.yml): both cost CPU on every command.
     */
    @Bean
    ClientResourcesBuilderCustomizer noPerCommandLatencyRecording() {
        return builder -> builder.commandLatencyRecorder(CommandLatencyRecorder.disabled());
    }

    /** The Redis commands written in one turn of the connection's event loop leave in one write ({@link RedisFlushes}). */
    @Bean
    ClientResourcesBuilderCustomizer redisFlushesConsolidated() {
        return builder -> builder.nettyCustomizer(new RedisFlushes());
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

    /**
     * Once started: warns about the gateway's topics that exist with fewer copies than asked (made by an
     * older gateway, whose default was one). Too few brokers for new topics stops the start instead
     * ({@code spring.kafka.admin.fail-fast}, {@link TooFewBrokersFailureAnalyzer}).
     */
    @EventListener(ApplicationReadyEvent.class)
    void warnAboutTopicsWithFewerCopies(ApplicationReadyEvent ready) {
        var context = ready.getApplicationContext();
        KafkaProperties topics = context.getBean(KafkaProperties.class);
        List<String> names = context.getBeanProvider(NewTopic.class).orderedStream().map(NewTopic::name).toList();
        new ReplicationCheck(context.getBean(KafkaAdmin.class).getConfigurationProperties(), topics.replicationFactor())
                .warnAboutTopicsWithFewerCopies(names);
    }

    @Bean
    NewTopic inboundTopic(KafkaProperties topics) {
        return topics.topic(topics.inboundTopic(), topics.retention());
    }

    @Bean
    NewTopic inboundDeadLetterTopic(KafkaProperties topics) {
        return topics.topic(topics.inboundDeadLetterTopic(), topics.deadLetterRetention());
    }

    @Bean
    NewTopic outboundTopic(KafkaProperties topics) {
        return topics.topic(topics.outboundTopic(), topics.retention());
    }

    @Bean
    NewTopic outboundDeadLetterTopic(KafkaProperties topics) {
        return topics.topic(topics.outboundDeadLetterTopic(), topics.deadLetterRetention());
    }

    /**
     * The key that seals replies on the outbound topic: {@code assist.kafka.payload-key}, or else the
     * cluster's own, made once by whichever instance starts first ({@code SET NX}) and read by every
     * other, so that a cluster configured with nothing but its Redis and Kafka still seals its replies.
     * Read while the context starts, on the main thread: a cluster instance without it cannot send.
     */
    @Bean
    PayloadCipher payloadCipher(KafkaProperties settings, ReactiveStringRedisTemplate redis, AssistProperties assist) {
        if (settings.payloadKey() != null) {
            PayloadCipher cipher = PayloadCipher.of(settings.payloadKey(), settings.previousPayloadKeys());
            log.info("cluster mode: replies on Kafka are sealed with assist.kafka.payload-key (key id {})",
                    cipher.keyId());
            return cipher;
        }
        String where = assist.keyPrefix() + "kafka:payload-key";
        String key;
        try {
            key = redis.opsForValue().setIfAbsent(where, PayloadCipher.newKey())
                    .then(redis.opsForValue().get(where))
                    .block(REDIS_WAIT);
        } catch (RuntimeException e) {
            throw redisDoesNotAnswer(e);
        }
        if (key == null) {
            throw new IllegalStateException("the cluster's Kafka payload key vanished from Redis (" + where
                    + ") while it was read: start again");
        }
        PayloadCipher cipher = PayloadCipher.of(key, settings.previousPayloadKeys());
        log.warn("cluster mode: replies on Kafka are sealed with the cluster's key kept in Redis at {} (key id {}); "
                + "set assist.kafka.payload-key (ASSIST_KAFKA_PAYLOAD_KEY) from the bank's secret store so that "
                + "reading Redis is not enough to open them", where, cipher.keyId());
        return cipher;
    }

    @Bean
    DrainBeforeStopping drainBeforeStopping(KafkaListenerEndpointRegistry containers, List<RecordsInHand> listeners) {
        return new DrainBeforeStopping(containers, listeners, Duration.ofSeconds(20));
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, String> kafka, MeterRegistry meters) {
        return new DeadLetters(kafka, meters);
    }

    private static IllegalStateException redisDoesNotAnswer(RuntimeException e) {
        return new IllegalStateException("assist.mode=cluster keeps state in Redis, but Redis does not "
                + "answer: check spring.data.redis.host / port / password (SPRING_DATA_REDIS_HOST, ...)", e);
    }
}
