package com.wecomassist.comply;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Compliance settings.
 *
 * @param recentCapacity how many of the latest blocked or reviewed texts the compliance officer's
 *                       list keeps (the oldest fall off; the audit trail keeps everything)
 */
@ConfigurationProperties(prefix = "assist.compliance", ignoreUnknownFields = false)
public record ComplianceProperties(@DefaultValue("500") int recentCapacity) {

    /** Most a request may list: a page, not an export. */
    public static final int MAX_LIMIT = 200;

    public ComplianceProperties {
        if (recentCapacity < 1 || recentCapacity > 100_000) {
            throw new IllegalArgumentException("assist.compliance.recent-capacity must be within 1..100000, not "
                    + recentCapacity);
        }
    }
}
