package com.wecomassist.inherit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * 客户继承 (inheritance).
 *
 * @param batchSize       customers per transfer call (WeCom takes at most 100)
 * @param batchPause      the pause between two calls of one job: a staff change of thousands of customers
 *                        need not take WeCom's rate limit from everything else
 * @param pollInterval    how often transfer_result is read while customers are waiting (they have 24 h)
 * @param pollLimit       how long after the job began polling goes on; customers still waiting then are
 *                        given up on (GAVE_UP) — WeCom's 24 h and some slack
 * @param window          the window of WeCom's per-customer limit (90 days)
 * @param maxPerWindow    transfers per customer within the window (WeCom: 2); the ledger refuses the next
 * @param maxMessageChars the customer-facing message of a 在职 transfer, at most (WeCom: 200 characters)
 */
@ConfigurationProperties(prefix = "assist.inherit", ignoreUnknownFields = false)
public record InheritanceProperties(@DefaultValue("100") int batchSize,
                                    @DefaultValue("1s") Duration batchPause,
                                    @DefaultValue("10m") Duration pollInterval,
                                    @DefaultValue("26h") Duration pollLimit,
                                    @DefaultValue("90d") Duration window,
                                    @DefaultValue("2") int maxPerWindow,
                                    @DefaultValue("200") int maxMessageChars) {

    public InheritanceProperties {
        if (batchSize < 1 || batchSize > 100) {
            throw new IllegalArgumentException("assist.inherit.batch-size must be between 1 and 100 (WeCom's limit)");
        }
        if (batchPause.isNegative()) {
            throw new IllegalArgumentException("assist.inherit.batch-pause must not be negative");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("assist.inherit.poll-interval must be positive");
        }
        if (pollLimit.isNegative() || pollLimit.isZero()) {
            throw new IllegalArgumentException("assist.inherit.poll-limit must be positive");
        }
        if (window.isNegative() || window.isZero() || maxPerWindow < 1) {
            throw new IllegalArgumentException("assist.inherit.window must be positive and max-per-window at least 1");
        }
        if (maxMessageChars < 1 || maxMessageChars > 200) {
            throw new IllegalArgumentException("assist.inherit.max-message-chars must be between 1 and 200 (WeCom's limit)");
        }
    }
}
