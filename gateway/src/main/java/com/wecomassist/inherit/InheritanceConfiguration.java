package com.wecomassist.inherit;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.inherit.memory.InMemoryTransferJobs;
import com.wecomassist.inherit.memory.InMemoryTransferLedger;
import com.wecomassist.inherit.redis.RedisTransferJobs;
import com.wecomassist.inherit.redis.RedisTransferLedger;
import com.wecomassist.inherit.wecom.WecomTransferCalls;
import com.wecomassist.staff.StaffDirectory;
import com.wecomassist.wecom.WecomApiClient;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 客户继承: jobs and the per-customer ledger in memory (embedded: a restart forgets the jobs in flight, as
 * it forgets the directory) or Redis (cluster: a restarted instance continues polling), the WeCom calls,
 * the departed employee's work, and every {@link TakeoverListener} bean told of completed takeovers.
 */
@Configuration(proxyBeanMethods = false)
class InheritanceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InheritanceConfiguration.class);

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    TransferJobs inMemoryTransferJobs() {
        return new InMemoryTransferJobs();
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    TransferLedger inMemoryTransferLedger() {
        return new InMemoryTransferLedger();
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    TransferJobs redisTransferJobs(ReactiveStringRedisTemplate redis, AssistProperties assist) {
        return new RedisTransferJobs(redis, assist.keyPrefix());
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    TransferLedger redisTransferLedger(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                       InheritanceProperties settings) {
        return new RedisTransferLedger(redis, assist.keyPrefix(), settings.window().plus(Duration.ofDays(1)));
    }

    @Bean
    TransferCalls wecomTransferCalls(WecomApiClient wecom) {
        return new WecomTransferCalls(wecom);
    }

    @Bean
    DepartedWork departedWork(ApprovalQueue approvals, ConversationStore conversations, StaffDirectory staff,
                              AuditTrail audit, Clock clock) {
        return new DepartedWork(approvals, conversations, staff, audit, clock);
    }

    @Bean(destroyMethod = "close")
    CustomerInheritance customerInheritance(TransferJobs jobs, TransferLedger ledger, TransferCalls calls,
                                            ContactDirectory directory, ComplianceReview compliance, AuditTrail audit,
                                            ObjectProvider<TakeoverListener> listeners, DepartedWork departedWork,
                                            InheritanceProperties settings, Clock clock) {
        return new CustomerInheritance(jobs, ledger, calls, directory, compliance, audit,
                listeners.orderedStream().toList(), departedWork, settings, clock);
    }

    /**
     * Continues the jobs not done that no instance runs — what a restart interrupted, or what a stopped
     * instance held (its lease runs out) — at start and every poll interval; a job this instance runs or
     * another holds is left alone.
     */
    @Bean(destroyMethod = "dispose")
    Disposable inheritanceResume(CustomerInheritance inheritance, InheritanceProperties settings) {
        return Flux.interval(Duration.ZERO, settings.pollInterval())
                .onBackpressureDrop()
                .concatMap(tick -> inheritance.resume().onErrorResume(e -> {
                    log.warn("inheritance jobs not resumed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }
}
