package com.wecomassist.learn;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.knowledge.CurationDesk;
import com.wecomassist.learn.memory.InMemoryDecidedDrafts;
import com.wecomassist.learn.memory.InMemoryKnowledgeGaps;
import com.wecomassist.learn.memory.InMemoryPhrasingSuggestions;
import com.wecomassist.learn.redis.RedisDecidedDrafts;
import com.wecomassist.learn.redis.RedisKnowledgeGaps;
import com.wecomassist.learn.redis.RedisPhrasingSuggestions;
import com.wecomassist.route.RouteProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The review list, the decided drafts and the gaps: in memory for the embedded mode, in Redis for a cluster. */
@Configuration(proxyBeanMethods = false)
class LearnConfiguration {

    @Bean
    AgentLearning agentLearning(DecidedDrafts decisions, CurationDesk kb, RouteProperties route, Clock clock) {
        return new AgentLearning(decisions, kb, route.autoSendConfidence(), clock);
    }

    @Bean
    LearnDesk learnDesk(DecidedDrafts decisions, PhrasingSuggestions suggestions, KnowledgeGaps gaps,
                        CurationDesk kb, AuditTrail audit, LearnProperties settings, Clock clock) {
        return new LearnDesk(decisions, suggestions, gaps, kb, audit, settings, clock);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        PhrasingSuggestions phrasingSuggestions(LearnProperties settings, Clock clock) {
            return new InMemoryPhrasingSuggestions(settings.suggestionRetention(), clock);
        }

        @Bean
        DecidedDrafts decidedDrafts(LearnProperties settings, Clock clock) {
            return new InMemoryDecidedDrafts(settings.decisionRetention(), clock);
        }

        @Bean
        KnowledgeGaps knowledgeGaps(LearnProperties settings, Clock clock) {
            return new InMemoryKnowledgeGaps(settings.gapCapacity(), settings.gapRetention(), clock);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        PhrasingSuggestions phrasingSuggestions(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                                LearnProperties settings) {
            return new RedisPhrasingSuggestions(redis, assist.keyPrefix(), settings.suggestionRetention());
        }

        @Bean
        DecidedDrafts decidedDrafts(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                    LearnProperties settings) {
            return new RedisDecidedDrafts(redis, assist.keyPrefix(), settings.decisionRetention());
        }

        @Bean
        KnowledgeGaps knowledgeGaps(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                    LearnProperties settings, Clock clock) {
            return new RedisKnowledgeGaps(redis, assist.keyPrefix(), settings.gapCapacity(), settings.gapRetention(),
                    clock);
        }
    }
}
