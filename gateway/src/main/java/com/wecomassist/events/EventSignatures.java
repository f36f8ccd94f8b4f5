package com.wecomassist.events;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The alternative to HTTP Basic for the bank's systems that cannot do Basic: a signed {@code POST /api/events}.
 * The request carries {@code X-Assist-Timestamp: <epoch seconds>} and
 * {@code X-Assist-Signature: sha256=<hex of HMAC-SHA256(key = assist.events.hmac-secret, timestamp + "." + body)>}.
 * The timestamp is signed with the body, so a captured request cannot be sent again later with a fresh time
 * (within {@code assist.events.hmac-max-skew} it could, and then its events are duplicates).
 *
 * <p>A web filter of the events' own security chain ({@link EventsSecurityConfiguration}): it reads the body
 * (at most {@code assist.events.max-body}), checks the time and the signature in constant time, and then lets
 * the request on with the body replayed from memory and the caller authenticated as {@link #PRINCIPAL} with
 * the role EVENT_SOURCE. Any failure is a 401 ({@code {"reason", "message"}}) counted as
 * {@code assist.events.signature_failures{reason}}; the controller never sees the request.
 */
public class EventSignatures implements WebFilter {

    public static final String SIGNATURE_HEADER = "X-Assist-Signature";
    public static final String TIMESTAMP_HEADER = "X-Assist-Timestamp";
    /** The name signed requests act under (no staff member has it: names have no ':'). */
    public static final String PRINCIPAL = "hmac:event-source";
    private static final String PREFIX = "sha256=";

    private final EventsProperties settings;
    private final MeterRegistry meters;
    private final Clock clock;

    public EventSignatures(EventsProperties settings, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    /** The header value for this body at this time: what the bank's systems send (and the tests). */
    public static String sign(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!settings.signedRequests()) {
            return refuse(exchange, HttpStatus.UNAUTHORIZED, "SIGNATURES_OFF", "signed requests are not taken here "
                    + "(assist.events.hmac-secret is not set): use HTTP Basic");
        }
        String signature = exchange.getRequest().getHeaders().getFirst(SIGNATURE_HEADER);
        String timestamp = exchange.getRequest().getHeaders().getFirst(TIMESTAMP_HEADER);
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.strip());
        } catch (NumberFormatException e) {
            return refuse(exchange, HttpStatus.UNAUTHORIZED, "BAD_TIMESTAMP", TIMESTAMP_HEADER
                    + " must be the signing time in epoch seconds");
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
        if (skew.compareTo(settings.hmacMaxSkew()) > 0) {
            return refuse(exchange, HttpStatus.UNAUTHORIZED, "STALE_TIMESTAMP", TIMESTAMP_HEADER
                    + " is further from the gateway's clock than assist.events.hmac-max-skew");
        }
        int most = (int) Math.min(Integer.MAX_VALUE, settings.maxBody().toBytes());
        return DataBufferUtils.join(exchange.getRequest().getBody(), most)
                .map(joined -> {
                    try {
                        byte[] bytes = new byte[joined.readableByteCount()];
                        joined.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(joined);
                    }
                })
                .defaultIfEmpty(new byte[0])
                // a MAC over up to max-body bytes is CPU work: not on the event loop
                .publishOn(Schedulers.parallel())
                .flatMap(body -> {
                    byte[] expected = sign(settings.hmacSecret(), seconds, body).getBytes(StandardCharsets.UTF_8);
                    byte[] given = (signature == null ? "" : signature.strip()).getBytes(StandardCharsets.UTF_8);
                    if (!MessageDigest.isEqual(expected, given)) {
                        return refuse(exchange, HttpStatus.UNAUTHORIZED, "BAD_SIGNATURE", SIGNATURE_HEADER
                                + " is not sha256=<hex of HMAC-SHA256(secret, timestamp + \".\" + body)>");
                    }
                    var caller = UsernamePasswordAuthenticationToken.authenticated(PRINCIPAL, null,
                            List.of(new SimpleGrantedAuthority("ROLE_EVENT_SOURCE")));
                    return chain.filter(exchange.mutate().request(replayed(exchange.getRequest(), body)).build())
                            .contextWrite(ReactiveSecurityContextHolder.withAuthentication(caller));
                })
                .onErrorResume(DataBufferLimitException.class, e -> refuse(exchange, HttpStatus.CONTENT_TOO_LARGE,
                        "BODY_TOO_LARGE", "the body is larger than assist.events.max-body"));
    }

    /** The request with its body read already: given again from memory to whoever reads it next. */
    private static ServerHttpRequest replayed(ServerHttpRequest request, byte[] body) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchangeBuffer(body)));
            }
        };
    }

    private static DataBuffer exchangeBuffer(byte[] body) {
        return org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance.wrap(body);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String reason, String message) {
        meters.counter("assist.events.signature_failures", "reason", reason).increment();
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        String body = "{\"reason\":\"" + reason + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
