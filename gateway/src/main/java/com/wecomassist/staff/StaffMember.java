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
 */
public record StaffMember(String username, String passwordHash, Set<Role> roles, boolean enabled) {

    /** Login names travel in audit events, URLs and Redis keys: letters, digits and . _ @ - only. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

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
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public StaffMember withPasswordHash(String hash) {
        return new StaffMember(username, hash, roles, enabled);
    }

    public StaffMember withEnabled(boolean on) {
        return new StaffMember(username, passwordHash, roles, on);
    }

    public StaffMember withRoles(Set<Role> newRoles) {
        return new StaffMember(username, passwordHash, newRoles, enabled);
    }

    @Override
    public String toString() {
        return "StaffMember[" + username + ", roles=" + roles + ", enabled=" + enabled + "]";
    }
}
