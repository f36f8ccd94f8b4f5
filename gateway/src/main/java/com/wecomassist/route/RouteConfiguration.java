package com.wecomassist.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one routing policy. Who the customers' account managers are ({@link AccountManagers}) is answered by
 * {@code customerlinks/} (the bank's links, then {@code assist.route.account-managers}).
 */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

    @Bean
    RoutingPolicy routingPolicy(RouteProperties settings) {
        return new DefaultRoutingPolicy(settings);
    }
}
