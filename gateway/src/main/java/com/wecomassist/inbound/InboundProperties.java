package com.wecomassist.inbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Intake limits.
 *
 * @param queueCapacity messages accepted but not yet handled, at most; beyond it new messages stay
 *                      at WeCom (the cursor does not move) until there is room
 */
@ConfigurationProperties(prefix = "assist.inbound", ignoreUnknownFields = false)
public record InboundProperties(@DefaultValue("10000") int queueCapacity) {

    public InboundProperties {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("assist.inbound.queue-capacity must be at least 1");
        }
    }
}
