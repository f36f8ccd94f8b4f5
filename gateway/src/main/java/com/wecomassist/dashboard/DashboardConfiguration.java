package com.wecomassist.dashboard;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.dashboard.memory.InMemoryCollaborationStats;
import com.wecomassist.dashboard.redis.RedisCollaborationStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The 人机协作 counts: in memory for the embedded mode, in Redis (shared) for a cluster, each
 * counted on {@code assist.answers} as well; and the window of the pipeline latencies the dashboard shows.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    /** Applied by Spring Boot to the registry before the pipeline registers its timers. */
    @Bean
    MeterFilter pipelineLatencyWindow(DashboardProperties settings) {
        return new PipelineLatencyWindow(settings.latencyWindow());
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    CollaborationStats inMemoryCollaborationStats(DashboardProperties settings, Clock clock, MeterRegistry meters) {
        return new CountedCollaborationStats(new InMemoryCollaborationStats(settings.retention(), clock), meters);
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    CollaborationStats redisCollaborationStats(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                               DashboardProperties settings, MeterRegistry meters) {
        return new CountedCollaborationStats(new RedisCollaborationStats(redis, assist.keyPrefix(),
                settings.retention()), meters);
    }
}
