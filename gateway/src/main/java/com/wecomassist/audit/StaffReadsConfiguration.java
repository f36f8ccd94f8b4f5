package com.wecomassist.audit;

import com.wecomassist.conversation.OnceMarks;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Staff reading conversations, on whichever trail and marks the mode has. */
@Configuration(proxyBeanMethods = false)
class StaffReadsConfiguration {

    @Bean
    StaffReads staffReads(AuditTrail trail, OnceMarks marks, AuditProperties settings, Clock clock) {
        return new StaffReads(trail, marks, settings.staffReadInterval(), clock);
    }
}
