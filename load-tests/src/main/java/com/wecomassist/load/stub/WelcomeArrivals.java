package com.wecomassist.load.stub;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code externalcontact/send_welcome_msg} as WeCom answers it, with the time each welcome code's
 * welcome arrived. The load generator makes the codes ({@link #code}): each names when its callback was
 * posted, so the stub knows without being told whether a welcome came within the code's 20 s and what
 * its latency was (arrival − post; one clock, one machine). As at WeCom, a code is single-use (41051
 * the second time), a late or unknown one is refused (41050), and a welcome needs a text or an
 * attachment (40058). The first arrival of each code is recorded, late ones too (refused, but counted
 * as late), at most {@link #MAX_RECORDED} of them.
 */
public final class WelcomeArrivals {

    static final int MAX_RECORDED = 2_000_000;
    static final int MISSING_WELCOME_CODE = 41049;
    static final int INVALID_WELCOME_CODE = 41050;
    static final int WELCOME_ALREADY_SENT = 41051;
    static final int INVALID_PARAMETER = 40058;
    /** WeCom's limit on a welcome's text. */
    static final int MAX_TEXT_BYTES = 4000;
    private static final String PREFIX = "lwc_";

    /** One code's first welcome: when its callback was posted and the welcome arrived (epoch ms), and WeCom's answer. */
    public record Arrival(String code, long postedMillis, long arrivedMillis, int errcode, int textBytes) {

        public long latencyMillis() {
            return arrivedMillis - postedMillis;
        }
    }

    private final Duration lifetime;
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public WelcomeArrivals(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** A welcome code for a callback posted at {@code postedMillis} (epoch ms); {@code n} makes it unique. */
    public static String code(long postedMillis, long n) {
        return PREFIX + postedMillis + "_" + n;
    }

    /** When the callback of a code made by {@link #code} was posted; -1 for any other code. */
    static long postedMillis(String code) {
        if (code == null || !code.startsWith(PREFIX)) {
            return -1;
        }
        int sep = code.indexOf('_', PREFIX.length());
        try {
            return sep < 0 ? -1 : Long.parseLong(code.substring(PREFIX.length(), sep));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One send_welcome_msg call arriving now. */
    public Map<String, Object> send(JsonNode body, long nowMillis) {
        String code = body.path("welcome_code").asText("");
        if (code.isEmpty()) {
            return WecomApiStub.error(MISSING_WELCOME_CODE, "missing welcome_code");
        }
        String text = body.path("text").path("content").asText("");
        int attachments = body.path("attachments").isArray() ? body.path("attachments").size() : 0;
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (text.isEmpty() && attachments == 0) {
            refused.incrementAndGet();
            return WecomApiStub.error(INVALID_PARAMETER, "text and attachments are both empty");
        }
        if (bytes > MAX_TEXT_BYTES || attachments > 9) {
            refused.incrementAndGet();
            return WecomApiStub.error(INVALID_PARAMETER, "text.content exceeds 4000 bytes or more than 9 attachments");
        }
        long posted = postedMillis(code);
        if (posted < 0) {
            unknown.incrementAndGet();
            return WecomApiStub.error(INVALID_WELCOME_CODE, "invalid welcome code");
        }
        boolean inTime = nowMillis - posted <= lifetime.toMillis();
        Arrival arrival = new Arrival(code, posted, nowMillis, inTime ? 0 : INVALID_WELCOME_CODE, bytes);
        Arrival first = arrivals.size() < MAX_RECORDED ? arrivals.putIfAbsent(code, arrival) : null;
        if (first != null) {
            duplicates.incrementAndGet();
            // a late code was never used: WeCom calls it invalid again; a used one, already sent
            return first.errcode() == 0 ? WecomApiStub.error(WELCOME_ALREADY_SENT, "externaluser has started chatting")
                    : WecomApiStub.error(INVALID_WELCOME_CODE, "invalid welcome code");
        }
        if (!inTime) {
            late.incrementAndGet();
            return WecomApiStub.error(INVALID_WELCOME_CODE, "invalid welcome code");
        }
        return WecomApiStub.ok(Map.of());
    }

    /** The recorded first arrivals at or after {@code sinceMillis} (posted), in order of posting. */
    public List<Arrival> arrivals(long sinceMillis) {
        List<Arrival> out = new ArrayList<>();
        for (Arrival a : arrivals.values()) {
            if (a.postedMillis() >= sinceMillis) {
                out.add(a);
            }
        }
        out.sort((a, b) -> Long.compare(a.postedMillis(), b.postedMillis()));
        return out;
    }

    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("welcomes", arrivals.size());
        m.put("late", late.get());
        m.put("duplicates", duplicates.get());
        m.put("unknown_codes", unknown.get());
        m.put("refused", refused.get());
        return m;
    }
}
