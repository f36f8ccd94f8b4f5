package com.wecomassist.roster;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.roster.memory.InMemoryEmployeeRoster;
import com.wecomassist.roster.redis.RedisEmployeeRoster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The employee roster ({@code assist.mode} picks the store). */
@Configuration(proxyBeanMethods = false)
class RosterConfiguration {

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    EmployeeRoster inMemoryEmployeeRoster() {
        return new InMemoryEmployeeRoster();
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    EmployeeRoster redisEmployeeRoster(ReactiveStringRedisTemplate redis, AssistProperties assist) {
        return new RedisEmployeeRoster(redis, assist.keyPrefix());
    }
}
