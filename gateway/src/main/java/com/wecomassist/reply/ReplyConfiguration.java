package com.wecomassist.reply;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.outbound.ReplySender;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.memory.InMemoryConversationHistory;
import com.wecomassist.session.redis.RedisConversationHistory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.context.annotation.Configuration;

/** What answers inbound messages: for now the acknowledgement placeholder (see its Javadoc). */
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
    InboundMessageHandler acknowledgementReplier(ReplySender sender, ConversationHistory history,
                                                 ReplyProperties settings, MeterRegistry meters, Clock clock) {
        return new AcknowledgementReplier(sender, history, settings, meters, clock);
    }
}
