package com.wecomassist.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one routing policy. */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

    @Bean
    RoutingPolicy routingPolicy(RouteProperties settings) {
        return new DefaultRoutingPolicy(settings);
    }
}
