package com.wecomassist.session;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.session.memory.InMemoryConversationStore;
import com.wecomassist.session.redis.RedisConversationStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Conversation state: in memory in embedded mode, in Redis in cluster mode. */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    ConversationStore inMemoryConversationStore(SessionProperties settings, Clock clock) {
        return new InMemoryConversationStore(settings.idleTtl(), clock);
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    ConversationStore redisConversationStore(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                             SessionProperties settings, Clock clock) {
        return new RedisConversationStore(redis, assist.keyPrefix(), settings.idleTtl(), settings.maxCasRetries(), clock);
    }
}
