package com.wecomassist.events;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Signed event requests ({@link EventSignatures}) have a security chain of their own: a {@code POST
 * /api/events} that carries {@code X-Assist-Signature} is decided here by its signature alone (no session,
 * no CSRF token: no cookie is involved, and no Basic). Every other request, {@code POST /api/events} with
 * Basic included, is the staff chain's ({@code staff/SecurityConfiguration}), as before. Ordered after the
 * callback's chain and before the staff chain.
 */
@Configuration(proxyBeanMethods = false)
class EventsSecurityConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityWebFilterChain signedEventsSecurity(ServerHttpSecurity http, EventsProperties settings,
                                                MeterRegistry meters, Clock clock) {
        ServerWebExchangeMatcher signedEvents = exchange -> ServerWebExchangeMatchers
                .pathMatchers(HttpMethod.POST, "/api/events").matches(exchange)
                .filter(match -> match.isMatch()
                        && exchange.getRequest().getHeaders().containsHeader(EventSignatures.SIGNATURE_HEADER))
                .switchIfEmpty(ServerWebExchangeMatcher.MatchResult.notMatch());
        return http.securityMatcher(signedEvents)
                .addFilterAt(new EventSignatures(settings, meters, clock), SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(paths -> paths.anyExchange().hasRole("EVENT_SOURCE"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                        new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .build();
    }
}
