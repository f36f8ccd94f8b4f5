package com.wecomassist.welcome;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Welcome messages (欢迎语).
 *
 * @param codeLifetime       how long WeCom accepts an add_external_contact welcome_code, counted from
 *                           the event's CreateTime (20 s at WeCom; shorter only in tests)
 * @param safetyMargin       no attempt is started or kept going this close to the end of the lifetime:
 *                           CreateTime is in whole seconds and clocks differ, and a welcome WeCom refuses
 *                           as late is one the customer never sees anyway
 * @param employeeRoles      WeCom userid → role (e.g. {@code account-manager}, {@code direct}), the role
 *                           templates may be chosen by; WeCom itself has no such role
 * @param accountManagerRole the role of every employee named as an account manager (管户) in
 *                           {@code assist.route.account-managers}, unless {@code employee-roles} says
 *                           otherwise
 * @param defaultRole        the role of every other employee (直营 by default)
 * @param refreshInterval    how often an instance looks whether a template was published elsewhere
 *                           (cluster); a publication on this instance takes effect at once
 * @param maxInFlight        welcomes being sent at once, at most; beyond it a welcome is not sent and
 *                           recorded as refused ({@code overloaded}) rather than queued past its 20 s
 */
@ConfigurationProperties(prefix = "assist.welcome", ignoreUnknownFields = false)
public record WelcomeProperties(@DefaultValue("20s") Duration codeLifetime,
                                @DefaultValue("1s") Duration safetyMargin,
                                Map<String, String> employeeRoles,
                                @DefaultValue("account-manager") String accountManagerRole,
                                @DefaultValue("direct") String defaultRole,
                                @DefaultValue("5s") Duration refreshInterval,
                                @DefaultValue("5000") int maxInFlight) {

    public WelcomeProperties {
        if (codeLifetime.isNegative() || codeLifetime.isZero()) {
            throw new IllegalArgumentException("assist.welcome.code-lifetime must be positive");
        }
        if (safetyMargin.isNegative() || safetyMargin.compareTo(codeLifetime) >= 0) {
            throw new IllegalArgumentException("assist.welcome.safety-margin must be at least 0 and below code-lifetime");
        }
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("assist.welcome.refresh-interval must be positive");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("assist.welcome.max-in-flight must be at least 1");
        }
        employeeRoles = employeeRoles == null ? Map.of() : Map.copyOf(employeeRoles);
        // validated as a key's role would be: a role nobody can write a template for is a typo
        employeeRoles.values().forEach(role -> WelcomeKey.contact(WelcomeKey.ANY, role));
        WelcomeKey.contact(WelcomeKey.ANY, accountManagerRole);
        WelcomeKey.contact(WelcomeKey.ANY, defaultRole);
    }
}
