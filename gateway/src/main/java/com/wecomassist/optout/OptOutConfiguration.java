package com.wecomassist.optout;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.optout.memory.InMemoryOptOuts;
import com.wecomassist.optout.redis.RedisOptOuts;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The suppression list ({@code assist.mode} picks the store) and the ways in to it. */
@Configuration(proxyBeanMethods = false)
class OptOutConfiguration {

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    OptOuts inMemoryOptOuts() {
        return new InMemoryOptOuts();
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    OptOuts redisOptOuts(ReactiveStringRedisTemplate redis, AssistProperties assist) {
        return new RedisOptOuts(redis, assist.keyPrefix());
    }

    @Bean
    OptOutDesk optOutDesk(OptOuts optOuts, AuditTrail audit, Clock clock) {
        return new OptOutDesk(optOuts, audit, clock);
    }

    @Bean
    OptOutPhrases optOutPhrases(OptOutProperties settings) {
        return new OptOutPhrases(settings.phrases());
    }

    @Bean
    OptOutOnMessages optOutOnMessages(OptOutDesk desk, OptOutPhrases phrases) {
        return new OptOutOnMessages(desk, phrases);
    }

    @Bean
    OptOutOnEvents optOutOnEvents(OptOutDesk desk, OptOutProperties settings) {
        return new OptOutOnEvents(desk, settings);
    }
}
