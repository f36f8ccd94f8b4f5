package com.wecomassist.customerlinks;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.KafkaProperties;
import com.wecomassist.customerlinks.kafka.KafkaCustomerLinkListener;
import com.wecomassist.customerlinks.memory.InMemoryCustomerLinks;
import com.wecomassist.customerlinks.redis.RedisCustomerLinks;
import com.wecomassist.route.AccountManagers;
import com.wecomassist.route.RouteProperties;
import com.wecomassist.route.config.ConfiguredAccountManagers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bank's customer links ({@code assist.mode} picks the store), their import, in cluster mode their
 * topic, and routing's account managers read from them.
 */
@Configuration(proxyBeanMethods = false)
class CustomerLinksConfiguration {

    /** A completed 客户继承 takeover moves the 管户 in the bank's link (inherit/ tells every TakeoverListener). */
    @Bean
    ManagerFollowsTakeover managerFollowsTakeover(CustomerLinks links) {
        return new ManagerFollowsTakeover(links);
    }

    @Bean
    LinkFields linkFields(CustomerLinksProperties settings) {
        return new LinkFields(settings);
    }

    /** The links first, the configured list ({@code assist.route.account-managers}) behind them. */
    @Bean
    AccountManagers accountManagers(CustomerLinks links, CustomerLinksProperties settings, RouteProperties route) {
        return new LinkedAccountManagers(links, settings, new ConfiguredAccountManagers(route.accountManagers()));
    }

    @Bean
    LinkImport linkImport(CustomerLinks links, LinkFields fields, CustomerLinksProperties settings,
                          MeterRegistry meters, Clock clock) {
        return new LinkImport(links, fields, settings, meters, clock);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        CustomerLinks customerLinks(Clock clock) {
            return new InMemoryCustomerLinks(clock);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        CustomerLinks customerLinks(ReactiveStringRedisTemplate redis, AssistProperties assist, Clock clock) {
            return new RedisCustomerLinks(redis, assist.keyPrefix(), clock);
        }

        @Bean
        KafkaCustomerLinkListener kafkaCustomerLinkListener(CustomerLinks links, LinkFields fields, JsonMapper json,
                                                            DeadLetters deadLetters, KafkaProperties topics,
                                                            MeterRegistry meters, Clock clock) {
            return new KafkaCustomerLinkListener(links, fields, json, deadLetters, topics.deliveryAttempts(),
                    topics.retryBackoff(), meters, clock);
        }

        /**
         * The dead-letter topic is the gateway's; the links topic is the bank's (it creates it, compacted
         * so the latest record of each customer stays): the gateway does not set its configuration.
         */
        @Bean
        NewTopic customerLinksDeadLetterTopic(CustomerLinksProperties settings, KafkaProperties topics) {
            return topics.topic(DeadLetters.topicFor(settings.topic()), topics.deadLetterRetention());
        }
    }
}
