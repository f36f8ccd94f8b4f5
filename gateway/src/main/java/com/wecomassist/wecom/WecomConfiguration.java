package com.wecomassist.wecom;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.wecom.crypto.WecomCallbackCrypto;
import com.wecomassist.wecom.memory.InMemoryAccessTokenStore;
import com.wecomassist.wecom.redis.RedisAccessTokenStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The shared pieces that speak to the WeCom account the gateway serves (which account that is, the
 * configured one or the simulator's, is decided in {@code simulator.WecomAccountConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class WecomConfiguration {

    @Bean
    WecomCallbackCrypto wecomCallbackCrypto(WecomAccount account) {
        return new WecomCallbackCrypto(account.token(), account.encodingAesKey(), account.corpId());
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    AccessTokenStore inMemoryAccessTokenStore() {
        return new InMemoryAccessTokenStore();
    }

    @Bean
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    AccessTokenStore redisAccessTokenStore(ReactiveStringRedisTemplate redis, AssistProperties assist, Clock clock) {
        return new RedisAccessTokenStore(redis, assist.keyPrefix(), clock);
    }

    @Bean
    WecomApiClient wecomApiClient(WebClient.Builder http, WecomAccount account, AccessTokenStore tokens,
                                  WecomProperties settings, MeterRegistry meters, Clock clock) {
        return new WecomApiClient(http, account, tokens, settings, meters, clock);
    }
}
