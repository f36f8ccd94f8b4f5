package com.wecomassist.staff;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login to the consoles and their APIs.
 *
 * @param users             staff from configuration, by login name: {@code password-hash} (BCrypt,
 *                          optionally prefixed {@code {bcrypt}}), {@code roles} and optionally {@code team}; written to the
 *                          directory at every start (configuration wins over API changes for them)
 * @param adminPassword     bootstrap only: when no enabled ADMIN exists, creates {@code admin-username}
 *                          with this password (hashed); unset it afterwards. Cluster mode does not
 *                          start without an ADMIN, and never with a default password
 * @param adminUsername     the login name the bootstrap admin gets
 * @param demoUsers         embedded mode: when the directory is empty at start, create one demo user
 *                          per role with a random password printed once in the log
 * @param maxFailedLogins   failed logins in a row after which a name is locked
 * @param lockout           how long a locked name stays locked (counted from its last failure)
 * @param minPasswordLength the shortest password accepted from the users API and the admin bootstrap
 * @param sessionIdleTimeout a console login ends after this long without a request; in cluster mode
 *                          sessions are kept in Redis so that every instance knows them
 */
@ConfigurationProperties(prefix = "assist.console", ignoreUnknownFields = false)
public record ConsoleProperties(
        Map<String, ConfiguredUser> users,
        String adminPassword,
        @DefaultValue("admin") String adminUsername,
        @DefaultValue("true") boolean demoUsers,
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("5m") Duration lockout,
        @DefaultValue("12") int minPasswordLength,
        @DefaultValue("30m") Duration sessionIdleTimeout) {

    /** A BCrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}, cost 04 to 31), optionally with the {bcrypt} id. */
    static final Pattern BCRYPT = Pattern.compile("(\\{bcrypt})?\\$2[aby]?\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    /**
     * A user from configuration.
     *
     * @param passwordHash the BCrypt hash of their password (never the password)
     * @param roles        at least one role
     * @param team         their team (optional: {@value StaffMember#DEFAULT_TEAM} without one)
     */
    public record ConfiguredUser(String passwordHash, Set<Role> roles, String team) {
    }

    /** BCrypt hashes at most this many bytes of a password (Spring Security refuses longer ones). */
    static final int MAX_PASSWORD_BYTES = 72;

    /** Longer than BCrypt reads: a Chinese character takes 3 bytes in UTF-8. */
    static boolean tooLong(String password) {
        return password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
    }

    public ConsoleProperties {
        users = users == null ? Map.of() : new TreeMap<>(users);
        if (adminPassword != null && adminPassword.isBlank()) {
            adminPassword = null;
        }
        if (minPasswordLength < 8 || minPasswordLength > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("assist.console.min-password-length must be between 8 and "
                    + MAX_PASSWORD_BYTES + " (BCrypt reads no further)");
        }
        if (maxFailedLogins < 1 || maxFailedLogins > 100) {
            throw new IllegalArgumentException("assist.console.max-failed-logins must be between 1 and 100");
        }
        if (sessionIdleTimeout == null || sessionIdleTimeout.compareTo(Duration.ofMinutes(1)) < 0
                || sessionIdleTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("assist.console.session-idle-timeout must be between 1m and 1d");
        }
        if (lockout == null || lockout.compareTo(Duration.ofSeconds(1)) < 0 || lockout.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("assist.console.lockout must be between 1s and 1d");
        }
        if (adminUsername == null || !StaffMember.USERNAME.matcher(adminUsername).matches()) {
            throw new IllegalArgumentException("assist.console.admin-username must be 1 to 64 letters, digits, "
                    + "'.', '_', '@' or '-', not '" + adminUsername + "'");
        }
        if (adminPassword != null && adminPassword.length() < minPasswordLength) {
            throw new IllegalArgumentException("assist.console.admin-password (ASSIST_CONSOLE_ADMIN_PASSWORD) must "
                    + "have at least " + minPasswordLength + " characters");
        }
        if (adminPassword != null && tooLong(adminPassword)) {
            throw new IllegalArgumentException("assist.console.admin-password (ASSIST_CONSOLE_ADMIN_PASSWORD) must "
                    + "have at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8 (BCrypt reads no further)");
        }
        for (Map.Entry<String, ConfiguredUser> e : users.entrySet()) {
            String name = e.getKey();
            ConfiguredUser user = e.getValue();
            if (!StaffMember.USERNAME.matcher(name).matches()) {
                throw new IllegalArgumentException("assist.console.users: '" + name + "' is not a valid login name "
                        + "(1 to 64 letters, digits, '.', '_', '@' or '-')");
            }
            if (user == null || user.passwordHash() == null || !BCRYPT.matcher(user.passwordHash().strip()).matches()) {
                throw new IllegalArgumentException("assist.console.users." + name + ".password-hash must be a BCrypt "
                        + "hash ($2a$/$2b$/$2y$...), never a password: see README, 'Login and roles'");
            }
            try {
                StaffMember.team(user.team());
            } catch (IllegalArgumentException badTeam) {
                throw new IllegalArgumentException("assist.console.users." + name + ".team: " + badTeam.getMessage());
            }
            if (user.roles() == null || user.roles().isEmpty()) {
                throw new IllegalArgumentException("assist.console.users." + name + ".roles must name at least one of "
                        + Role.names());
            }
        }
    }

    @Override
    public String toString() {
        return "ConsoleProperties[users=" + users.keySet() + ", adminPassword=" + (adminPassword == null ? "unset" : "****")
                + ", maxFailedLogins=" + maxFailedLogins + ", lockout=" + lockout + "]";
    }
}
