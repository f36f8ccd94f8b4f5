package com.wecomassist.outbound;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.InOrderAcks;
import com.wecomassist.cluster.KafkaProperties;
import com.wecomassist.cluster.PayloadCipher;
import com.wecomassist.dashboard.CollaborationStats;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.outbound.kafka.KafkaOutboundHandOff;
import com.wecomassist.outbound.kafka.KafkaOutboundListener;
import com.wecomassist.outbound.memory.InProcessOutboundHandOff;
import com.wecomassist.outbound.wecom.WecomReplySender;
import com.wecomassist.outbound.wecom.WecomSessionTransfer;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.WecomApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Replies leave through WeCom; in cluster mode by way of the outbound topic. */
@Configuration(proxyBeanMethods = false)
class OutboundConfiguration {

    @Bean
    ReplySender replySender(WecomApiClient api, WecomAccount account, OutboundProperties settings) {
        return new WecomReplySender(api, account.agentId(), settings.appDuplicateCheck());
    }

    @Bean
    SessionTransfer sessionTransfer(WecomApiClient api, Clock clock) {
        return new WecomSessionTransfer(api, clock);
    }

    @Bean
    ReplyDispatcher replyDispatcher(ReplySender sender, SessionTransfer sessions, ConversationStore conversations,
                                    ConversationHistory history, AuditTrail audit, OnceMarks dedupe,
                                    CollaborationStats stats, OutboundProperties settings, MeterRegistry meters,
                                    Clock clock, java.util.List<ReplySent> listeners) {
        return new ReplyDispatcher(sender, sessions, conversations, history, audit, dedupe, stats, settings, meters,
                clock, listeners);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        OutboundHandOff outboundHandOff(ReplyDispatcher dispatcher) {
            return new InProcessOutboundHandOff(dispatcher);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        OutboundHandOff outboundHandOff(KafkaTemplate<String, String> kafka, KafkaProperties topics, JsonMapper json,
                                        PayloadCipher cipher) {
            return new KafkaOutboundHandOff(kafka, topics.outboundTopic(), json, cipher);
        }

        @Bean
        KafkaOutboundListener kafkaOutboundListener(ReplyDispatcher dispatcher, JsonMapper json,
                                                    DeadLetters deadLetters, KafkaProperties topics,
                                                    PayloadCipher cipher, KafkaListenerEndpointRegistry containers) {
            return new KafkaOutboundListener(dispatcher, json, deadLetters, topics.deliveryAttempts(),
                    topics.retryBackoff(), cipher,
                    new InOrderAcks(topics.maxInFlight(), InOrderAcks.pausing(containers, KafkaOutboundListener.ID),
                            topics.commitInterval()));
        }
    }
}
