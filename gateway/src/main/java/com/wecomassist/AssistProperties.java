package com.wecomassist;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

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

    /** The property that selects the adapters (see {@link ConditionalOnAssistMode}). */
    public static final String MODE = "assist.mode";

    /** The configured mode; anything but embedded or cluster is refused with the value named. */
    public static Mode modeOf(Environment env) {
        String value = env.getProperty(MODE, "embedded").strip();
        for (Mode mode : Mode.values()) {
            if (mode.name().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new IllegalStateException(MODE + " must be 'embedded' or 'cluster', not '" + value + "'");
    }
}
