package com.wecomassist.conversation;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.conversation.memory.InMemoryConversationStore;
import com.wecomassist.conversation.memory.InMemoryOnceMarks;
import com.wecomassist.conversation.redis.RedisConversationStore;
import com.wecomassist.conversation.redis.RedisOnceMarks;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Conversation state and once-marks: in memory in embedded mode, in Redis in cluster mode. */
@Configuration(proxyBeanMethods = false)
class ConversationConfiguration {

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

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    OnceMarks inMemoryOnceMarks() {
        return new InMemoryOnceMarks();
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    OnceMarks redisOnceMarks(ReactiveStringRedisTemplate redis, AssistProperties assist) {
        return new RedisOnceMarks(redis, assist.keyPrefix());
    }
}
