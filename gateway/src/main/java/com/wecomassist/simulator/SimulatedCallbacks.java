package com.wecomassist.simulator;

import com.wecomassist.wecom.crypto.EncryptedMessage;
import com.wecomassist.wecom.crypto.WecomCallbackCrypto;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Posts a real encrypted, signed {@code kf_msg_or_event} callback to the gateway each time a
 * message enters a simulated account's log, as WeCom does, and re-sends it when the answer is not
 * a 200 or takes longer than 5 seconds (three retries, like WeCom). The 客户联系 side posts its
 * {@code change_external_contact} events through {@link #postEvent} the same way.
 */
public class SimulatedCallbacks {

    private static final Logger log = LoggerFactory.getLogger(SimulatedCallbacks.class);

    private final WecomSimulator simulator;
    private final WecomCallbackCrypto crypto;
    private final WebClient http;
    private final Supplier<String> callbackUrl;
    private final Clock clock;
    private Disposable subscription;

    SimulatedCallbacks(WecomSimulator simulator, WebClient.Builder http, Supplier<String> callbackUrl, Clock clock) {
        SimulatorProperties s = simulator.settings();
        this.simulator = simulator;
        this.crypto = new WecomCallbackCrypto(s.token(), s.encodingAesKey(), s.corpId());
        this.http = http.build();
        this.callbackUrl = callbackUrl;
        this.clock = clock;
    }

    void start() {
        subscription = simulator.newMessages()
                .flatMap(openKfId -> post(openKfId).onErrorResume(e -> {
                    log.warn("simulated callback for {} was not accepted: {}", openKfId, e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    void stop() {
        if (subscription != null) {
            subscription.dispose();
        }
    }

    Mono<Void> post(String openKfId) {
        String callbackToken = "simcb_" + UUID.randomUUID().toString().replace("-", "");
        String plain = "<xml><ToUserName><![CDATA[" + simulator.settings().corpId() + "]]></ToUserName>"
                + "<CreateTime>" + clock.instant().getEpochSecond() + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>"
                + "<Token><![CDATA[" + callbackToken + "]]></Token>"
                + "<OpenKfId><![CDATA[" + openKfId + "]]></OpenKfId></xml>";
        return postEvent(plain);
    }

    /**
     * Encrypts, signs and posts one callback whose decrypted XML is {@code plain}; completes when the
     * gateway answered 200 (after WeCom's retries), errors when it never did.
     */
    public Mono<Void> postEvent(String plain) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String nonce = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 10_000_000_000L);
        EncryptedMessage m = crypto.encrypt(plain, timestamp, nonce);
        String body = "<xml><ToUserName><![CDATA[" + simulator.settings().corpId() + "]]></ToUserName>"
                + "<Encrypt><![CDATA[" + m.encrypt() + "]]></Encrypt></xml>";
        return http.post()
                .uri(callbackUrl.get() + "?msg_signature={s}&timestamp={t}&nonce={n}", m.signature(), timestamp, nonce)
                .contentType(MediaType.TEXT_XML)
                .bodyValue(body)
                .retrieve()
                .toBodilessEntity()
                .timeout(Duration.ofSeconds(5))
                .retryWhen(Retry.fixedDelay(simulator.settings().callbackRetries(), Duration.ofMillis(500)))
                .then();
    }
}
