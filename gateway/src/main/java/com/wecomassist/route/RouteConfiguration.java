package com.wecomassist.route;

import com.wecomassist.route.config.ConfiguredAccountManagers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one routing policy. */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

    @Bean
    RoutingPolicy routingPolicy(RouteProperties settings) {
        return new DefaultRoutingPolicy(settings);
    }

    @Bean
    AccountManagers accountManagers(RouteProperties settings) {
        return new ConfiguredAccountManagers(settings.accountManagers());
    }
}
