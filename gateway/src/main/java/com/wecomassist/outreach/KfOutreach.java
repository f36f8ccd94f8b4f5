package com.wecomassist.outreach;

import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Sends a strategy's message on 微信客服, in the customer's open window ({@link KfWindows}), as the bot's
 * reply through the outbound stage: at most once (the reply id is the test's and the event's, so the same
 * event decided again sends nothing new), in order with the conversation's other replies, counted against
 * WeCom's window, in the conversation's history (the agents see it) and on the audit trail. When WeCom
 * accepted it, {@link OutreachOnKfDelivery} marks it delivered.
 */
public class KfOutreach {

    /** No 微信客服 channel (the simulation): no window is ever open. */
    public static final KfOutreach NONE = new KfOutreach(KfWindows.NONE, reply -> Mono.empty());

    private static final String PREFIX = "outreach:";
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();

    private final KfWindows windows;
    private final OutboundHandOff outbound;

    public KfOutreach(KfWindows windows, OutboundHandOff outbound) {
        this.windows = windows;
        this.outbound = outbound;
    }

    /**
     * Hands the message on to the customer's open window; answers its reply id, empty when no window is open
     * any more (it closed since the plan was made).
     */
    public Mono<String> send(String testId, String eventId, String customer, String text, Instant now) {
        return windows.open(customer, now).flatMap(conversation -> {
            String replyId = replyId(testId, eventId);
            return outbound.handOn(OutgoingReply.outreach(replyId, conversation, text)).thenReturn(replyId);
        });
    }

    static String replyId(String testId, String eventId) {
        return PREFIX + ENCODE.encodeToString(testId.getBytes(StandardCharsets.UTF_8)) + ":"
                + ENCODE.encodeToString(eventId.getBytes(StandardCharsets.UTF_8));
    }

    /** The test a reply id of {@link #replyId} belongs to; empty for any other reply id. */
    static Optional<String> testIdOf(String replyId) {
        if (replyId == null || !replyId.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = replyId.substring(PREFIX.length()).split(":", 2);
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}
