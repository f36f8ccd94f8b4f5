package com.wecomassist.staff;

import java.time.Duration;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A live stream (server-sent events: the approval and handoff queues) is one request that lasts as
 * long as the page is open, so the check at its start is not enough: every {@link #CHECK_EVERY} the
 * login it was opened with is checked again ({@link StaffSessions}: disabled, new password, logged
 * out, idle), and the stream is closed once it is over. The page's {@code EventSource} then
 * reconnects, and an ended login gets its 401.
 */
class LiveStreams implements WebFilter {

    static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    private final StaffSessions sessions;
    private final WebSessionStore store;

    LiveStreams(StaffSessions sessions, WebSessionStore store) {
        this.sessions = sessions;
        this.store = store;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!StaffSessions.stream(exchange)) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance).cast(Authentication.class)
                .zipWith(exchange.getSession())
                .map(login -> chain.filter(exchange).takeUntilOther(over(login.getT1(), login.getT2())))
                .defaultIfEmpty(chain.filter(exchange))
                .flatMap(stream -> stream);
    }

    /** Emits once the login is over. */
    private Mono<String> over(Authentication login, WebSession session) {
        // a Basic login (service accounts) has no session to look up, only the member
        boolean stored = session.isStarted();
        String id = session.getId();
        return Flux.interval(CHECK_EVERY)
                .onBackpressureDrop()
                .concatMap(tick -> (stored ? sessions.ended(store, id, login) : sessions.ended(login))
                        // a failed read is no verdict: the next check tries again
                        .onErrorResume(e -> Mono.empty()), 1)
                .next();
    }
}
