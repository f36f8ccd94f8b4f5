package com.wecomassist.simulator;

import com.wecomassist.AssistProperties;
import com.wecomassist.settings.SettingsRule;
import java.util.List;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Decides, in one place, whether the simulator runs. It must never run by accident beside real
 * customers, so it is on by itself only where nothing real can be: the embedded mode without a WeCom
 * account ({@code assist.wecom.corp-id} empty), which is what {@code ./assist run} starts. Anywhere
 * else it takes {@code assist.simulator.enabled=true}, and beside a configured account also
 * {@code assist.simulator.force=true} (tests and staging that serve the simulated enterprise as if it
 * were real). Without that second word the start stops with one line saying so ({@link Rule}); the
 * condition alone keeps the simulator off.
 */
public final class SimulatorMode implements Condition {

    static final String ENABLED = "assist.simulator.enabled";
    static final String FORCE = "assist.simulator.force";
    static final String CORP_ID = "assist.wecom.corp-id";

    public static boolean active(Environment env) {
        Boolean enabled = env.getProperty(ENABLED, Boolean.class);
        if (enabled == null) {
            return !accountConfigured(env) && AssistProperties.modeOf(env) == AssistProperties.Mode.EMBEDDED;
        }
        return enabled && (!accountConfigured(env) || Boolean.TRUE.equals(env.getProperty(FORCE, Boolean.class)));
    }

    /** Why the simulator is off, in words that name the settings (for the "no account" message). */
    static String whyOff(Environment env) {
        return env.getProperty(ENABLED, Boolean.class) != null
                ? ENABLED + "=false"
                : "cluster mode runs it only with " + ENABLED + "=true";
    }

    private static boolean accountConfigured(Environment env) {
        String corpId = env.getProperty(CORP_ID);
        return corpId != null && !corpId.isBlank();
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return active(context.getEnvironment());
    }

    /**
     * The two ways the settings leave the gateway without a sensible WeCom: the simulator asked for
     * beside a real account without {@code force}, and neither an account nor the simulator.
     * Registered in META-INF/spring.factories.
     */
    static final class Rule implements SettingsRule {

        @Override
        public List<String> problems(Environment settings) {
            Boolean enabled = settings.getProperty(ENABLED, Boolean.class);
            if (accountConfigured(settings)) {
                if (Boolean.TRUE.equals(enabled) && !Boolean.TRUE.equals(settings.getProperty(FORCE, Boolean.class))) {
                    return List.of(ENABLED + "=true beside a real WeCom account (" + CORP_ID + " is set): the simulator "
                            + "would run next to real customers; also set " + FORCE + "=true if that is meant (tests, "
                            + "staging), else drop " + ENABLED);
                }
                return List.of();
            }
            if (!active(settings)) {
                return List.of(noAccount(settings));
            }
            return List.of();
        }
    }

    /** The one line for a gateway with neither a WeCom account nor the simulator. */
    static String noAccount(Environment env) {
        return "No WeCom account is configured (" + CORP_ID + " / ASSIST_WECOM_CORP_ID) and the simulator is off ("
                + whyOff(env) + "): configure the account, or let the simulator run";
    }
}
