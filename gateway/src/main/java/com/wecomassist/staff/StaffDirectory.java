package com.wecomassist.staff;

import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The staff who may log in, with their hashed passwords and roles, and the count of each login
 * name's recent failed logins (for the lockout). In memory in embedded mode; in Redis in cluster
 * mode, so that every instance knows the same users and a lockout holds on all of them.
 */
public interface StaffDirectory {

    /** The member with this login name, or empty. */
    Mono<StaffMember> find(String username);

    /** Every member, by login name. */
    Flux<StaffMember> all();

    /** Adds the member unless the login name is taken: true if added. Atomic across instances. */
    Mono<Boolean> create(StaffMember member);

    /** Adds or replaces the member. */
    Mono<Void> save(StaffMember member);

    /**
     * Counts one more failed login for the name (known or not) and answers the count; the count is
     * forgotten {@code forgetAfter} the last failure, which is how long a lockout lasts.
     */
    Mono<Long> failedLogin(String username, Duration forgetAfter);

    /** The name's failed logins not yet forgotten (0 if none). */
    Mono<Long> failedLogins(String username);

    /** Forgets the name's failed logins (after a successful login). */
    Mono<Void> forgetFailedLogins(String username);
}
