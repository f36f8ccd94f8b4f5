package com.wecomassist.demo;

import com.wecomassist.contacts.ContactSync;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.kpi.KpiRuns;
import com.wecomassist.roster.EmployeeRoster;
import com.wecomassist.simulator.SimulatorMode;
import com.wecomassist.simulator.contacts.ContactsSimulator;
import com.wecomassist.strategy.StrategyDesk;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import reactor.core.Disposable;

/** The demo bank's side, beside the built-in simulator only ({@link DemoBankSide}). */
@Configuration(proxyBeanMethods = false)
@Conditional(SimulatorMode.class)
@ConditionalOnProperty(name = "assist.simulator.demo-bank-side", havingValue = "true", matchIfMissing = true)
class DemoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);

    private Disposable seeding;

    @Bean
    DemoBankSide demoBankSide(ContactsSimulator simulator, EmployeeRoster roster, ContactSync sync,
                              CustomerLinks links, KpiRuns kpis, StrategyDesk strategies, Clock clock) {
        return new DemoBankSide(simulator, roster, sync, links, kpis, strategies, clock);
    }

    /** Once the gateway answers (the sync reads the simulator through it). */
    @EventListener(ApplicationReadyEvent.class)
    void seed(ApplicationReadyEvent event) {
        DemoBankSide demo = event.getApplicationContext().getBean(DemoBankSide.class);
        seeding = demo.seed().subscribe(null, e -> log.warn("demo bank side not ready: {}", e.toString()));
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (seeding != null) {
            seeding.dispose();
        }
    }
}
