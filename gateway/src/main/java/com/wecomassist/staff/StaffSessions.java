package com.wecomassist.staff;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;
import reactor.core.publisher.Mono;

/**
 * Console logins kept in the web session (in memory, or Redis in cluster mode), checked on every
 * request. A login is over, and its session invalidated, when
 * <ul>
 *   <li>the person has made no request for {@code assist.console.session-idle-timeout}: background
 *       requests (a page refreshing itself, marked with the {@value #BACKGROUND} header) and live
 *       streams (server-sent events) are answered but do not count as the person's, so a dashboard
 *       left open does not keep a login alive;</li>
 *   <li>the member is disabled or gone, has other roles than the login carries, or their sessions
 *       were ended ({@link StaffDirectory#endSessions}: a new password, disabled) since they logged in.</li>
 * </ul>
 * The directory is read at every request, so this holds at once and on every instance; the session
 * store's own timeout is only the backstop for sessions nobody uses.
 */
class StaffSessions implements ServerSecurityContextRepository {

    private static final Logger log = LoggerFactory.getLogger(StaffSessions.class);

    /** The request header of a page's background refresh: answered, but not the person being active. */
    static final String BACKGROUND = "X-Assist-Background";
    /** When the person last made a request of their own (epoch milliseconds), in the session. */
    static final String LAST_ACTIVE = "assist.console.lastActive";
    /** One check per request, however often the security context is asked for. */
    private static final String CHECKED = StaffSessions.class.getName() + ".checked";

    private final WebSessionServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();
    private final StaffDirectory directory;
    private final Duration idleTimeout;
    private final Clock clock;
    private final MeterRegistry meters;

    StaffSessions(StaffDirectory directory, Duration idleTimeout, Clock clock, MeterRegistry meters) {
        this.directory = directory;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        Mono<Void> saved = sessions.save(exchange, context);
        return context == null ? saved : saved.then(exchange.getSession()
                .doOnNext(session -> session.getAttributes().put(LAST_ACTIVE, clock.millis())).then());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        return (Mono<SecurityContext>) exchange.getAttributes().computeIfAbsent(CHECKED, key -> checked(exchange).cache());
    }

    private Mono<SecurityContext> checked(ServerWebExchange exchange) {
        return sessions.load(exchange).flatMap(context -> {
            Authentication login = context.getAuthentication();
            return login == null ? Mono.just(context) : exchange.getSession().flatMap(session -> {
                long now = clock.millis();
                String idle = idle(session, now);
                return (idle != null ? Mono.just(idle) : ended(login)).map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(why -> {
                            if (why.isPresent()) {
                                return end(session, login, why.get());
                            }
                            if (!background(exchange)) {
                                session.getAttributes().put(LAST_ACTIVE, now);
                            }
                            return Mono.just(context);
                        });
            });
        });
    }

    /** "idle" when the person has made no request of their own for the idle timeout, else null. */
    String idle(WebSession session, long now) {
        Object last = session.getAttribute(LAST_ACTIVE);
        return last instanceof Long at && now - at < idleTimeout.toMillis() ? null : "idle";
    }

    /**
     * Why the login is over ({@code disabled}, {@code unknown}, {@code roles-changed}, {@code ended}:
     * its sessions were ended), or empty while it holds.
     */
    Mono<String> ended(Authentication login) {
        String name = login.getName();
        return Mono.zip(directory.find(name).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        directory.sessionEpoch(name))
                .mapNotNull(now -> {
                    StaffMember member = now.getT1().orElse(null);
                    if (member == null) {
                        return "unknown";
                    }
                    if (!member.enabled()) {
                        return "disabled";
                    }
                    Set<String> roles = member.roles().stream().map(r -> "ROLE_" + r.name()).collect(Collectors.toSet());
                    if (!roles.equals(login.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                            .collect(Collectors.toSet()))) {
                        return "roles-changed";
                    }
                    return login.getDetails() instanceof StaffLogin l && l.sessionEpoch() == now.getT2()
                            ? null : "ended";
                });
    }

    /**
     * Why the session a live stream was opened with is over (see {@link #idle}, {@link #ended}, and
     * {@code logged-out} when it is no longer in the store), or empty while it holds. The store is
     * read again: the stream's own copy of the session is as old as the stream.
     */
    Mono<String> ended(WebSessionStore store, String sessionId, Authentication login) {
        return store.retrieveSession(sessionId)
                .map(session -> session.getAttribute(WebSessionServerSecurityContextRepository
                        .DEFAULT_SPRING_SECURITY_CONTEXT_ATTR_NAME) == null ? "logged-out"
                        : Optional.ofNullable(idle(session, clock.millis())).orElse(""))
                .defaultIfEmpty("logged-out")
                .flatMap(why -> why.isEmpty() ? ended(login) : Mono.just(why));
    }

    private Mono<SecurityContext> end(WebSession session, Authentication login, String why) {
        meters.counter("assist.console.sessions.ended", "reason", why).increment();
        log.info("console session of '{}' ended: {}", login.getName(), why);
        return session.invalidate().then(Mono.empty());
    }

    /** A page's own refresh, or a live stream: neither is the person doing something. */
    static boolean background(ServerWebExchange exchange) {
        return exchange.getRequest().getHeaders().containsHeader(BACKGROUND) || stream(exchange);
    }

    static boolean stream(ServerWebExchange exchange) {
        return exchange.getRequest().getHeaders().getAccept().stream()
                .anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype);
    }
}
