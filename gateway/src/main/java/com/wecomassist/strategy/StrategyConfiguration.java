package com.wecomassist.strategy;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.strategy.memory.InMemoryStrategyStore;
import com.wecomassist.strategy.redis.RedisStrategyStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Strategies: their store ({@code assist.mode} picks it), the desk, and the catalogue every instance keeps. */
@Configuration(proxyBeanMethods = false)
class StrategyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StrategyConfiguration.class);
    /** How often an instance looks whether a strategy was published elsewhere. */
    static final Duration REFRESH = Duration.ofSeconds(5);

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    StrategyStore inMemoryStrategyStore() {
        return new InMemoryStrategyStore();
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    StrategyStore redisStrategyStore(ReactiveStringRedisTemplate redis, AssistProperties assist) {
        return new RedisStrategyStore(redis, assist.keyPrefix());
    }

    @Bean
    StrategyDesk strategyDesk(StrategyStore store, ComplianceReview compliance, AuditTrail audit, Clock clock) {
        return new StrategyDesk(store, compliance, audit, clock);
    }

    @Bean
    StrategyCatalogue strategyCatalogue(StrategyStore store) {
        return new StrategyCatalogue(store);
    }

    @Bean(destroyMethod = "dispose")
    Disposable strategyCatalogueRefresh(StrategyCatalogue catalogue) {
        return Flux.interval(Duration.ZERO, REFRESH)
                .onBackpressureDrop()
                .concatMap(tick -> catalogue.refresh(false).onErrorResume(e -> {
                    log.warn("strategies not refreshed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }
}
