package com.wecomassist.inbound.wecom;

import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.ContactIntake;
import com.wecomassist.inbound.CallbackReplayGuard;
import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.wecom.WecomProperties;
import com.wecomassist.wecom.crypto.CallbackCryptoException;
import com.wecomassist.wecom.crypto.CryptoError;
import com.wecomassist.wecom.crypto.WecomCallbackCrypto;
import com.wecomassist.welcome.NewContact;
import com.wecomassist.welcome.WelcomeSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * WeCom's callback URL, {@value #PATH}. GET answers URL verification with the bare decrypted echostr.
 * POST checks size, timestamp, signature, replay and receiveId, then either asks the sync loop to pull
 * 微信客服 messages, starts a new contact's welcome (客户联系, {@code welcome/}) or hands an app message
 * on, and answers an empty 200 at once: no retrieval or LLM work happens here. Every refusal is a bare
 * 4xx, a metric and a log line without secrets.
 *
 * <p>Served in front of the WebFlux stack ({@link #before(HttpHandler)}, installed by
 * {@link WecomInboundConfiguration}), the way the bare endpoint of the ingest load test is: no web
 * filters (the staff security chain, sessions, CSRF), no server observation and no dispatcher with its
 * argument resolvers and content negotiation. A callback proves itself with its signature and needs
 * none of them; measured with wrk against a bare endpoint, they were most of the gateway's time per
 * callback (load-tests/RESULTS.md, issue 21). What this path records itself: the ack timer
 * {@code assist.callback.ack} and the accepted/rejected counters.
 */
final class WecomCallbackEndpoint {

    private static final Logger log = LoggerFactory.getLogger(WecomCallbackEndpoint.class);
    static final String PATH = "/wecom/callback";
    static final String KF_EVENT = "kf_msg_or_event";
    /** The event of this instance's own warm-up callbacks ({@link CallbackWarmUp}); WeCom has none of this name. */
    static final String WARM_UP_EVENT = "assist_warm_up";

    private final WecomCallbackCrypto crypto;
    private final KfSyncLoop syncLoop;
    private final InboundHandOff handOff;
    private final CallbackReplayGuard replayGuard;
    private final AppMessageMapper appMapper = new AppMessageMapper();
    private final WecomProperties settings;
    private final MeterRegistry meters;
    private final Timer ackTimer;
    private final Counter verified;
    private final Map<CallbackRejected, Counter> rejected = new EnumMap<>(CallbackRejected.class);
    /** accepted callbacks by type: meters looked up once, not per callback */
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
    /** Callbacks taken that were not this instance's own warm-up: the warm-up gives way to them. */
    private final LongAdder realCallbacks = new LongAdder();
    private final Clock clock;
    private final ContactIntake contacts;
    private final WelcomeSender welcomes;

    WecomCallbackEndpoint(WecomCallbackCrypto crypto, KfSyncLoop syncLoop, InboundHandOff handOff,
                          CallbackReplayGuard replayGuard, WecomProperties settings, MeterRegistry meters,
                          Clock clock, ContactIntake contacts, WelcomeSender welcomes) {
        this.contacts = contacts;
        this.welcomes = welcomes;
        this.crypto = crypto;
        this.syncLoop = syncLoop;
        this.handOff = handOff;
        this.replayGuard = replayGuard;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        this.ackTimer = Timer.builder("assist.callback.ack").publishPercentiles(0.5, 0.99).register(meters);
        this.verified = meters.counter("assist.callback.verified");
        for (CallbackRejected reason : CallbackRejected.values()) {
            rejected.put(reason, meters.counter("assist.callback.rejected", "reason", reason.tag()));
        }
    }

    /** The application's handler with this path served first; every other request goes on to {@code next}. */
    HttpHandler before(HttpHandler next) {
        return (request, response) -> {
            if (!PATH.equals(request.getURI().getRawPath())) {
                return next.handle(request, response);
            }
            HttpMethod method = request.getMethod();
            Mono<Void> answer;
            if (HttpMethod.POST.equals(method)) {
                answer = Mono.defer(() -> receive(request, response));
            } else if (HttpMethod.GET.equals(method)) {
                answer = Mono.defer(() -> verifyUrl(request, response));
            } else {
                response.getHeaders().setAllow(Set.of(HttpMethod.GET, HttpMethod.POST));
                return status(response, HttpStatus.METHOD_NOT_ALLOWED);
            }
            // deferred: whatever throws while the answer is being put together is answered here too (500),
            // as no framework stands behind this handler to do it
            return answer
                    .onErrorResume(e -> {
                        // nothing of the callback's content: the body is the customer's, encrypted or not
                        log.error("callback failed unexpectedly: {}", e.getClass().getName());
                        return status(response, HttpStatus.INTERNAL_SERVER_ERROR);
                    });
        };
    }

    Mono<Void> verifyUrl(ServerHttpRequest request, ServerHttpResponse response) {
        MultiValueMap<String, String> q = request.getQueryParams();
        String signature = q.getFirst("msg_signature");
        String timestamp = q.getFirst("timestamp");
        String nonce = q.getFirst("nonce");
        String echostr = base64Param(q.getFirst("echostr"));
        if (signature == null || timestamp == null || nonce == null || echostr == null) {
            return reject(CallbackRejected.MISSING_PARAMETER, request, response, null);
        }
        if (stale(timestamp)) {
            return reject(CallbackRejected.STALE_TIMESTAMP, request, response, null);
        }
        String plain;
        try {
            plain = crypto.verifyUrl(signature, timestamp, nonce, echostr);
        } catch (CallbackCryptoException e) {
            return reject(rejectionFor(e), request, response, e.error());
        }
        verified.increment();
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
        byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
    }

    Mono<Void> receive(ServerHttpRequest request, ServerHttpResponse response) {
        long started = System.nanoTime();
        MultiValueMap<String, String> q = request.getQueryParams();
        String signature = q.getFirst("msg_signature");
        String timestamp = q.getFirst("timestamp");
        String nonce = q.getFirst("nonce");
        if (signature == null || timestamp == null || nonce == null) {
            return reject(CallbackRejected.MISSING_PARAMETER, request, response, null);
        }
        if (stale(timestamp)) {
            return reject(CallbackRejected.STALE_TIMESTAMP, request, response, null);
        }
        int limit = (int) settings.maxCallbackBody().toBytes();
        return DataBufferUtils.join(request.getBody(), limit)
                .map(buffer -> {
                    try {
                        return buffer.toString(StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("")
                .flatMap(body -> accept(body, signature, timestamp, nonce, request))
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(refusal(CallbackRejected.TOO_LARGE,
                        request, null)))
                .flatMap(status -> {
                    ackTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    return status(response, status);
                });
    }

    /** The status to answer: 200 once the callback was taken, else the refusal's. */
    private Mono<HttpStatus> accept(String body, String signature, String timestamp, String nonce,
                                    ServerHttpRequest request) {
        String plaintext;
        try {
            String encrypt = CallbackFields.parse(body).get("Encrypt")
                    .orElseThrow(() -> new IllegalArgumentException("no Encrypt field"));
            crypto.verify(signature, timestamp, nonce, encrypt);
            plaintext = crypto.decrypt(encrypt);
        } catch (IllegalArgumentException e) {
            return Mono.just(refusal(CallbackRejected.MALFORMED, request, null));
        } catch (CallbackCryptoException e) {
            return Mono.just(refusal(rejectionFor(e), request, e.error()));
        }
        CallbackFields fields;
        try {
            fields = CallbackFields.parse(plaintext);
        } catch (IllegalArgumentException e) {
            return Mono.just(refusal(CallbackRejected.MALFORMED, request, CryptoError.PARSE_FAILED));
        }
        Duration window = replayWindow();
        return replayGuard.firstUse(timestamp, nonce, signature, window).flatMap(first -> {
            if (!first) {
                return Mono.just(refusal(CallbackRejected.REPLAYED, request, null));
            }
            return route(fields)
                    .thenReturn(HttpStatus.OK)
                    .onErrorResume(e -> {
                        log.warn("callback could not be handed on; WeCom will retry: {}", e.toString());
                        return replayGuard.release(timestamp, nonce, signature)
                                .thenReturn(refusal(CallbackRejected.NOT_TAKEN, request, null));
                    });
        });
    }

    /** kf callbacks only say "there is something to pull"; app callbacks carry the message itself. */
    private Mono<Void> route(CallbackFields fields) {
        if (WARM_UP_EVENT.equals(fields.getOrNull("Event"))) {
            accepted("warm_up");
            return Mono.empty();
        }
        realCallbacks.increment();
        if (KF_EVENT.equals(fields.getOrNull("Event"))) {
            String openKfId = fields.getOrNull("OpenKfId");
            if (openKfId == null) {
                accepted("kf_without_account");
                return Mono.empty();
            }
            syncLoop.request(openKfId, fields.getOrNull("Token"));
            accepted("kf");
            return Mono.empty();
        }
        if (ContactEventMapper.CONTACT_EVENT.equals(fields.getOrNull("Event"))) {
            if (welcomeCodeOf(fields) != null) {
                // the welcome_code lives 20 s: the sender starts now and works on its own, never waiting
                // for the directory (a repeated callback with the same code is sent once)
                welcomes.accept(newContact(fields));
                accepted("new_contact");
            }
            // 客户联系: into the directory before the 200, so that a failed write is delivered again
            Optional<ContactEvent> event = ContactEventMapper.map(fields);
            accepted(event.isPresent() ? "contact" : "ignored");
            return event.map(e -> contacts.take(e).then()).orElse(Mono.empty());
        }
        Optional<InboundMessage> message = appMapper.map(fields);
        if (message.isEmpty()) {
            accepted("ignored");
            return Mono.empty();
        }
        accepted("app");
        return handOff.handOn(message.get());
    }

    /** The WelcomeCode of change_external_contact add_external_contact / add_half_external_contact, else null. */
    private static String welcomeCodeOf(CallbackFields fields) {
        String change = fields.getOrNull("ChangeType");
        boolean added = "add_external_contact".equals(change) || "add_half_external_contact".equals(change);
        String code = fields.getOrNull("WelcomeCode");
        return "change_external_contact".equals(fields.getOrNull("Event")) && added && code != null && !code.isBlank()
                ? code : null;
    }

    /** CreateTime starts the code's 20 s; without a readable one, the time it reached us does. */
    private NewContact newContact(CallbackFields fields) {
        Instant created;
        try {
            created = Instant.ofEpochSecond(Long.parseLong(fields.getOrNull("CreateTime").strip()));
        } catch (RuntimeException e) {
            created = clock.instant();
        }
        return new NewContact(fields.getOrNull("ChangeType"), fields.getOrNull("UserID"),
                fields.getOrNull("ExternalUserID"), fields.getOrNull("State"), welcomeCodeOf(fields), created);
    }

    private boolean stale(String timestamp) {
        Duration skew = settings.maxClockSkew();
        if (skew.isZero()) {
            return false;
        }
        try {
            long seconds = Long.parseLong(timestamp.strip());
            return Math.abs(clock.instant().getEpochSecond() - seconds) > skew.toSeconds();
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** A replayed callback can pass the timestamp check only inside the skew window. */
    private Duration replayWindow() {
        Duration skew = settings.maxClockSkew();
        return skew.isZero() ? settings.dedupeTtl() : skew.multipliedBy(2);
    }

    private static CallbackRejected rejectionFor(CallbackCryptoException e) {
        return switch (e.error()) {
            case SIGNATURE_MISMATCH -> CallbackRejected.BAD_SIGNATURE;
            case RECEIVE_ID_MISMATCH -> CallbackRejected.WRONG_RECEIVER;
            case PARSE_FAILED -> CallbackRejected.MALFORMED;
            default -> CallbackRejected.UNDECRYPTABLE;
        };
    }

    /** Callbacks taken so far that were not warm-up ones (signed, decrypted, not replayed). */
    long realCallbacksTaken() {
        return realCallbacks.sum();
    }

    private void accepted(String type) {
        accepted.computeIfAbsent(type, t -> meters.counter("assist.callback.accepted", "type", t)).increment();
    }

    private Mono<Void> reject(CallbackRejected reason, ServerHttpRequest request, ServerHttpResponse response,
                              CryptoError code) {
        return status(response, refusal(reason, request, code));
    }

    /** Counts and logs a refusal (without secrets) and gives its status. */
    private HttpStatus refusal(CallbackRejected reason, ServerHttpRequest request, CryptoError code) {
        rejected.get(reason).increment();
        var remote = request.getRemoteAddress();
        log.warn("callback rejected: reason={} code={} from={}", reason.tag(),
                code == null ? "-" : code.code(), remote == null ? "?" : remote.getAddress().getHostAddress());
        return reason.status;
    }

    private static Mono<Void> status(ServerHttpResponse response, HttpStatus status) {
        response.setStatusCode(status);
        return response.setComplete();
    }

    /** Query decoding turns a raw '+' into a space; Base64 has no spaces, so undo that. */
    private static String base64Param(String value) {
        return value == null ? null : value.replace(' ', '+');
    }
}
