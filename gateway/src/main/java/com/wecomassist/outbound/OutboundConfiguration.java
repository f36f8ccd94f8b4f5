package com.wecomassist.outbound;

import com.wecomassist.outbound.wecom.WecomReplySender;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.WecomApiClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Replies leave through WeCom. */
@Configuration(proxyBeanMethods = false)
class OutboundConfiguration {

    @Bean
    ReplySender replySender(WecomApiClient api, WecomAccount account) {
        return new WecomReplySender(api, account.agentId());
    }
}
