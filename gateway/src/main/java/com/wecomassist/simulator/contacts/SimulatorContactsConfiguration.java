package com.wecomassist.simulator.contacts;

import com.wecomassist.simulator.SimulatedCallbacks;
import com.wecomassist.simulator.SimulatorMode;
import com.wecomassist.simulator.SimulatorProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Wires the simulator's 客户联系 side, which runs exactly when the simulator does. */
@Configuration(proxyBeanMethods = false)
@Conditional(SimulatorMode.class)
class SimulatorContactsConfiguration {

    @Bean
    ContactsSimulator contactsSimulator(SimulatorProperties settings, Clock clock) {
        // its own clock, not a bean: a second Clock bean would be injected where the real one is meant
        return new ContactsSimulator(new SimulatedTime(clock), settings.maxContacts());
    }

    @Bean
    GroupSendSimulator groupSendSimulator(ContactsSimulator contacts, SimulatorProperties settings) {
        return new GroupSendSimulator(contacts, settings.maxGroupTasks());
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    ContactCallbacks contactCallbacks(ContactsSimulator contacts, SimulatedCallbacks callbacks,
                                      SimulatorProperties settings) {
        return new ContactCallbacks(contacts, callbacks, settings.corpId(), Duration.ofSeconds(1));
    }
}
