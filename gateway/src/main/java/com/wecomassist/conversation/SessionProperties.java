package com.wecomassist.conversation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Conversation state settings.
 *
 * @param idleTtl       a conversation's state is forgotten this long after its last change (WeCom's
 *                      reply window is 48 h, after which the bot could not answer anyway)
 * @param maxCasRetries how often a versioned write is tried again after another instance wrote first
 */
@ConfigurationProperties(prefix = "assist.session", ignoreUnknownFields = false)
public record SessionProperties(
        @DefaultValue("48h") Duration idleTtl,
        @DefaultValue("10") int maxCasRetries) {

    public SessionProperties {
        if (idleTtl.isNegative() || idleTtl.isZero()) {
            throw new IllegalArgumentException("assist.session.idle-ttl must be positive");
        }
        if (maxCasRetries < 0 || maxCasRetries > 100) {
            throw new IllegalArgumentException("assist.session.max-cas-retries must be between 0 and 100");
        }
    }
}
