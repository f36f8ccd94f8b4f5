package com.wecomassist.welcome;

import com.wecomassist.roster.RosterEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The role of a WeCom employee (userid) for choosing a welcome. WeCom has no such role: it comes from
 * configuration ({@code assist.welcome.employee-roles}) first, then the bank's roster ({@code roster/},
 * its {@code role} column, read again every twelfth template refresh), then everyone named as an
 * account manager (管户) in {@code assist.route.account-managers} (the routing's own list, so a bank
 * configures its managers once), then the default role (直营). Answering never waits: the roster is
 * held here.
 */
public final class EmployeeRoles {

    private final AtomicReference<Map<String, String>> fromRoster = new AtomicReference<>(Map.of());

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
        if (role == null) {
            role = fromRoster.get().get(userId);
        }
        if (role != null) {
            return role;
        }
        return accountManagers.contains(userId) ? accountManagerRole : defaultRole;
    }

    /** Takes the roles of the roster's employees who have one (an employee without keeps falling through). */
    public Mono<Void> refresh(Flux<RosterEntry> roster) {
        return roster.filter(e -> e.role() != null)
                .collect(HashMap<String, String>::new, (roles, e) -> roles.put(e.userid(), e.role()))
                .doOnNext(roles -> fromRoster.set(Map.copyOf(roles)))
                .then();
    }
}
