package com.wecomassist.outreach;

import com.wecomassist.kpi.TaskTally;
import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.abtest.AbTest;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.draft.LlmProperties;
import com.wecomassist.engagement.Engagements;
import com.wecomassist.optout.OptOutPhrases;
import com.wecomassist.optout.OptOuts;
import com.wecomassist.draft.openai.OpenAiChatClient;
import com.wecomassist.kpi.KpiProperties;
import com.wecomassist.outreach.llm.LlmPersonaliser;
import com.wecomassist.outreach.wecom.WecomOutreachTasks;
import com.wecomassist.roster.RosterSnapshot;
import com.wecomassist.strategy.StrategyCatalogue;
import com.wecomassist.strategy.StrategyDesk;
import com.wecomassist.strategy.StrategyStore;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.WecomApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.inbound.SyncCursorStore;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outreach.memory.InMemoryOutreachLedger;
import com.wecomassist.outreach.memory.InMemoryQuietHourHolds;
import com.wecomassist.kpi.memory.InMemoryTaskTally;
import com.wecomassist.outreach.redis.RedisOutreachLedger;
import com.wecomassist.outreach.redis.RedisQuietHourHolds;
import com.wecomassist.kpi.redis.RedisTaskTally;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The outreach ledger ({@code assist.mode} picks it; its per-day counts in the bank's zone), the strategies'
 * results read from it, and the engine (days and quiet hours in the bank's zone, {@code assist.kpi.zone}).
 */
@Configuration(proxyBeanMethods = false)
class OutreachConfiguration {

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    OutreachLedger inMemoryOutreachLedger(KpiProperties kpi) {
        return new InMemoryOutreachLedger(kpi.zone());
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    OutreachLedger redisOutreachLedger(ReactiveStringRedisTemplate redis, AssistProperties assist, KpiProperties kpi) {
        return new RedisOutreachLedger(redis, assist.keyPrefix(), kpi.zone());
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    QuietHourHolds inMemoryQuietHourHolds() {
        return new InMemoryQuietHourHolds();
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    QuietHourHolds redisQuietHourHolds(ReactiveStringRedisTemplate redis, AssistProperties assist) {
        return new RedisQuietHourHolds(redis, assist.keyPrefix());
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    TaskTally inMemoryTaskTally(KpiProperties kpi, Clock clock) {
        return new InMemoryTaskTally(kpi.zone(), kpi.retention(), clock);
    }

    /** Days in the bank's zone, kept as long as the KPIs' daily figures. */
    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    TaskTally redisTaskTally(ReactiveStringRedisTemplate redis, AssistProperties assist, KpiProperties kpi) {
        return new RedisTaskTally(redis, assist.keyPrefix(), kpi.zone(), kpi.retention());
    }

    @Bean
    KfWindows kfWindows(ConversationStore conversations, SyncCursorStore accounts) {
        return new ConversationKfWindows(conversations, accounts);
    }

    @Bean
    KfOutreach kfOutreach(KfWindows windows, OutboundHandOff outbound) {
        return new KfOutreach(windows, outbound);
    }

    /** Marks a strategy's 微信客服 message delivered once WeCom accepted it (the outbound stage tells it). */
    @Bean
    OutreachOnKfDelivery outreachOnKfDelivery(OutreachLedger ledger) {
        return new OutreachOnKfDelivery(ledger);
    }

    @Bean
    OutreachResults outreachResults(OutreachLedger ledger) {
        return new OutreachResults(ledger, AbTest.Rules.DEFAULT);
    }

    @Bean
    WinnerPromotion winnerPromotion(StrategyStore strategies, OutreachResults results, StrategyDesk desk) {
        return new WinnerPromotion(strategies, results, desk);
    }

    /** WeCom keeps an app text from being delivered twice for at most 4 h: a warning repeated within that goes once. */
    @Bean
    OutreachTasks outreachTasks(WecomApiClient api, WecomAccount account) {
        return new WecomOutreachTasks(api, account.agentId(), Duration.ofHours(4));
    }

    @Bean
    CustomerFactsReader customerFactsReader(CustomerLinks links, ContactDirectory directory, OptOuts optOuts,
                                            Engagements engagements, KfWindows kf) {
        return new CustomerFactsReader(links, directory, optOuts, engagements, kf);
    }

    @Bean
    OutreachEngine outreachEngine(StrategyCatalogue catalogue, OutreachLedger ledger, CustomerFactsReader facts,
                                  RosterSnapshot roster, ComplianceReview compliance,
                                  OutreachTasks tasks, KfOutreach kf, QuietHourHolds holds,
                                  Personaliser personaliser, AuditTrail audit, MeterRegistry meters, KpiProperties kpi,
                                  Clock clock, TaskTally tally) {
        return new OutreachEngine(catalogue, ledger, facts, roster, compliance, tasks, kf, holds, personaliser, audit,
                meters, kpi.zone(), clock, tally);
    }

    /** The configured model personalises the arms' words that have a prompt; without one they go as written. */
    @Bean
    Personaliser personaliser(LlmProperties llm, ObjectProvider<OpenAiChatClient> model) {
        return llm.configured() ? new LlmPersonaliser(model.getObject(), llm.model()) : Personaliser.AS_WRITTEN;
    }

    @Bean
    OutreachOnEvents outreachOnEvents(OutreachEngine engine, OutreachProperties settings) {
        return new OutreachOnEvents(engine, settings.customerRepliedEvent());
    }

    @Bean
    OutreachOnReplies outreachOnReplies(OutreachEngine engine, OptOutPhrases optOuts) {
        return new OutreachOnReplies(engine, optOuts);
    }

    @Bean
    OutreachOnContacts outreachOnContacts(OutreachEngine engine) {
        return new OutreachOnContacts(engine);
    }

    @Bean
    TaskFollowUp taskFollowUp(OutreachLedger ledger, OutreachTasks tasks, Engagements engagements, TaskTally tally,
                              AuditTrail audit, Clock clock) {
        return new TaskFollowUp(ledger, tasks, engagements, tally, audit, clock);
    }

    @Bean
    HeldRelease heldRelease(QuietHourHolds holds, OutreachEngine engine, Clock clock) {
        return new HeldRelease(holds, engine, clock);
    }

    @Bean(destroyMethod = "dispose")
    reactor.core.Disposable heldReleaseTicks(HeldRelease release) {
        return release.ticks().subscribe();
    }

    @Bean(destroyMethod = "dispose")
    reactor.core.Disposable taskFollowUpTicks(TaskFollowUp followUp) {
        return followUp.ticks().subscribe();
    }
}
