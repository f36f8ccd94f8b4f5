package com.wecomassist.simulator;

import com.wecomassist.LocalServerAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Wires the simulator when {@link SimulatorMode} says it runs; when it does not, nothing answers under
 * {@code /simulator} (its API, its chat API and its page alike: 404).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SimulatorMode.class)
class SimulatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SimulatorConfiguration.class);

    @Bean
    WecomSimulator wecomSimulator(SimulatorProperties settings, Clock clock) {
        return new WecomSimulator(settings, clock);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    SimulatedCallbacks simulatedCallbacks(WecomSimulator simulator, WebClient.Builder http,
                                          LocalServerAddress local, SimulatorProperties settings, Clock clock) {
        List<String> urls = settings.callbackUrls() == null ? List.of() : List.copyOf(settings.callbackUrls());
        AtomicInteger turn = new AtomicInteger();
        return new SimulatedCallbacks(simulator, http, () -> urls.isEmpty()
                ? local.baseUrl() + "/wecom/callback"
                : urls.get(Math.floorMod(turn.getAndIncrement(), urls.size())), clock);
    }

    /**
     * The chat page's files (index.html, simulator.js, simulator.css), served like static files
     * (Last-Modified, 304) but kept outside {@code static/}, which is served whatever runs: the page
     * exists only while the simulator does.
     */
    @Bean
    WebFluxConfigurer simulatorPage() {
        return new WebFluxConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/simulator/*").addResourceLocations("classpath:/simulator-page/");
            }
        };
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce(ApplicationReadyEvent event) {
        LocalServerAddress local = event.getApplicationContext().getBean(LocalServerAddress.class);
        log.info("WeCom simulator is running: chat as a customer at {}/simulator", local.baseUrl());
    }
}
