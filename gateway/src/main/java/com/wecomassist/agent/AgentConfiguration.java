package com.wecomassist.agent;

import com.wecomassist.approval.ApprovalProperties;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.comply.FlaggedDraftRecorder;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.learn.AgentLearning;
import com.wecomassist.learn.LearnDesk;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.session.ConversationHistory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The agents' side of the flow: their actions on drafts and conversations, the handoff queue, and the SLA watch. */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

    @Bean
    AgentDesk agentDesk(ApprovalQueue approvals, ConversationStore conversations, ComplianceReview compliance,
                        OutboundHandOff outbound, AuditTrail audit, AgentLearning learning, MeterRegistry meters,
                        Clock clock, FlaggedDraftRecorder flagged, LearnDesk variants) {
        return new AgentDesk(approvals, conversations, compliance, outbound, audit, learning, meters, clock, flagged,
                variants);
    }

    @Bean
    HandoffQueue handoffQueue(ConversationStore conversations, ConversationHistory history,
                              ApprovalProperties settings, Clock clock) {
        return new HandoffQueue(conversations, history, settings.sla(), settings.streamRefresh(), clock);
    }

    @Bean
    SlaWatch slaWatch(ApprovalQueue approvals, ConversationStore conversations, OutboundHandOff outbound,
                      AuditTrail audit, OnceMarks dedupe, ApprovalProperties settings, MeterRegistry meters,
                      Clock clock) {
        return new SlaWatch(approvals, conversations, outbound, audit, dedupe, settings, meters, clock);
    }
}
