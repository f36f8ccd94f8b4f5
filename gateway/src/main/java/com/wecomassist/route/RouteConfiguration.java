package com.wecomassist.route;

import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.customerlinks.CustomerLinksProperties;
import com.wecomassist.route.config.ConfiguredAccountManagers;
import com.wecomassist.route.links.LinkedAccountManagers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one routing policy, and who the customers' account managers are (the bank's links, then configuration). */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

    @Bean
    RoutingPolicy routingPolicy(RouteProperties settings) {
        return new DefaultRoutingPolicy(settings);
    }

    @Bean
    AccountManagers accountManagers(RouteProperties settings, CustomerLinks links, CustomerLinksProperties tiers) {
        return new LinkedAccountManagers(links, tiers, new ConfiguredAccountManagers(settings.accountManagers()));
    }
}
