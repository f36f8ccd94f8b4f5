package com.wecomassist.inbound;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.InOrderAcks;
import com.wecomassist.cluster.KafkaProperties;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.inbound.kafka.KafkaInboundHandOff;
import com.wecomassist.inbound.kafka.KafkaInboundListener;
import com.wecomassist.inbound.memory.InMemoryCallbackReplayGuard;
import com.wecomassist.inbound.memory.InMemoryKfSyncLock;
import com.wecomassist.inbound.memory.InMemorySyncCursorStore;
import com.wecomassist.inbound.memory.InProcessInboundHandOff;
import com.wecomassist.inbound.redis.RedisCallbackReplayGuard;
import com.wecomassist.inbound.redis.RedisKfSyncLock;
import com.wecomassist.inbound.redis.RedisSyncCursorStore;
import com.wecomassist.wecom.WecomProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Intake state and hand-off: in memory for the embedded mode; Redis and Kafka for a cluster
 * ({@code assist.mode}).
 */
@Configuration(proxyBeanMethods = false)
class InboundConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        InProcessInboundHandOff inboundHandOff(InboundMessageHandler handler, InboundProperties settings,
                                               MeterRegistry meters) {
            return new InProcessInboundHandOff(handler, settings.queueCapacity(), settings.handlingAttempts(),
                    settings.handlingBackoff(), meters);
        }

        @Bean
        SyncCursorStore syncCursorStore() {
            return new InMemorySyncCursorStore();
        }

        @Bean
        KfSyncLock kfSyncLock(Clock clock) {
            return new InMemoryKfSyncLock(clock);
        }

        @Bean
        CallbackReplayGuard callbackReplayGuard() {
            return new InMemoryCallbackReplayGuard();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        InboundHandOff inboundHandOff(KafkaTemplate<String, String> kafka, KafkaProperties topics, JsonMapper json,
                                      PiiMasker masker) {
            return new KafkaInboundHandOff(kafka, topics.inboundTopic(), json, masker::mask);
        }

        @Bean
        KafkaInboundListener kafkaInboundListener(InboundMessageHandler handler, JsonMapper json,
                                                  DeadLetters deadLetters, KafkaProperties topics,
                                                  KafkaListenerEndpointRegistry containers, OnceMarks marks,
                                                  WecomProperties wecom, MeterRegistry meters) {
            return new KafkaInboundListener(handler, json, deadLetters, topics.deliveryAttempts(),
                    topics.retryBackoff(),
                    new InOrderAcks(topics.maxInFlight(), InOrderAcks.pausing(containers, KafkaInboundListener.ID),
                            topics.commitInterval()),
                    marks, wecom.dedupeTtl(), meters);
        }

        @Bean
        SyncCursorStore syncCursorStore(ReactiveStringRedisTemplate redis, AssistProperties assist) {
            return new RedisSyncCursorStore(redis, assist.keyPrefix());
        }

        @Bean
        KfSyncLock kfSyncLock(ReactiveStringRedisTemplate redis, AssistProperties assist) {
            return new RedisKfSyncLock(redis, assist.keyPrefix());
        }

        @Bean
        CallbackReplayGuard callbackReplayGuard(ReactiveStringRedisTemplate redis, AssistProperties assist) {
            return new RedisCallbackReplayGuard(redis, assist.keyPrefix());
        }
    }
}
