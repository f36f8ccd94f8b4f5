package com.wecomassist.reply;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.approval.ApprovalProperties;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.comply.ComplianceInForce;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.comply.FlaggedDraftRecorder;
import com.wecomassist.dashboard.CollaborationStats;
import com.wecomassist.draft.Drafter;
import com.wecomassist.draft.PromptCatalogue;
import com.wecomassist.draft.kb.KbTemplateDrafter;
import com.wecomassist.inbound.InboundProperties;
import com.wecomassist.knowledge.KnowledgeProperties;
import com.wecomassist.learn.KnowledgeGaps;
import com.wecomassist.learn.PhrasingSuggestions;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.retrieve.Retriever;
import com.wecomassist.route.AccountManagers;
import com.wecomassist.route.RouteProperties;
import com.wecomassist.route.RoutingPolicy;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.MaskedConversationHistory;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.CustomerWrote;
import com.wecomassist.session.memory.InMemoryConversationHistory;
import com.wecomassist.session.redis.RedisConversationHistory;
import com.wecomassist.welcome.KfWelcomeTexts;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The reply pipeline answers inbound messages; conversation history in memory or Redis by mode. */
@Configuration(proxyBeanMethods = false)
class ReplyConfiguration {

    /** Before readiness: retrieval and the compliance layers run hot (why: {@link AnswerPathWarmUp}). */
    @Bean
    AnswerPathWarmUp answerPathWarmUp(Retriever retriever, ComplianceInForce compliance, InboundProperties inbound) {
        return new AnswerPathWarmUp(retriever, compliance, inbound);
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    ConversationHistory inMemoryConversationHistory(ReplyProperties settings, PiiMasker masker) {
        return new MaskedConversationHistory(new InMemoryConversationHistory(settings.historyTurns(),
                settings.historyIdleTtl()), masker::mask);
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    ConversationHistory redisConversationHistory(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                                 ReplyProperties settings, PiiMasker masker) {
        return new MaskedConversationHistory(new RedisConversationHistory(redis, assist.keyPrefix(),
                settings.historyTurns(), settings.historyIdleTtl()), masker::mask);
    }

    @Bean
    ReplyPipeline replyPipeline(ConversationStore conversations, ConversationHistory history,
                                Retriever retriever, Drafter drafter, ComplianceReview compliance,
                                PiiMasker masker, RoutingPolicy routing, AccountManagers accountManagers,
                                ApprovalQueue approvals, OutboundHandOff outbound, AuditTrail audit,
                                ReplyProperties settings, ApprovalProperties approvalSettings,
                                KnowledgeProperties knowledge, CollaborationStats stats,
                                KnowledgeGaps gaps, MeterRegistry meters, Clock clock,
                                FlaggedDraftRecorder flagged, PromptCatalogue prompts,
                                PhrasingSuggestions suggestions, RouteProperties route,
                                KfWelcomeTexts welcomes, ObjectProvider<CustomerWrote> customerWrote) {
        ReplyRecorder recorder = new ReplyRecorder(audit, gaps, flagged, stats, meters, clock);
        return assemble(new Parts(conversations, history, retriever, drafter, compliance, masker, routing,
                accountManagers, approvals, outbound, settings, approvalSettings.sla(), knowledge.topK(), clock,
                new KbTemplateDrafter(prompts), suggestions, route, welcomes, customerWrote.orderedStream().toList()),
                recorder);
    }

    /** Sends the questions of 猜你想问 menus nobody answered in time to the agents. */
    @Bean
    MenuWatch menuWatch(ReplyPipeline pipeline, ConversationStore conversations, ReplyProperties settings,
                        Clock clock) {
        return new MenuWatch(pipeline, conversations, settings.menuCheckInterval(), clock);
    }

    /**
     * What the stages stand on, besides the recorder.
     *
     * @param menuDrafter drafts the answer of an entry a customer chose from a 猜你想问 menu (the curated answer)
     * @param suggestions the content team's review list, where menu choices become variant suggestions
     * @param welcomes    the enter_session welcome's text from the content team's templates, if published
     * @param customerWrote told when a customer writes (the outreach tests' 互动)
     */
    record Parts(ConversationStore conversations, ConversationHistory history, Retriever retriever, Drafter drafter,
                 ComplianceReview compliance, PiiMasker masker, RoutingPolicy routing,
                 AccountManagers accountManagers, ApprovalQueue approvals, OutboundHandOff outbound,
                 ReplyProperties settings, Duration sla, int sources, Clock clock, KbTemplateDrafter menuDrafter,
                 PhrasingSuggestions suggestions, RouteProperties route, KfWelcomeTexts welcomes,
                 List<CustomerWrote> customerWrote) {
    }

    /** The stages wired in the order of the flow (the application and the stages' tests build it alike). */
    static ReplyPipeline assemble(Parts p, ReplyRecorder recorder) {
        DraftStage draft = new DraftStage(p.drafter(), recorder);
        MenuStage menus = new MenuStage(p.conversations(), p.outbound(), p.routing(), p.retriever(), p.menuDrafter(),
                draft, p.suggestions(), p.route(), p.settings(), recorder, p.clock());
        return new ReplyPipeline(
                new IntakeStage(p.conversations(), p.history(), p.masker(), p.outbound(), p.settings(), recorder,
                        p.clock(), p.customerWrote()),
                new SessionStage(p.conversations(), p.history(), p.accountManagers(), p.settings(), recorder,
                        p.clock()),
                new RetrieveStage(p.retriever(), p.sources(), recorder),
                draft,
                new ComplyStage(p.compliance(), recorder),
                new RouteStage(p.routing(), p.conversations(), recorder, p.clock()),
                new ActStage(p.outbound(), p.approvals(), p.conversations(), p.settings(), p.sla(), recorder,
                        p.clock(), menus),
                new SessionEventHandler(p.conversations(), p.history(), p.outbound(), p.settings(), recorder,
                        p.clock(), p.welcomes()),
                menus,
                recorder);
    }
}
