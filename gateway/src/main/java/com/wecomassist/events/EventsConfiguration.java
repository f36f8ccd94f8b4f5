package com.wecomassist.events;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.KafkaProperties;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.events.kafka.KafkaBankEventListener;
import com.wecomassist.events.memory.InMemoryEventStore;
import com.wecomassist.events.redis.RedisEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The bank's events: their store ({@code assist.mode} picks it), their intake and, in cluster mode, their topic. */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    @Bean
    EventFields eventFields(EventsProperties settings, PiiMasker masker) {
        return new EventFields(settings, masker::mask);
    }

    /** Every {@link BankEventListener} bean, in their order; none is fine (nothing consumes the events yet). */
    @Bean
    BankEvents bankEvents(EventStore store, CustomerLinks links, ObjectProvider<BankEventListener> listeners,
                          EventsProperties settings, MeterRegistry meters, Clock clock) {
        return new BankEvents(store, links, () -> listeners.orderedStream().toList(), settings, meters, clock);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        EventStore eventStore(EventsProperties settings, Clock clock) {
            return new InMemoryEventStore(settings.window(), settings.maxPerCustomer(), clock);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        EventStore eventStore(ReactiveStringRedisTemplate redis, AssistProperties assist, EventsProperties settings,
                              Clock clock) {
            return new RedisEventStore(redis, assist.keyPrefix(), settings.window(), settings.maxPerCustomer(), clock);
        }

        @Bean
        KafkaBankEventListener kafkaBankEventListener(BankEvents intake, EventFields fields,
                                                      DeadLetters deadLetters, KafkaProperties topics,
                                                      MeterRegistry meters) {
            return new KafkaBankEventListener(intake, fields, deadLetters, topics.deliveryAttempts(),
                    topics.retryBackoff(), meters);
        }

        /** The dead-letter topic is the gateway's; the events topic is the bank's (it creates and configures it). */
        @Bean
        NewTopic bankEventsDeadLetterTopic(EventsProperties settings, KafkaProperties topics) {
            return topics.topic(DeadLetters.topicFor(settings.topic()), topics.deadLetterRetention());
        }
    }
}
