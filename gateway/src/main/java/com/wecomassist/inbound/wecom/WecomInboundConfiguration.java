package com.wecomassist.inbound.wecom;

import com.wecomassist.LocalServerAddress;
import com.wecomassist.contacts.ContactIntake;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.inbound.CallbackReplayGuard;
import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.InboundProperties;
import com.wecomassist.inbound.KfSyncLock;
import com.wecomassist.inbound.SyncCursorStore;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomProperties;
import com.wecomassist.wecom.crypto.WecomCallbackCrypto;
import com.wecomassist.welcome.WelcomeSender;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The WeCom side of intake: the callback endpoint, the sync loop it drives, and its periodic pull. */
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

    @Bean
    WecomCallbackEndpoint wecomCallbackEndpoint(WecomCallbackCrypto crypto, KfSyncLoop syncLoop, InboundHandOff handOff,
                                                CallbackReplayGuard replayGuard, WecomProperties settings,
                                                MeterRegistry meters, Clock clock, ContactIntake contacts,
                                                WelcomeSender welcomes) {
        return new WecomCallbackEndpoint(crypto, syncLoop, handOff, replayGuard, settings, meters, clock, contacts,
                welcomes);
    }

    /** Before readiness: the callback path run hot (why: {@link CallbackWarmUp}). */
    @Bean
    CallbackWarmUp callbackWarmUp(WecomCallbackCrypto crypto, WecomCallbackEndpoint endpoint, WecomAccount account,
                                  LocalServerAddress address, InboundProperties inbound, Clock clock) {
        return new CallbackWarmUp(crypto, endpoint, account, address, inbound, clock);
    }

    /** The callback path is answered before the WebFlux stack (why: {@link WecomCallbackEndpoint}). */
    @Bean
    WebHttpHandlerBuilderCustomizer wecomCallbackFirst(WecomCallbackEndpoint endpoint) {
        return builder -> builder.httpHandlerDecorator(endpoint::before);
    }
}
