package com.wecomassist.inbound.wecom;

import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.KfSyncLock;
import com.wecomassist.inbound.SyncCursorStore;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The WeCom side of intake: the sync loop the callback controller drives, and its periodic pull. */
@Configuration(proxyBeanMethods = false)
class WecomInboundConfiguration {

    /** Closed (it waits for rounds under way) after the periodic pull stopped and before the hand-off. */
    @Bean
    KfSyncLoop kfSyncLoop(WecomApiClient api, SyncCursorStore cursors, OnceMarks marks, KfSyncLock lock,
                          InboundHandOff handOff, WecomProperties settings, MeterRegistry meters) {
        return new KfSyncLoop(api, cursors, marks, lock, handOff, settings, meters);
    }

    @Bean
    KfPeriodicPull kfPeriodicPull(KfSyncLoop loop, SyncCursorStore cursors, KfSyncLock lock,
                                  WecomProperties settings) {
        return new KfPeriodicPull(loop, cursors, lock, settings.syncEvery());
    }
}
