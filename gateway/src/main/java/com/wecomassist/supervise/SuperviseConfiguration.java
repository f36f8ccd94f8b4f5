package com.wecomassist.supervise;

import com.wecomassist.access.StaffScope;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.staff.StaffDirectory;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The team leads' desk, on the same stores as the agents'. */
@Configuration(proxyBeanMethods = false)
class SuperviseConfiguration {

    @Bean
    SupervisorDesk supervisorDesk(StaffDirectory staff, ConversationStore conversations, ApprovalQueue approvals,
                                  AuditTrail audit, Clock clock, StaffScope scope) {
        return new SupervisorDesk(staff, conversations, approvals, audit, clock, scope);
    }
}
