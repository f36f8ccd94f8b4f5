package com.wecomassist.outbound;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound settings.
 *
 * @param handOffToWecomPool when a conversation is handed to people, also move the WeCom session to
 *                           WeCom's own queue (service_state 2), for banks whose servicers work in
 *                           the WeCom client. Off: people take handed-off conversations in the
 *                           gateway's console, and the bot stays silent by our own state. Once in
 *                           WeCom's queue, the API cannot hand the session back to the bot: only
 *                           the customer's next session (after it ends) can.
 * @param appDuplicateCheck  message/send (the self-built app, to employees) has no msgid of ours: every
 *                           text goes with WeCom's own duplicate check on ({@code enable_duplicate_check})
 *                           for this long ({@code duplicate_check_interval}), so that a retry after an
 *                           unknown outcome (a timeout, a 5xx) cannot deliver a second copy. WeCom then
 *                           also drops the same text to the same employee sent again within it. At most
 *                           4 h (WeCom's limit); it must outlast every retry (the WeCom client's and, in
 *                           cluster mode, the outbound topic's delivery attempts: a few minutes)
 * @param recordAttempts     what follows a send WeCom accepted (the window count, the history, the audit
 *                           trail, the dashboard count, a hand-off) is tried this often, step by step,
 *                           before the next reply of the conversation goes; a failure there never
 *                           sends the reply again. So are the records of a reply given up on (not
 *                           sent, its customer handed to people)
 * @param recordBackoff      first wait between those tries; doubles, with jitter
 * @param recordRetryFor     steps still failing after {@code recordAttempts} are tried on in the
 *                           background for this long (0: not at all), then logged as lost
 */
@ConfigurationProperties(prefix = "assist.outbound", ignoreUnknownFields = false)
public record OutboundProperties(@DefaultValue("false") boolean handOffToWecomPool,
                                 @DefaultValue("30m") Duration appDuplicateCheck,
                                 @DefaultValue("3") int recordAttempts,
                                 @DefaultValue("200ms") Duration recordBackoff,
                                 @DefaultValue("15m") Duration recordRetryFor) {

    /** WeCom's longest {@code duplicate_check_interval}. */
    public static final Duration MAX_APP_DUPLICATE_CHECK = Duration.ofHours(4);

    public OutboundProperties {
        if (appDuplicateCheck.compareTo(Duration.ofMinutes(1)) < 0
                || appDuplicateCheck.compareTo(MAX_APP_DUPLICATE_CHECK) > 0) {
            throw new IllegalArgumentException("assist.outbound.app-duplicate-check must be between 1m and 4h "
                    + "(WeCom's limit), not " + appDuplicateCheck);
        }
        if (recordAttempts < 1 || recordAttempts > 20) {
            throw new IllegalArgumentException("assist.outbound.record-attempts must be within 1..20, not "
                    + recordAttempts);
        }
        if (recordBackoff.isNegative() || recordBackoff.isZero()) {
            throw new IllegalArgumentException("assist.outbound.record-backoff must be positive");
        }
        if (recordRetryFor.isNegative()) {
            throw new IllegalArgumentException("assist.outbound.record-retry-for must not be negative");
        }
    }
}
