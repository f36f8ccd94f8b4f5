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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * WeCom's callback URL. GET answers URL verification with the bare decrypted echostr. POST checks
 * size, timestamp, signature, replay and receiveId, then either asks the sync loop to pull
 * 微信客服 messages, starts a new contact's welcome (客户联系, {@code welcome/}) or hands an app message
 * on, and answers an empty 200 at once: no retrieval or LLM work happens here. Every refusal is a bare 4xx, a metric and a log line without secrets.
 */
@RestController
class WecomCallbackController {

    private static final Logger log = LoggerFactory.getLogger(WecomCallbackController.class);
    static final String KF_EVENT = "kf_msg_or_event";

    private final WecomCallbackCrypto crypto;
    private final KfSyncLoop syncLoop;
    private final InboundHandOff handOff;
    private final CallbackReplayGuard replayGuard;
    private final AppMessageMapper appMapper = new AppMessageMapper();
    private final WecomProperties settings;
    private final MeterRegistry meters;
    private final Timer ackTimer;
    private final Clock clock;
    private final ContactIntake contacts;
    private final WelcomeSender welcomes;

    WecomCallbackController(WecomCallbackCrypto crypto, KfSyncLoop syncLoop, InboundHandOff handOff,
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
    }

    @GetMapping(path = "/wecom/callback", produces = MediaType.TEXT_PLAIN_VALUE)
    Mono<ResponseEntity<String>> verifyUrl(ServerWebExchange exchange) {
        MultiValueMap<String, String> q = exchange.getRequest().getQueryParams();
        String signature = q.getFirst("msg_signature");
        String timestamp = q.getFirst("timestamp");
        String nonce = q.getFirst("nonce");
        String echostr = base64Param(q.getFirst("echostr"));
        if (signature == null || timestamp == null || nonce == null || echostr == null) {
            return Mono.just(reject(CallbackRejected.MISSING_PARAMETER, exchange, null));
        }
        if (stale(timestamp)) {
            return Mono.just(reject(CallbackRejected.STALE_TIMESTAMP, exchange, null));
        }
        try {
            String plain = crypto.verifyUrl(signature, timestamp, nonce, echostr);
            meters.counter("assist.callback.verified").increment();
            return Mono.just(ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(plain));
        } catch (CallbackCryptoException e) {
            return Mono.just(reject(rejectionFor(e), exchange, e.error()));
        }
    }

    @PostMapping("/wecom/callback")
    Mono<ResponseEntity<String>> receive(ServerWebExchange exchange) {
        long started = System.nanoTime();
        MultiValueMap<String, String> q = exchange.getRequest().getQueryParams();
        String signature = q.getFirst("msg_signature");
        String timestamp = q.getFirst("timestamp");
        String nonce = q.getFirst("nonce");
        if (signature == null || timestamp == null || nonce == null) {
            return Mono.just(reject(CallbackRejected.MISSING_PARAMETER, exchange, null));
        }
        if (stale(timestamp)) {
            return Mono.just(reject(CallbackRejected.STALE_TIMESTAMP, exchange, null));
        }
        int limit = (int) settings.maxCallbackBody().toBytes();
        return DataBufferUtils.join(exchange.getRequest().getBody(), limit)
                .map(buffer -> {
                    try {
                        return buffer.toString(StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("")
                .flatMap(body -> accept(body, signature, timestamp, nonce, exchange))
                .onErrorResume(DataBufferLimitException.class,
                        e -> Mono.just(reject(CallbackRejected.TOO_LARGE, exchange, null)))
                .doOnNext(response -> ackTimer.record(Duration.ofNanos(System.nanoTime() - started)));
    }

    private Mono<ResponseEntity<String>> accept(String body, String signature, String timestamp, String nonce,
                                                ServerWebExchange exchange) {
        String plaintext;
        try {
            String encrypt = CallbackFields.parse(body).get("Encrypt")
                    .orElseThrow(() -> new IllegalArgumentException("no Encrypt field"));
            crypto.verify(signature, timestamp, nonce, encrypt);
            plaintext = crypto.decrypt(encrypt);
        } catch (IllegalArgumentException e) {
            return Mono.just(reject(CallbackRejected.MALFORMED, exchange, null));
        } catch (CallbackCryptoException e) {
            return Mono.just(reject(rejectionFor(e), exchange, e.error()));
        }
        CallbackFields fields;
        try {
            fields = CallbackFields.parse(plaintext);
        } catch (IllegalArgumentException e) {
            return Mono.just(reject(CallbackRejected.MALFORMED, exchange, CryptoError.PARSE_FAILED));
        }
        Duration window = replayWindow();
        return replayGuard.firstUse(timestamp, nonce, signature, window).flatMap(first -> {
            if (!first) {
                return Mono.just(reject(CallbackRejected.REPLAYED, exchange, null));
            }
            return route(fields)
                    .thenReturn(ResponseEntity.ok().<String>build())
                    .onErrorResume(e -> {
                        log.warn("callback could not be handed on; WeCom will retry: {}", e.toString());
                        return replayGuard.release(timestamp, nonce, signature)
                                .thenReturn(reject(CallbackRejected.NOT_TAKEN, exchange, null));
                    });
        });
    }

    /** kf callbacks only say "there is something to pull"; app callbacks carry the message itself. */
    private Mono<Void> route(CallbackFields fields) {
        if (KF_EVENT.equals(fields.getOrNull("Event"))) {
            String openKfId = fields.getOrNull("OpenKfId");
            if (openKfId == null) {
                meters.counter("assist.callback.accepted", "type", "kf_without_account").increment();
                return Mono.empty();
            }
            syncLoop.request(openKfId, fields.getOrNull("Token"));
            meters.counter("assist.callback.accepted", "type", "kf").increment();
            return Mono.empty();
        }
        if (ContactEventMapper.CONTACT_EVENT.equals(fields.getOrNull("Event"))) {
            if (welcomeCodeOf(fields) != null) {
                // the welcome_code lives 20 s: the sender starts now and works on its own, never waiting
                // for the directory (a repeated callback with the same code is sent once)
                welcomes.accept(newContact(fields));
                meters.counter("assist.callback.accepted", "type", "new_contact").increment();
            }
            // 客户联系: into the directory before the 200, so that a failed write is delivered again
            Optional<ContactEvent> event = ContactEventMapper.map(fields);
            meters.counter("assist.callback.accepted", "type", event.isPresent() ? "contact" : "ignored").increment();
            return event.map(e -> contacts.take(e).then()).orElse(Mono.empty());
        }
        Optional<InboundMessage> message = appMapper.map(fields);
        if (message.isEmpty()) {
            meters.counter("assist.callback.accepted", "type", "ignored").increment();
            return Mono.empty();
        }
        meters.counter("assist.callback.accepted", "type", "app").increment();
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

    private ResponseEntity<String> reject(CallbackRejected reason, ServerWebExchange exchange, CryptoError code) {
        meters.counter("assist.callback.rejected", "reason", reason.tag()).increment();
        var remote = exchange.getRequest().getRemoteAddress();
        log.warn("callback rejected: reason={} code={} from={}", reason.tag(),
                code == null ? "-" : code.code(), remote == null ? "?" : remote.getAddress().getHostAddress());
        return ResponseEntity.status(reason.status).build();
    }

    /** Query decoding turns a raw '+' into a space; Base64 has no spaces, so undo that. */
    private static String base64Param(String value) {
        return value == null ? null : value.replace(' ', '+');
    }
}
