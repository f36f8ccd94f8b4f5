package com.wecomassist.optout;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where opt-outs (退订) come from besides staff.
 *
 * @param phrases     what a customer writes to 微信客服 to opt out, matched against the whole message once both
 *                    are normalised ({@link OptOutPhrases}); a longer sentence that contains one is not an opt-out
 * @param optOutEvent the type of the bank's event that opts the customer out (they unsubscribed in the bank's app)
 * @param optInEvent  the type of the bank's event that opts them back in
 */
@ConfigurationProperties(prefix = "assist.optout", ignoreUnknownFields = false)
public record OptOutProperties(
        @DefaultValue({"退订", "TD", "取消订阅", "取消推送", "不要再发", "别再发", "别再给我发", "不要再给我发",
                "不要给我发", "别给我发", "不要再发消息", "别再发消息", "不要再给我发消息",
                "别再给我发消息", "不需要推送", "不要推送", "停止推送", "拒收"}) List<String> phrases,
        @DefaultValue("opt_out") String optOutEvent,
        @DefaultValue("opt_in") String optInEvent) {

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public OptOutProperties {
        phrases = List.copyOf(phrases);
        for (String phrase : phrases) {
            if (OptOutPhrases.normalised(phrase).isEmpty()) {
                throw new IllegalArgumentException("assist.optout.phrases: '" + phrase
                        + "' has no words left once normalised (spaces, punctuation and polite words go)");
            }
        }
        require(EVENT_TYPE.matcher(optOutEvent).matches(), "assist.optout.opt-out-event must be an event type ([a-z][a-z0-9_]*)");
        require(EVENT_TYPE.matcher(optInEvent).matches(), "assist.optout.opt-in-event must be an event type ([a-z][a-z0-9_]*)");
        require(!optOutEvent.equals(optInEvent), "assist.optout.opt-out-event and opt-in-event must differ");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
