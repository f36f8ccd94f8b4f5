package com.wecomassist.contacts;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.contacts.memory.InMemoryContactDirectory;
import com.wecomassist.contacts.memory.InMemoryContactSyncCheckpoints;
import com.wecomassist.contacts.redis.RedisContactDirectory;
import com.wecomassist.contacts.redis.RedisContactSyncCheckpoints;
import com.wecomassist.contacts.wecom.WecomContactLookup;
import com.wecomassist.contacts.wecom.WecomContactPages;
import com.wecomassist.wecom.WecomApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/** The 客户联系 directory ({@code assist.mode} picks its adapters), its intake and its full sync. */
@Configuration(proxyBeanMethods = false)
class ContactsConfiguration {

    @Bean
    ContactIntake contactIntake(ContactDirectory directory, ObjectProvider<ContactEventListener> listeners,
                                MeterRegistry meters) {
        return new ContactIntake(directory, listeners.orderedStream().toList(), meters);
    }

    @Bean
    ContactPages contactPages(WecomApiClient api, Clock clock) {
        return new WecomContactPages(api, clock);
    }

    @Bean
    ContactLookup contactLookup(WecomApiClient api) {
        return new WecomContactLookup(api);
    }

    /** Off ({@code assist.contacts.refresh-on-edit=false}): edits reach the directory at the next full sync. */
    @Bean
    ContactEventListener editRefresh(ContactLookup lookup, ContactDirectory directory, ContactsProperties settings,
                                     MeterRegistry meters) {
        return settings.refreshOnEdit() ? new EditRefresh(lookup, directory, meters) : (event, outcome) -> Mono.empty();
    }

    @Bean(destroyMethod = "stop")
    ContactSync contactSync(ContactPages pages, ContactDirectory directory, ContactSyncCheckpoints checkpoints,
                            ContactsProperties settings, MeterRegistry meters, Clock clock) {
        return new ContactSync(pages, directory, checkpoints, settings, meters, clock);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        ContactDirectory contactDirectory(ContactsProperties settings) {
            return new InMemoryContactDirectory(settings.historyLimit());
        }

        @Bean
        ContactSyncCheckpoints contactSyncCheckpoints() {
            return new InMemoryContactSyncCheckpoints();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        ContactDirectory contactDirectory(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                          ContactsProperties settings) {
            return new RedisContactDirectory(redis, assist.keyPrefix(), settings.historyLimit());
        }

        @Bean
        ContactSyncCheckpoints contactSyncCheckpoints(ReactiveStringRedisTemplate redis, AssistProperties assist) {
            return new RedisContactSyncCheckpoints(redis, assist.keyPrefix());
        }
    }
}
