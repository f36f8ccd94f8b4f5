package com.wecomassist.reply;

import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.outbound.ReplySender;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.memory.InMemoryConversationHistory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What answers inbound messages: for now the acknowledgement placeholder (see its Javadoc). */
@Configuration(proxyBeanMethods = false)
class ReplyConfiguration {

    @Bean
    ConversationHistory conversationHistory(ReplyProperties settings) {
        return new InMemoryConversationHistory(settings.historyTurns(), settings.historyIdleTtl());
    }

    @Bean
    InboundMessageHandler acknowledgementReplier(ReplySender sender, ConversationHistory history,
                                                 ReplyProperties settings, MeterRegistry meters, Clock clock) {
        return new AcknowledgementReplier(sender, history, settings, meters, clock);
    }
}
