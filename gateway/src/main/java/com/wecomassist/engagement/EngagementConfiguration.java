package com.wecomassist.engagement;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.engagement.memory.InMemoryEngagements;
import com.wecomassist.engagement.redis.RedisEngagements;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Employees' engagements with customers ({@code assist.mode} picks the store) and the bank's events of them. */
@Configuration(proxyBeanMethods = false)
class EngagementConfiguration {

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    Engagements inMemoryEngagements(Clock clock) {
        return new InMemoryEngagements(clock);
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    Engagements redisEngagements(ReactiveStringRedisTemplate redis, AssistProperties assist) {
        return new RedisEngagements(redis, assist.keyPrefix());
    }

    @Bean
    EngagementOnEvents engagementOnEvents(Engagements engagements, EngagementProperties settings) {
        return new EngagementOnEvents(engagements, settings);
    }
}
