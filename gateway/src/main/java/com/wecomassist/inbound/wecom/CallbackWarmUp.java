package com.wecomassist.inbound.wecom;

import com.wecomassist.LocalServerAddress;
import com.wecomassist.inbound.InboundProperties;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.crypto.EncryptedMessage;
import com.wecomassist.wecom.crypto.WecomCallbackCrypto;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Runs the callback path hot before the instance reports ready. Spring flips the readiness probe to
 * ACCEPTING_TRAFFIC only after every runner has returned, so a load balancer (or a rolling deploy)
 * that follows the probe sends WeCom's callbacks to an instance whose HTTP codec, signature check,
 * decryption, XML reading and replay guard the JIT has already compiled. Measured with wrk, a cold
 * instance answered a twentieth of its steady rate in its first second and had not reached 80 % of it
 * after 20 s; warmed up for 15 s, two thirds in its first second and 80 % within 5 s.
 *
 * <p>The callbacks are real ones, signed with the account's token and key, over loopback to this
 * instance's own port, carrying the event {@value WecomCallbackEndpoint#WARM_UP_EVENT} that WeCom
 * never sends: the endpoint counts them as {@code type=warm_up} and hands nothing on.
 *
 * <p>It gives way to real callbacks: an instance that already gets WeCom's traffic (a load balancer that
 * does not follow the probe, a restart under traffic) is warmed by that traffic, which must not wait
 * behind self-made callbacks. The warm-up stops at the first real callback the endpoint takes.
 */
final class CallbackWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CallbackWarmUp.class);
    /** In flight at once: enough to keep the event loops busy, as WeCom's concurrent callbacks do. */
    static final int IN_FLIGHT = 32;
    /** At most this long after the callbacks for the JIT to finish compiling what they made hot. */
    static final Duration JIT_QUIET_WAIT = Duration.ofSeconds(3);

    private final WecomCallbackCrypto crypto;
    private final WecomCallbackEndpoint endpoint;
    private final WecomAccount account;
    private final LocalServerAddress address;
    private final InboundProperties settings;
    private final Clock clock;

    CallbackWarmUp(WecomCallbackCrypto crypto, WecomCallbackEndpoint endpoint, WecomAccount account,
                   LocalServerAddress address, InboundProperties settings, Clock clock) {
        this.crypto = crypto;
        this.endpoint = endpoint;
        this.account = account;
        this.address = address;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Whether this instance warms its callback path up before it reports ready: not for the built-in
     * simulator, whose callbacks come at the pace of a person typing (a warm-up would only delay the start).
     */
    boolean wanted() {
        return !account.simulated() && settings.warmUpCallbacks() > 0 && !settings.warmUpTime().isZero();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!wanted()) {
            return;
        }
        long started = System.nanoTime();
        long real = endpoint.realCallbacksTaken();
        long posted = warmUp(settings.warmUpCallbacks(), settings.warmUpTime());
        long compiling = endpoint.realCallbacksTaken() == real ? awaitCompilerQuiet(JIT_QUIET_WAIT) : 0;
        log.info("Warm-up: {} callbacks through the callback path in {} ms (then {} ms for the JIT's queue)", posted,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), compiling);
    }

    /**
     * The compiler threads work behind the callbacks: methods made hot in the last second may still be
     * queued. Waits until the JVM's total compilation time stops growing for 300 ms (or {@code max});
     * returns the milliseconds waited. Without a compilation bean (some JVMs) it does not wait.
     */
    static long awaitCompilerQuiet(Duration max) {
        var compiler = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        long last = compiler.getTotalCompilationTime();
        int quietChecks = 0;
        while (quietChecks < 3 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = compiler.getTotalCompilationTime();
            quietChecks = now == last ? quietChecks + 1 : 0;
            last = now;
        }
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    /**
     * Posts up to {@code count} warm-up callbacks within {@code time}, none after a real callback was
     * taken; the number answered 200.
     */
    long warmUp(int count, Duration time) {
        long real = endpoint.realCallbacksTaken();
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String xml = "<xml><ToUserName><![CDATA[" + account.corpId() + "]]></ToUserName><CreateTime>" + timestamp
                + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA["
                + WecomCallbackEndpoint.WARM_UP_EVENT + "]]></Event></xml>";
        EncryptedMessage sealed = crypto.encrypt(xml, timestamp, "warm-up");
        byte[] body = ("<xml><ToUserName><![CDATA[" + account.corpId() + "]]></ToUserName><Encrypt><![CDATA["
                + sealed.encrypt() + "]]></Encrypt></xml>").getBytes(StandardCharsets.UTF_8);
        String url = address.baseUrl() + WecomCallbackEndpoint.PATH;
        String run = UUID.randomUUID().toString();
        HttpClient http = HttpClient.create().headers(h -> h.set("Content-Type", "text/xml"));
        try {
            Long ok = Flux.range(0, count)
                    .take(time)
                    .takeWhile(i -> endpoint.realCallbacksTaken() == real)
                    .flatMap(i -> {
                        String nonce = run + "-" + i;
                        String query = "?msg_signature=" + crypto.sign(timestamp, nonce, sealed.encrypt())
                                + "&timestamp=" + timestamp + "&nonce=" + nonce;
                        return http.post().uri(url + query)
                                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                                .responseSingle((response, content) -> Mono.just(response.status().code()))
                                .onErrorReturn(0);
                    }, IN_FLIGHT)
                    .filter(status -> status == 200)
                    .count()
                    .block(time.plusSeconds(10));
            return ok == null ? 0 : ok;
        } catch (RuntimeException e) {
            // a warm-up that could not run leaves a slower first minute, not a broken instance
            log.warn("Warm-up of the callback path failed: {}", e.toString());
            return 0;
        }
    }
}
