package com.wecomassist.inbound;

import com.wecomassist.inbound.memory.InMemoryCallbackReplayGuard;
import com.wecomassist.inbound.memory.InMemoryKfSyncLock;
import com.wecomassist.inbound.memory.InMemoryMessageDedupe;
import com.wecomassist.inbound.memory.InMemorySyncCursorStore;
import com.wecomassist.inbound.memory.InProcessInboundHandOff;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Intake state for the embedded mode: everything in this process's memory. */
@Configuration(proxyBeanMethods = false)
class InboundConfiguration {

    @Bean
    MessageDedupe messageDedupe() {
        return new InMemoryMessageDedupe();
    }

    @Bean
    SyncCursorStore syncCursorStore() {
        return new InMemorySyncCursorStore();
    }

    @Bean
    KfSyncLock kfSyncLock(Clock clock) {
        return new InMemoryKfSyncLock(clock);
    }

    @Bean
    CallbackReplayGuard callbackReplayGuard() {
        return new InMemoryCallbackReplayGuard();
    }

    @Bean
    InProcessInboundHandOff inboundHandOff(InboundMessageHandler handler, InboundProperties settings,
                                           MeterRegistry meters) {
        return new InProcessInboundHandOff(handler, settings.queueCapacity(), meters);
    }
}
