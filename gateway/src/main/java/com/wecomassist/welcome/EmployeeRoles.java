package com.wecomassist.welcome;

import java.util.Map;
import java.util.Set;

/**
 * The role of a WeCom employee (userid) for choosing a welcome. WeCom has no such role and the
 * gateway knows no HR directory, so it comes from configuration: {@code assist.welcome.employee-roles}
 * first, then everyone named as an account manager (管户) in {@code assist.route.account-managers}
 * (the routing's own list, so a bank configures its managers once), then the default role (直营).
 * A bank with a directory replaces this class's source, not its callers.
 */
public final class EmployeeRoles {

    private final Map<String, String> configured;
    private final Set<String> accountManagers;
    private final String accountManagerRole;
    private final String defaultRole;

    public EmployeeRoles(Map<String, String> configured, Set<String> accountManagers, String accountManagerRole,
                         String defaultRole) {
        this.configured = Map.copyOf(configured);
        this.accountManagers = Set.copyOf(accountManagers);
        this.accountManagerRole = accountManagerRole;
        this.defaultRole = defaultRole;
    }

    /** The role of {@code userId}; never null. */
    public String of(String userId) {
        if (userId == null) {
            return defaultRole;
        }
        String role = configured.get(userId);
        if (role != null) {
            return role;
        }
        return accountManagers.contains(userId) ? accountManagerRole : defaultRole;
    }
}
