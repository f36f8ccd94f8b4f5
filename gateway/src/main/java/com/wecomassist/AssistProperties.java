package com.wecomassist;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway keeps its state.
 *
 * @param mode      {@code embedded}: one process, state in memory; {@code cluster}: state in Redis
 *                  (addresses through the standard {@code spring.data.redis.*} properties), so that
 *                  several instances share it
 * @param keyPrefix prefix of every Redis key, so that several gateways can share one Redis
 */
@ConfigurationProperties(prefix = "assist")
public record AssistProperties(@DefaultValue("embedded") Mode mode, @DefaultValue("assist:") String keyPrefix) {

    public enum Mode { EMBEDDED, CLUSTER }

    /** The property that selects the adapters; beans read it through @ConditionalOnProperty. */
    public static final String MODE = "assist.mode";
}
