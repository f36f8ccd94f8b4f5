package com.wecomassist.approval;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.approval.memory.InMemoryApprovalQueue;
import com.wecomassist.approval.redis.RedisApprovalQueue;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The approval queue: in memory for the embedded mode, in Redis for a cluster ({@code assist.mode}). */
@Configuration(proxyBeanMethods = false)
class ApprovalConfiguration {

    @Bean
    ApprovalStream approvalStream(ApprovalQueue queue, ApprovalProperties settings) {
        return new ApprovalStream(queue, settings.streamRefresh());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        ApprovalQueue approvalQueue(Clock clock, ApprovalProperties settings) {
            return new InMemoryApprovalQueue(clock, settings.completedRetention());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        ApprovalQueue approvalQueue(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                    ApprovalProperties settings, Clock clock) {
            return new RedisApprovalQueue(redis, assist.keyPrefix(), settings.completedRetention(), clock);
        }
    }
}
