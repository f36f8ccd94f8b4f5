package com.wecomassist.staff;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpBasicServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import reactor.core.publisher.Mono;

/**
 * Who may reach what. Staff log in with a form ({@code /login}, session cookie) or, for tools and
 * load tests, HTTP Basic on every request; the WeCom callback (signed by WeCom), the simulator and
 * the health probes stay open. Anything else under {@code /api} and {@code /console} is denied unless
 * a rule below allows it; {@link Role#ADMIN} is allowed everywhere.
 *
 * <p>CSRF: browser sessions send the token the pages read from the {@code XSRF-TOKEN} cookie back
 * in the {@code X-XSRF-TOKEN} header (forms: the {@code _csrf} field). Requests that carry
 * {@code Authorization: Basic} are not exposed to CSRF (a browser does not add that header to a
 * forged request unless the user typed Basic credentials into it, and the API never asks it to).
 *
 * <p>Logins: see {@link StaffAuthentication} (limits, Basic for service accounts only) and
 * {@link StaffSessions} (what ends a session). Over HTTPS (as the request's scheme says: behind a
 * proxy that ends TLS, only with {@code server.forward-headers-strategy} set, so that a client's own
 * {@code X-Forwarded-Proto} is not believed) the answers carry HSTS and every cookie is Secure.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    static final String LOGIN = "/login";
    static final String AFTER_LOGIN = "/console/";
    static final String[] CALLBACK_PATHS = {"/wecom/callback", "/wecom/callback/**"};
    /**
     * Everything from this origin only; scripts only from files (never inline, never eval), so a value
     * that slipped into a page's markup unescaped still cannot run. Styles may be inline: the pages
     * use style attributes, and a style cannot run code. {@code data:} images: the pages' empty
     * favicon. No framing, no form sent elsewhere.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    StaffSessions staffSessions(StaffDirectory directory, ConsoleProperties settings, Clock clock, MeterRegistry meters) {
        return new StaffSessions(directory, settings.sessionIdleTimeout(), clock, meters);
    }

    /** After the security chain ({@code -100}): the stream's login is known by then. */
    @Bean
    @Order(0)
    WebFilter liveStreams(StaffSessions sessions, WebSessionManager sessionManager) {
        if (!(sessionManager instanceof DefaultWebSessionManager manager)) {
            throw new IllegalStateException("live streams are checked against the session store, and the web "
                    + "session manager is no DefaultWebSessionManager: " + sessionManager.getClass().getName());
        }
        return new LiveStreams(sessions, manager.getSessionStore());
    }

    /**
     * Over HTTPS every cookie this answer sets is Secure (the session cookie already is: Spring's
     * resolver looks at the scheme too; the CSRF cookie only would on a TLS connection of its own).
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter secureCookiesOverHttps() {
        return (exchange, chain) -> {
            if ("https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme())) {
                ServerHttpResponse response = exchange.getResponse();
                response.beforeCommit(() -> Mono.fromRunnable(() -> response.getCookies().replaceAll((name, cookies) ->
                        cookies.stream().map(c -> c.isSecure() ? c : c.mutate().secure(true).build()).toList())));
            }
            return chain.filter(exchange);
        };
    }

    /**
     * WeCom's callbacks prove themselves with their signature (checked by the endpoint), carry no
     * cookies and need no session, CSRF token or login: a chain of their own with nothing in it. The
     * staff chain on this path cost a tenth of the ack path's time under load (profiled), and its CSRF
     * cookie a hop to the bounded-elastic scheduler per callback. {@code /wecom/callback} itself is now
     * answered before any web filter ({@code inbound.wecom.WecomCallbackEndpoint}); this chain keeps
     * whatever else arrives under it out of the staff chain.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain callbackSecurity(ServerHttpSecurity http) {
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(CALLBACK_PATHS))
                .authorizeExchange(paths -> paths.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .build();
    }

    @Bean
    SecurityWebFilterChain staffSecurity(ServerHttpSecurity http, StaffDirectory directory, PasswordEncoder encoder,
                                         ConsoleProperties settings, MeterRegistry meters, PasswordChecks checks,
                                         StaffSessions sessions) {
        // compared against when the name is unknown: one hash at start, of the encoder's own cost
        String unknownUserHash = encoder.encode("no such user: only timing matters");
        ReactiveAuthenticationManager form = new StaffAuthentication(directory, encoder, settings, meters, checks,
                StaffAuthentication.Door.FORM, unknownUserHash);
        ReactiveAuthenticationManager basic = new StaffAuthentication(directory, encoder, settings, meters, checks,
                StaffAuthentication.Door.BASIC, unknownUserHash);
        CookieServerCsrfTokenRepository csrfTokens = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        // The pages send the cookie's value as it is: the plain handler, not the XOR (BREACH) one,
        // whose masked tokens only a server-rendered page could know. The login page renders the raw token too.
        ServerCsrfTokenRequestAttributeHandler csrfHandler = new ServerCsrfTokenRequestAttributeHandler();

        http.authenticationManager(form)
                .securityContextRepository(sessions)
                .authorizeExchange(paths -> paths
                        .pathMatchers("/simulator", "/simulator/**").permitAll()
                        .pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .pathMatchers(LOGIN, "/login/**").permitAll()
                        // browsers ask for it on every page, the login page too: answered, never redirected to the login
                        .pathMatchers(HttpMethod.GET, "/favicon.ico").permitAll()
                        // the bank's behaviour events: its systems' service accounts (events/EventsController)
                        .pathMatchers(HttpMethod.POST, "/api/events").hasAnyRole(roles(Role.EVENT_SOURCE))
                        // team leads: handing conversations to their agents, and their team's figures
                        .pathMatchers(HttpMethod.POST, "/api/conversations/*/assign").hasAnyRole(roles(Role.SUPERVISOR))
                        .pathMatchers("/api/team", "/api/team/**").hasAnyRole(roles(Role.SUPERVISOR))
                        .pathMatchers("/api/approvals/*/variant-suggestion").hasAnyRole(roles(Role.AGENT, Role.SUPERVISOR))
                        .pathMatchers("/api/approvals/**", "/api/conversations/**")
                        .hasAnyRole(roles(Role.AGENT, Role.ACCOUNT_MANAGER, Role.SUPERVISOR))
                        .pathMatchers(HttpMethod.GET, "/api/kb/search")
                        .hasAnyRole(roles(Role.CONTENT_EDITOR, Role.AGENT, Role.COMPLIANCE_OFFICER, Role.SUPERVISOR))
                        .pathMatchers("/api/kb/**").hasAnyRole(roles(Role.CONTENT_EDITOR))
                        // welcome templates (欢迎语) are content: the content team drafts and reviews them
                        .pathMatchers("/api/welcome/**").hasAnyRole(roles(Role.CONTENT_EDITOR))
                        .pathMatchers("/api/audit/**").hasAnyRole(roles(Role.COMPLIANCE_OFFICER))
                        .pathMatchers("/api/compliance/recent", "/api/compliance/categories",
                                "/api/compliance/exemplars", "/api/compliance/exemplars/**",
                                "/api/compliance/rule-pack", "/api/compliance/rule-pack/**",
                                "/api/compliance/change-set", "/api/compliance/change-set/**")
                        .hasAnyRole(roles(Role.COMPLIANCE_OFFICER))
                        .pathMatchers("/api/compliance/**").hasAnyRole(roles(Role.COMPLIANCE_OFFICER, Role.AGENT,
                                Role.CONTENT_EDITOR, Role.ACCOUNT_MANAGER, Role.SUPERVISOR))
                        .pathMatchers("/api/suggestions/**").hasAnyRole(roles(Role.ACCOUNT_MANAGER, Role.AGENT,
                                Role.SUPERVISOR))
                        // the 客户联系 directory: scoped per person by contacts/ContactsController (the sync stays ADMIN's)
                        .pathMatchers(HttpMethod.GET, "/api/contacts/customers/**", "/api/contacts/employees/**")
                        .hasAnyRole(roles(Role.SUPERVISOR, Role.ACCOUNT_MANAGER))
                        // 客户继承: team leads for their team's employees (inherit/InheritanceController checks whom)
                        .pathMatchers("/api/inheritance/**").hasAnyRole(roles(Role.SUPERVISOR))
                        // the bank's customer links: reading scoped per person by customerlinks/ (writing stays ADMIN's)
                        .pathMatchers(HttpMethod.GET, "/api/customer-links/**").hasAnyRole(roles(Role.ACCOUNT_MANAGER))
                        // strategies (智能化经营): operations write, publish and stop; compliance and team leads read
                        .pathMatchers(HttpMethod.GET, "/api/strategies", "/api/strategies/**")
                        .hasAnyRole(roles(Role.OPERATIONS, Role.COMPLIANCE_OFFICER, Role.SUPERVISOR))
                        .pathMatchers("/api/strategies", "/api/strategies/**").hasAnyRole(roles(Role.OPERATIONS))
                        // the suppression list (退订): whoever serves customers records what a customer asked
                        .pathMatchers("/api/optouts", "/api/optouts/**").hasAnyRole(roles(Role.OPERATIONS,
                                Role.AGENT, Role.SUPERVISOR, Role.ACCOUNT_MANAGER))
                        // the 客户联系 KPIs: team leads read them (figures per employee, no customer); runs stay ADMIN's
                        .pathMatchers(HttpMethod.GET, "/api/kpi/**").hasAnyRole(roles(Role.SUPERVISOR))
                        // every role of the consoles: the figures are of the whole service and name no customer
                        .pathMatchers("/api/dashboard/**").hasAnyRole(roles(consoleRoles()))
                        .pathMatchers("/api/users/**").hasAnyRole(roles())
                        // anyone logged in, but a feed's account (EVENT_SOURCE alone): it sends, it reads nothing
                        .pathMatchers("/api/me").access(notOnlyAFeed())
                        .pathMatchers("/console", "/console/**").access(notOnlyAFeed())
                        // everything else (the rest of /api, /actuator/prometheus, ...): administrators only
                        .anyExchange().hasAnyRole(roles()))
                .httpBasic(spec -> spec
                        .authenticationManager(basic)
                        // Basic authenticates every request: nothing to keep (the http-wide repository would start a session)
                        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                        .authenticationFailureHandler(basicFailed()))
                .formLogin(spec -> spec
                        .authenticationManager(form)
                        .securityContextRepository(sessions)
                        .loginPage(LOGIN)
                        .authenticationSuccessHandler(new RedirectServerAuthenticationSuccessHandler(AFTER_LOGIN))
                        .authenticationFailureHandler(loginFailed()))
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .logoutHandler(new DelegatingServerLogoutHandler(new SecurityContextServerLogoutHandler(),
                                endSession()))
                        .logoutSuccessHandler(loggedOut()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint()))
                // HSTS is among Spring Security's defaults, written on HTTPS requests only
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(csrfHandler)
                        .requireCsrfProtectionMatcher(csrfExposed()));
        return http.build();
    }

    /**
     * The token is created lazily (Spring Security 6+); pages need the cookie before their first
     * POST, so every page and API response makes sure it is there.
     */
    @Bean
    WebFilter csrfCookie() {
        return (exchange, chain) -> {
            Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
            return token == null || !forStaff(exchange) ? chain.filter(exchange) : token.then(chain.filter(exchange));
        };
    }

    /** Pages and APIs staff use in a browser: only they need the CSRF cookie (a token costs a random UUID). */
    private static boolean forStaff(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return path.startsWith("/console") || path.startsWith("/api") || path.startsWith(LOGIN)
                || path.startsWith("/logout");
    }

    private static Role[] consoleRoles() {
        return Arrays.stream(Role.values()).filter(Role::usesConsoles).toArray(Role[]::new);
    }

    /**
     * Authenticated, with a role other than {@link Role#EVENT_SOURCE} or none at all (a user without roles
     * sees the console's empty start page, as before that role existed).
     */
    private static ReactiveAuthorizationManager<AuthorizationContext> notOnlyAFeed() {
        String feed = "ROLE_" + Role.EVENT_SOURCE.name();
        return (authentication, context) -> authentication
                .filter(Authentication::isAuthenticated)
                // roles only: Spring Security adds authorities of its own (the factors a login proved)
                .<AuthorizationResult>map(user -> {
                    List<String> roles = user.getAuthorities().stream().map(a -> a.getAuthority())
                            .filter(a -> a != null && a.startsWith("ROLE_")).toList();
                    return new AuthorizationDecision(roles.isEmpty() || roles.stream().anyMatch(r -> !feed.equals(r)));
                })
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    /** ADMIN may do everything: every rule allows it besides the roles named. */
    private static String[] roles(Role... allowed) {
        return Stream.concat(Arrays.stream(allowed), Stream.of(Role.ADMIN)).map(Role::name).distinct()
                .toArray(String[]::new);
    }

    /** APIs answer 401 (no browser dialog); metrics scrapers get the Basic challenge; pages go to the login form. */
    private static DelegatingServerAuthenticationEntryPoint entryPoint() {
        DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
                new DelegatingServerAuthenticationEntryPoint.DelegateEntry(
                        ServerWebExchangeMatchers.pathMatchers("/api", "/api/**"),
                        new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)),
                new DelegatingServerAuthenticationEntryPoint.DelegateEntry(
                        ServerWebExchangeMatchers.pathMatchers("/actuator/**"),
                        new HttpBasicServerAuthenticationEntryPoint()));
        entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint(LOGIN));
        return entryPoint;
    }

    /**
     * Unsafe methods that a forged cross-site request could make with the browser's credentials:
     * on the login and logout forms always; on the staff paths when the request carries cookies (a
     * session) and does not authenticate itself with HTTP Basic. A request with neither has no
     * credentials to abuse and gets its 401.
     */
    private static ServerWebExchangeMatcher csrfExposed() {
        ServerWebExchangeMatcher forms = ServerWebExchangeMatchers.matchers(
                new PathPatternParserServerWebExchangeMatcher(LOGIN),
                new PathPatternParserServerWebExchangeMatcher("/logout"));
        ServerWebExchangeMatcher staffPaths = ServerWebExchangeMatchers.matchers(
                new PathPatternParserServerWebExchangeMatcher("/api/**"),
                new PathPatternParserServerWebExchangeMatcher("/console/**"),
                new PathPatternParserServerWebExchangeMatcher("/actuator/**"));
        return exchange -> CsrfWebFilter.DEFAULT_CSRF_MATCHER.matches(exchange)
                .filter(ServerWebExchangeMatcher.MatchResult::isMatch)
                .flatMap(unsafe -> basic(exchange) ? ServerWebExchangeMatcher.MatchResult.notMatch()
                        : forms.matches(exchange).filter(ServerWebExchangeMatcher.MatchResult::isMatch)
                                .switchIfEmpty(Mono.defer(() -> exchange.getRequest().getCookies().isEmpty()
                                        ? ServerWebExchangeMatcher.MatchResult.notMatch()
                                        : staffPaths.matches(exchange))))
                .switchIfEmpty(ServerWebExchangeMatcher.MatchResult.notMatch());
    }

    private static boolean basic(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    private static ServerAuthenticationFailureHandler loginFailed() {
        DefaultServerRedirectStrategy redirect = new DefaultServerRedirectStrategy();
        return (filterExchange, e) -> redirect.sendRedirect(filterExchange.getExchange(),
                URI.create(LOGIN + "?" + (e instanceof LoginRefusedException refused ? refused.query()
                        : e instanceof LockedException ? "locked" : "error")));
    }

    /**
     * A Basic login refused before its check answers its status and why ({@code {"reason", "message"}},
     * with {@code Retry-After} when waiting helps); wrong passwords and locks as any unauthenticated call.
     */
    private static ServerAuthenticationFailureHandler basicFailed() {
        DelegatingServerAuthenticationEntryPoint unauthenticated = entryPoint();
        return (filterExchange, e) -> {
            if (!(e instanceof LoginRefusedException refused)) {
                return unauthenticated.commence(filterExchange.getExchange(), e);
            }
            ServerHttpResponse response = filterExchange.getExchange().getResponse();
            response.setStatusCode(refused.status());
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            if (refused.retryAfterSeconds() != null) {
                response.getHeaders().set(HttpHeaders.RETRY_AFTER, refused.retryAfterSeconds().toString());
            }
            String body = "{\"reason\":\"" + refused.reason() + "\",\"message\":\"" + refused.getMessage() + "\"}";
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
        };
    }

    /** Logging out ends the session (and its id), not only the security context in it. */
    private static ServerLogoutHandler endSession() {
        return (filterExchange, authentication) -> filterExchange.getExchange().getSession().flatMap(WebSession::invalidate);
    }

    private static RedirectServerLogoutSuccessHandler loggedOut() {
        RedirectServerLogoutSuccessHandler handler = new RedirectServerLogoutSuccessHandler();
        handler.setLogoutSuccessUrl(URI.create(LOGIN + "?logout"));
        return handler;
    }
}
