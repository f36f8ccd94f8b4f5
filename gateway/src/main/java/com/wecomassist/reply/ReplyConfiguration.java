package com.wecomassist.reply;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.approval.ApprovalProperties;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.comply.FlaggedDraftRecorder;
import com.wecomassist.dashboard.CollaborationStats;
import com.wecomassist.draft.Drafter;
import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.knowledge.KnowledgeProperties;
import com.wecomassist.learn.KnowledgeGaps;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.retrieve.Retriever;
import com.wecomassist.route.AccountManagers;
import com.wecomassist.route.RoutingPolicy;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.session.memory.InMemoryConversationHistory;
import com.wecomassist.session.redis.RedisConversationHistory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The reply pipeline answers inbound messages; conversation history in memory or Redis by mode. */
@Configuration(proxyBeanMethods = false)
class ReplyConfiguration {

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    ConversationHistory inMemoryConversationHistory(ReplyProperties settings) {
        return new InMemoryConversationHistory(settings.historyTurns(), settings.historyIdleTtl());
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    ConversationHistory redisConversationHistory(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                                 ReplyProperties settings) {
        return new RedisConversationHistory(redis, assist.keyPrefix(), settings.historyTurns(),
                settings.historyIdleTtl());
    }

    @Bean
    InboundMessageHandler replyPipeline(ConversationStore conversations, ConversationHistory history,
                                        Retriever retriever, Drafter drafter, ComplianceReview compliance,
                                        PiiMasker masker, RoutingPolicy routing, AccountManagers accountManagers,
                                        ApprovalQueue approvals, OutboundHandOff outbound, AuditTrail audit,
                                        ReplyProperties settings, ApprovalProperties approvalSettings,
                                        KnowledgeProperties knowledge, CollaborationStats stats,
                                        KnowledgeGaps gaps, MeterRegistry meters, Clock clock,
                                        FlaggedDraftRecorder flagged) {
        return new ReplyPipeline(conversations, history, retriever, drafter, compliance, masker, routing,
                accountManagers, approvals, outbound, audit, settings, approvalSettings, knowledge.topK(), stats,
                gaps, meters, clock, flagged);
    }
}
