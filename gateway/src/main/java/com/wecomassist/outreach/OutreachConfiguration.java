package com.wecomassist.outreach;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.abtest.AbTest;
import com.wecomassist.outreach.memory.InMemoryOutreachLedger;
import com.wecomassist.outreach.redis.RedisOutreachLedger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The outreach ledger ({@code assist.mode} picks it) and the strategies' results read from it. */
@Configuration(proxyBeanMethods = false)
class OutreachConfiguration {

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    OutreachLedger inMemoryOutreachLedger() {
        return new InMemoryOutreachLedger();
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    OutreachLedger redisOutreachLedger(ReactiveStringRedisTemplate redis, AssistProperties assist) {
        return new RedisOutreachLedger(redis, assist.keyPrefix());
    }

    @Bean
    OutreachResults outreachResults(OutreachLedger ledger) {
        return new OutreachResults(ledger, AbTest.Rules.DEFAULT);
    }
}
