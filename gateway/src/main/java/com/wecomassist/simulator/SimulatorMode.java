package com.wecomassist.simulator;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Decides, in one place, whether the simulator runs: when {@code assist.simulator.enabled} says so,
 * or, when that is unset, exactly when no WeCom account is configured ({@code assist.wecom.corp-id}).
 */
public final class SimulatorMode implements Condition {

    public static boolean active(Environment env) {
        String enabled = env.getProperty("assist.simulator.enabled");
        if (enabled != null && !enabled.isBlank()) {
            return Boolean.parseBoolean(enabled.strip());
        }
        String corpId = env.getProperty("assist.wecom.corp-id");
        return corpId == null || corpId.isBlank();
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return active(context.getEnvironment());
    }
}
