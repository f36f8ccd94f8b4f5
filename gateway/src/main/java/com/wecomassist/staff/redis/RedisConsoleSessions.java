package com.wecomassist.staff.redis;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.staff.ConsoleProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.ReactiveSessionRepositoryCustomizer;
import org.springframework.session.data.redis.ReactiveRedisSessionRepository;
import org.springframework.session.data.redis.config.annotation.web.server.EnableRedisWebSession;

/**
 * Cluster mode: console logins live in Redis (Spring Session), so whichever instance the load
 * balancer picks knows the user, a logout or an expiry holds on every instance, and a restarted
 * instance does not log everybody out. No sticky sessions are needed in front of the gateway.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
@EnableRedisWebSession
class RedisConsoleSessions {

    @Bean
    ReactiveSessionRepositoryCustomizer<ReactiveRedisSessionRepository> consoleSessionSettings(AssistProperties assist,
                                                                                             ConsoleProperties settings) {
        return sessions -> {
            // keys <key-prefix>console-sessions:sessions:<id>, beside the gateway's other keys
            sessions.setRedisKeyNamespace(assist.keyPrefix() + "console-sessions");
            sessions.setDefaultMaxInactiveInterval(settings.sessionIdleTimeout());
        };
    }
}
