package com.wecomassist.wecom;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The bank's WeCom account (环境变量 ASSIST_WECOM_CORP_ID, ASSIST_WECOM_TOKEN, ... work through
 * relaxed binding). When {@code corp-id} is empty the gateway runs against the built-in simulator.
 *
 * @param corpId          the enterprise's CorpID; also the receiveId inside every callback
 * @param token           the callback Token set in the admin console (≤ 32 letters/digits)
 * @param encodingAesKey  the callback EncodingAESKey (exactly 43 characters)
 * @param secret          the secret of the app allowed to call the 微信客服 APIs
 * @param agentId         the self-built app's AgentID, needed only to answer employees
 * @param apiBaseUrl      where the WeCom API lives
 * @param maxClockSkew    how far a callback's timestamp may be from our clock; 0 disables the
 *                        check (to replay recorded traffic)
 * @param maxCallbackBody larger callback bodies are refused
 * @param apiTimeout      the longest wait for one WeCom API answer
 * @param maxRetries      retries of a retryable WeCom error (-1 busy, 45009 limit, no answer)
 * @param retryBackoff    first retry delay; doubles each time, with jitter
 * @param tokenRefreshMargin refresh the access token this long before it expires
 * @param dedupeTtl       how long a seen msgid is remembered; sync_msg can return three days
 * @param syncPageSize    sync_msg {@code limit} (WeCom's maximum is 1000)
 * @param syncRetryDelay  after a failed sync, pull again this long later (three times at most),
 *                        so that a customer's message does not wait for the next callback
 * @param syncLockLease   how long an account's sync lock holds without renewal; the holder renews
 *                        it every third of this while it works, so a crashed holder blocks the
 *                        account this long at most (a callback meanwhile keeps trying for twice this)
 * @param syncEvery       every this long, one instance pulls every account a callback ever named
 *                        (in cluster mode, those of every instance), so that a lost callback, a
 *                        crashed instance or a run of failed rounds leaves no message waiting at
 *                        WeCom; 0 turns it off
 */
@ConfigurationProperties(prefix = "assist.wecom", ignoreUnknownFields = false)
public record WecomProperties(
        String corpId,
        String token,
        String encodingAesKey,
        String secret,
        Integer agentId,
        @DefaultValue("https://qyapi.weixin.qq.com") URI apiBaseUrl,
        @DefaultValue("5m") Duration maxClockSkew,
        @DefaultValue("64KB") DataSize maxCallbackBody,
        @DefaultValue("10s") Duration apiTimeout,
        @DefaultValue("3") int maxRetries,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("5m") Duration tokenRefreshMargin,
        @DefaultValue("72h") Duration dedupeTtl,
        @DefaultValue("1000") int syncPageSize,
        @DefaultValue("5s") Duration syncRetryDelay,
        @DefaultValue("15s") Duration syncLockLease,
        @DefaultValue("30s") Duration syncEvery) {

    public WecomProperties {
        require(!maxClockSkew.isNegative(), "assist.wecom.max-clock-skew must not be negative");
        require(maxCallbackBody.toBytes() >= 1024, "assist.wecom.max-callback-body must be at least 1KB");
        require(!apiTimeout.isZero() && !apiTimeout.isNegative(), "assist.wecom.api-timeout must be positive");
        require(maxRetries >= 0 && maxRetries <= 10, "assist.wecom.max-retries must be between 0 and 10");
        require(syncPageSize >= 1 && syncPageSize <= 1000, "assist.wecom.sync-page-size must be between 1 and 1000");
        require(!syncRetryDelay.isNegative() && !syncRetryDelay.isZero(), "assist.wecom.sync-retry-delay must be positive");
        require(syncLockLease.compareTo(Duration.ofSeconds(1)) >= 0, "assist.wecom.sync-lock-lease must be at least 1s");
        require(!syncEvery.isNegative(), "assist.wecom.sync-every must not be negative (0 turns it off)");
        require(dedupeTtl.toHours() >= 1, "assist.wecom.dedupe-ttl must be at least 1h (sync_msg replays up to 3 days)");
        require(encodingAesKey == null || encodingAesKey.isBlank() || encodingAesKey.length() == 43,
                "assist.wecom.encoding-aes-key must be exactly 43 characters (as shown in the WeCom admin console)");
    }

    /** True when a real WeCom account is configured (otherwise the simulator stands in). */
    public boolean accountConfigured() {
        return corpId != null && !corpId.isBlank();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
