package com.wecomassist.kpi;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.ContactPages;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.kpi.memory.InMemoryKpiStore;
import com.wecomassist.kpi.redis.RedisKpiStore;
import com.wecomassist.kpi.wecom.WecomBehaviourSource;
import com.wecomassist.roster.EmployeeRoster;
import com.wecomassist.wecom.WecomApiClient;
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

/** The 客户联系 KPIs: their figures ({@code assist.mode} picks the store), the runs and the daily schedule. */
@Configuration(proxyBeanMethods = false)
class KpiConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KpiConfiguration.class);

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    KpiStore inMemoryKpiStore(KpiProperties settings, Clock clock) {
        return new InMemoryKpiStore(settings.retention(), clock);
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    KpiStore redisKpiStore(ReactiveStringRedisTemplate redis, AssistProperties assist, KpiProperties settings,
                           Clock clock) {
        return new RedisKpiStore(redis, assist.keyPrefix(), settings.retention(), clock);
    }

    @Bean
    DirectoryFigures directoryFigures(ContactDirectory directory, CustomerLinks links, KpiProperties settings,
                                      Clock clock) {
        return new DirectoryFigures(directory, links, settings.zone(), clock);
    }

    @Bean
    BehaviourSource behaviourSource(WecomApiClient api, KpiProperties settings) {
        return new WecomBehaviourSource(api, settings.zone());
    }

    @Bean(destroyMethod = "stop")
    KpiRuns kpiRuns(DirectoryFigures figures, BehaviourSource behaviour, ContactPages pages, EmployeeRoster roster,
                    KpiStore store, KpiProperties settings, Clock clock) {
        return new KpiRuns(figures, behaviour, pages, roster, store, settings, clock);
    }

    @Bean
    KpiSchedule kpiSchedule(KpiRuns runs, KpiStore store, KpiProperties settings, Clock clock) {
        return new KpiSchedule(runs, store, settings, clock);
    }

    /** Looks every {@code check-every} (the first time a minute after the start: not while it warms up). */
    @Bean(destroyMethod = "dispose")
    Disposable kpiDailyRun(KpiSchedule schedule, KpiProperties settings) {
        if (!settings.scheduleEnabled()) {
            return Flux.never().subscribe();
        }
        return Flux.interval(Duration.ofMinutes(1), settings.checkEvery())
                .onBackpressureDrop()
                .concatMap(tick -> schedule.tick().onErrorResume(e -> {
                    log.warn("daily KPI run not started: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }
}
