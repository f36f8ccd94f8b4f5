package com.wecomassist.staff;

import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The staff who may log in, with their hashed passwords and roles; the failed logins that lock a
 * name for one client and throttle a client that guesses; and each member's session epoch, which
 * ends every console session they have when it moves. In embedded mode the members are kept in a
 * local file ({@code assist.console.staff-file}, so that a restart keeps what administrators did) or
 * in memory, the rest in memory; in Redis in cluster mode, so that every instance knows the same
 * users, and a lockout or an ended session holds on all of them.
 */
public interface StaffDirectory {

    /** The member with this login name, or empty. */
    Mono<StaffMember> find(String username);

    /** Every member, by login name. */
    Flux<StaffMember> all();

    /** Adds the member unless the login name is taken: true if added. Atomic across instances. */
    Mono<Boolean> create(StaffMember member);

    /** Adds or replaces the member (their session epoch is not touched: see {@link #endSessions}). */
    Mono<Void> save(StaffMember member);

    /**
     * Counts one more failed login of {@code username} (known or not) from {@code client} (its
     * address), and answers the counts as they now are. Each count is forgotten {@code forgetAfter}
     * its last failure, which is how long a lockout or a client's throttling lasts.
     */
    Mono<FailedLogins> failedLogin(String username, String client, Duration forgetAfter);

    /** The failed logins of the name from the client, and of any name from the client, not yet forgotten. */
    Mono<FailedLogins> failedLogins(String username, String client);

    /**
     * Forgets the name's failed logins from this client (after it logged in as the name). The client's
     * count over all names stays: a valid login must not buy an attacker more guesses at other names.
     */
    Mono<Void> forgetFailedLogins(String username, String client);

    /** Forgets the name's failed logins from every client (an administrator set a new password). */
    Mono<Void> forgetFailedLogins(String username);

    /**
     * The member's session epoch: a login remembers it, and a session whose epoch is no longer the
     * member's is over. 0 for a member whose sessions were never ended.
     */
    Mono<Long> sessionEpoch(String username);

    /**
     * Ends every console session the member has, on every instance (their password changed, they were
     * disabled): moves their session epoch on and answers the new one. Atomic across instances.
     */
    Mono<Long> endSessions(String username);

    /**
     * Failed logins not yet forgotten.
     *
     * @param ofName     of one login name from one client: the name is locked for that client at
     *                   {@code assist.console.max-failed-logins}
     * @param fromClient of any names from that client: the client is throttled at
     *                   {@code assist.console.max-failed-logins-per-client}
     */
    record FailedLogins(long ofName, long fromClient) {

        public static final FailedLogins NONE = new FailedLogins(0, 0);
    }
}
