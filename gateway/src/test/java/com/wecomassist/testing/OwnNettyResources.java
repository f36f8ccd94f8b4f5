package com.wecomassist.testing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives a gateway started by a test itself (SpringApplicationBuilder) its own Reactor Netty event
 * loops and connection pool. By default every Spring context in one JVM shares Reactor Netty's
 * global resources, and closing one context disposes them for all: closing an instance a test
 * started would cut off every other context of the run, the cached test contexts included (their
 * servers stop answering). Every test that starts and closes a gateway adds this configuration.
 * Separate processes (production) never share them.
 */
@Configuration(proxyBeanMethods = false)
public class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        return resources;
    }
}
