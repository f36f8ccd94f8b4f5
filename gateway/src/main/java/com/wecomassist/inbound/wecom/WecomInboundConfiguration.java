package com.wecomassist.inbound.wecom;

import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.KfSyncLock;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.inbound.SyncCursorStore;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The WeCom side of intake: the sync loop the callback controller drives. */
@Configuration(proxyBeanMethods = false)
class WecomInboundConfiguration {

    @Bean
    KfSyncLoop kfSyncLoop(WecomApiClient api, SyncCursorStore cursors, OnceMarks dedupe, KfSyncLock lock,
                          InboundHandOff handOff, WecomProperties settings, MeterRegistry meters) {
        return new KfSyncLoop(api, cursors, dedupe, lock, handOff, settings, meters);
    }
}
