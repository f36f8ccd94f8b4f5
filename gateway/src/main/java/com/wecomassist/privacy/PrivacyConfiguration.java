package com.wecomassist.privacy;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.comply.RecentTexts;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.engagement.Engagements;
import com.wecomassist.events.BankEvents;
import com.wecomassist.learn.DecidedDrafts;
import com.wecomassist.learn.KnowledgeGaps;
import com.wecomassist.learn.PhrasingSuggestions;
import com.wecomassist.optout.OptOuts;
import com.wecomassist.session.ConversationHistory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Customers' personal data: export and erasure across the stores, and the retention of those without a limit. */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

    @Bean
    PrivacyDesk privacyDesk(ConversationStore conversations, ConversationHistory history, ApprovalQueue approvals,
                            AuditTrail audit, KnowledgeGaps gaps, PhrasingSuggestions suggestions,
                            DecidedDrafts decided, RecentTexts checked, CustomerLinks links,
                            ContactDirectory contacts, BankEvents events, OptOuts optOuts,
                            Engagements engagements, Clock clock) {
        return new PrivacyDesk(conversations, history, approvals, audit, gaps, suggestions, decided, checked, links,
                contacts, events, optOuts, engagements, clock);
    }

    @Bean
    RetentionSweep retentionSweep(RecentTexts checked, ApprovalQueue approvals, ConversationStore conversations,
                                  AuditTrail audit, PhrasingSuggestions suggestions, PrivacyProperties settings,
                                  MeterRegistry meters, Clock clock) {
        return new RetentionSweep(checked, approvals, conversations, audit, suggestions, settings, meters, clock);
    }
}
