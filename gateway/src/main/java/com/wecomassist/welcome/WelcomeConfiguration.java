package com.wecomassist.welcome;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.comply.ComplianceInForce;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.roster.EmployeeRoster;
import com.wecomassist.route.RouteProperties;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.welcome.memory.InMemoryWelcomeTemplates;
import com.wecomassist.welcome.redis.RedisWelcomeTemplates;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Welcome messages (欢迎语): templates in memory or Redis by mode, the catalogue, the sender, the desk. */
@Configuration(proxyBeanMethods = false)
class WelcomeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WelcomeConfiguration.class);

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    WelcomeTemplates inMemoryWelcomeTemplates() {
        return new InMemoryWelcomeTemplates();
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    WelcomeTemplates redisWelcomeTemplates(ReactiveStringRedisTemplate redis, AssistProperties assist) {
        return new RedisWelcomeTemplates(redis, assist.keyPrefix());
    }

    @Bean
    WelcomeCatalogue welcomeCatalogue(WelcomeTemplates templates) {
        return new WelcomeCatalogue(templates, WelcomeCatalogue.shippedDefaults());
    }

    @Bean(destroyMethod = "close")
    CheckedTexts welcomeCheckedTexts(ComplianceInForce inForce) {
        return new CheckedTexts(inForce);
    }

    /**
     * Follows the publications (made here or on another instance) and checks every text in force, so
     * that a welcome finds its verdict in memory. Starts at once; a store that cannot be read leaves
     * the texts in force as they were (the shipped defaults at first) and is tried again next time.
     */
    @Bean(destroyMethod = "dispose")
    Disposable welcomeCatalogueRefresh(WelcomeCatalogue catalogue, CheckedTexts checks, EmployeeRoles roles,
                                       EmployeeRoster roster, WelcomeProperties settings) {
        return Flux.interval(Duration.ZERO, settings.refreshInterval())
                .onBackpressureDrop()
                .concatMap(tick -> catalogue.refresh(false)
                        .flatMapMany(changed -> Flux.fromIterable(catalogue.inForce().values()))
                        .concatMap(template -> checks.check(template.text()))
                        // the roster changes by the day: every twelfth look (a minute by default) is enough
                        .then(Mono.defer(() -> tick % 12 == 0 ? roles.refresh(roster.all()) : Mono.<Void>empty()))
                        .onErrorResume(e -> {
                            log.warn("welcome templates not refreshed: {}", e.toString());
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Bean
    EmployeeRoles employeeRoles(WelcomeProperties settings, RouteProperties route) {
        return new EmployeeRoles(settings.employeeRoles(), new HashSet<>(route.accountManagers().values()),
                settings.accountManagerRole(), settings.defaultRole());
    }

    @Bean(destroyMethod = "close")
    WelcomeSender welcomeSender(WecomApiClient wecom, WelcomeCatalogue catalogue, CheckedTexts checks,
                                EmployeeRoles roles, OnceMarks marks, AuditTrail audit, WelcomeProperties settings,
                                MeterRegistry meters, Clock clock) {
        return new WelcomeSender(wecom, catalogue, checks, roles, marks, audit, settings, meters, clock);
    }

    @Bean
    KfWelcomeTexts kfWelcomeTexts(WelcomeCatalogue catalogue, CheckedTexts checks, MeterRegistry meters) {
        return new CatalogueKfWelcomeTexts(catalogue, checks, meters);
    }

    @Bean
    WelcomeDesk welcomeDesk(WelcomeTemplates templates, WelcomeCatalogue catalogue, ComplianceReview compliance,
                            CheckedTexts checks, AuditTrail audit, Clock clock) {
        return new WelcomeDesk(templates, catalogue, compliance, checks, audit, clock);
    }
}
