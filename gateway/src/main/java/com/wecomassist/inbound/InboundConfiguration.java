package com.wecomassist.inbound;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.inbound.memory.InMemoryCallbackReplayGuard;
import com.wecomassist.inbound.memory.InMemoryKfSyncLock;
import com.wecomassist.inbound.memory.InMemoryMessageDedupe;
import com.wecomassist.inbound.memory.InMemorySyncCursorStore;
import com.wecomassist.inbound.memory.InProcessInboundHandOff;
import com.wecomassist.inbound.redis.RedisCallbackReplayGuard;
import com.wecomassist.inbound.redis.RedisKfSyncLock;
import com.wecomassist.inbound.redis.RedisMessageDedupe;
import com.wecomassist.inbound.redis.RedisSyncCursorStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Intake state: in memory for the embedded mode, in Redis for a cluster ({@code assist.mode}). */
@Configuration(proxyBeanMethods = false)
class InboundConfiguration {

    /** The hand-off stays in-process in both modes until the message bus (Kafka) arrives. */
    @Bean
    InProcessInboundHandOff inboundHandOff(InboundMessageHandler handler, InboundProperties settings,
                                           MeterRegistry meters) {
        return new InProcessInboundHandOff(handler, settings.queueCapacity(), meters);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        MessageDedupe messageDedupe() {
            return new InMemoryMessageDedupe();
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
        MessageDedupe messageDedupe(ReactiveStringRedisTemplate redis, AssistProperties assist) {
            return new RedisMessageDedupe(redis, assist.keyPrefix());
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
