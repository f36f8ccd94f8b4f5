package com.wecomassist.cluster;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives a gateway started inside a test JVM its own Reactor Netty event loops and connection pool.
 * By default every Spring context in one JVM shares Reactor Netty's global resources, and closing
 * one context disposes them for all: stopping one of several in-process instances would cut the
 * others off. Separate processes (production) never share them.
 */
@Configuration(proxyBeanMethods = false)
class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        return resources;
    }
}
