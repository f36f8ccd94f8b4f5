package com.wecomassist.roster;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.roster.memory.InMemoryEmployeeRoster;
import com.wecomassist.roster.redis.RedisEmployeeRoster;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The employee roster ({@code assist.mode} picks the store). */
@Configuration(proxyBeanMethods = false)
class RosterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RosterConfiguration.class);

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

    @Bean
    RosterSnapshot rosterSnapshot(EmployeeRoster roster) {
        return new RosterSnapshot(roster);
    }

    @Bean(destroyMethod = "dispose")
    Disposable rosterSnapshotRefresh(RosterSnapshot snapshot) {
        return Flux.interval(Duration.ZERO, RosterSnapshot.REFRESH)
                .onBackpressureDrop()
                .concatMap(tick -> snapshot.refresh().onErrorResume(e -> {
                    log.warn("roster not read again: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }
}
