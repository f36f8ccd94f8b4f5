package com.wecomassist.staff;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A person who may log in to the consoles. The password is kept only as a hash (BCrypt, in the
 * {@link org.springframework.security.crypto.password.DelegatingPasswordEncoder} format); the hash
 * never appears in {@link #toString()} nor in any API answer.
 *
 * @param username     the login name; it is also the id recorded in the audit trail for their actions
 * @param passwordHash the password's hash
 * @param roles        what they may do
 * @param enabled      false: they cannot log in (disabled by an administrator)
 * @param team         the team they work in ({@link #DEFAULT_TEAM} unless one is given): a
 *                     supervisor sees the figures of the agents of their own team
 * @param serviceAccount a tool's or load test's login, not a person's: only these may authenticate
 *                     with HTTP Basic on every request (people log in with the form and get a session)
 */
public record StaffMember(String username, String passwordHash, Set<Role> roles, boolean enabled, String team,
                          boolean serviceAccount) {

    /** Login names travel in audit events, URLs and Redis keys: letters, digits and . _ @ - only. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** The team of everyone not put in another: users from before teams existed are in it too. */
    public static final String DEFAULT_TEAM = "default";

    /** Team names are shown on pages and kept in Redis hashes: letters of any script, digits, space and . _ - only. */
    public static final Pattern TEAM = Pattern.compile("[\\p{L}\\p{N}._ -]{1,64}");

    /** A person (not a service account) of the {@link #DEFAULT_TEAM}. */
    public StaffMember(String username, String passwordHash, Set<Role> roles, boolean enabled) {
        this(username, passwordHash, roles, enabled, DEFAULT_TEAM);
    }

    /** A person, not a service account. */
    public StaffMember(String username, String passwordHash, Set<Role> roles, boolean enabled, String team) {
        this(username, passwordHash, roles, enabled, team, false);
    }

    public StaffMember {
        Objects.requireNonNull(username, "username");
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("a username is 1 to 64 letters, digits, '.', '_', '@' or '-', not '"
                    + username + "'");
        }
        if (passwordHash == null || passwordHash.isBlank()) {
            throw new IllegalArgumentException("user " + username + " has no password hash");
        }
        roles = roles == null || roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        team = team(team);
    }

    /**
     * The team name as kept: stripped, {@link #DEFAULT_TEAM} when null or blank; refused when it
     * has other characters than {@link #TEAM} allows.
     */
    public static String team(String name) {
        String team = name == null || name.isBlank() ? DEFAULT_TEAM : name.strip();
        if (!TEAM.matcher(team).matches()) {
            throw new IllegalArgumentException("a team name is 1 to 64 letters, digits, spaces, '.', '_' or '-', not '"
                    + name + "'");
        }
        return team;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public StaffMember withPasswordHash(String hash) {
        return new StaffMember(username, hash, roles, enabled, team, serviceAccount);
    }

    public StaffMember withEnabled(boolean on) {
        return new StaffMember(username, passwordHash, roles, on, team, serviceAccount);
    }

    public StaffMember withRoles(Set<Role> newRoles) {
        return new StaffMember(username, passwordHash, newRoles, enabled, team, serviceAccount);
    }

    public StaffMember withTeam(String newTeam) {
        return new StaffMember(username, passwordHash, roles, enabled, newTeam, serviceAccount);
    }

    public StaffMember withServiceAccount(boolean service) {
        return new StaffMember(username, passwordHash, roles, enabled, team, service);
    }

    @Override
    public String toString() {
        return "StaffMember[" + username + ", roles=" + roles + ", enabled=" + enabled + ", team=" + team
                + (serviceAccount ? ", service account" : "") + "]";
    }
}
