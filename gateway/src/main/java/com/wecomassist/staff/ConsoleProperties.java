package com.wecomassist.staff;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
 *                          optionally prefixed {@code {bcrypt}}), {@code roles} and optionally {@code team}; created in
 *                          the directory when missing, never overwritten (what administrators made of them wins)
 * @param adminPassword     bootstrap only: when no enabled ADMIN exists, creates {@code admin-username}
 *                          with this password (hashed); unset it afterwards. Cluster mode does not
 *                          start without an ADMIN, and never with a default password
 * @param adminUsername     the login name the bootstrap admin gets
 * @param demoUsers         embedded mode: when the directory is empty at start, create one demo user
 *                          per role with a random password printed once in the log
 * @param maxFailedLogins   failed logins of one name from one client after which the name is locked
 *                          for that client (the same name from elsewhere is not: nobody can lock
 *                          {@code admin} out from where they are)
 * @param lockout           how long a locked name stays locked, and a throttled client throttled
 *                          (counted from its last failure)
 * @param minPasswordLength the shortest password accepted from the users API and the admin bootstrap
 * @param sessionIdleTimeout a console login ends after this long without a request of the person
 *                          (background requests, marked {@value StaffSessions#BACKGROUND}, and live
 *                          streams do not count); in cluster mode sessions are kept in Redis so that
 *                          every instance knows them
 * @param maxFailedLoginsPerClient failed logins (any names) from one client after which its logins are
 *                          refused (429) without a password check, until {@code lockout} has passed
 * @param passwordCheckThreads threads that check passwords (BCrypt: tens of milliseconds of CPU each);
 *                          default half the processors, so that logins never take every core from
 *                          the callbacks
 * @param passwordCheckQueue password checks that may wait for one of those threads; beyond it a
 *                          login is refused at once (503) without a check
 * @param clientAddressHeader the request header that carries the client's address, set by the
 *                          bank's proxy in front of the gateway (e.g. {@code X-Real-IP}); blank: the
 *                          connection's address. Only name a header the proxy always overwrites:
 *                          anyone can send it
 * @param staffFile         embedded mode: the file the staff directory keeps its members in (hashes, roles,
 *                          teams, who is disabled), so that a restart keeps what administrators did;
 *                          relative to the directory the gateway is started from; blank keeps them in
 *                          memory only. Cluster mode keeps them in Redis and ignores it
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
        @DefaultValue("30m") Duration sessionIdleTimeout,
        @DefaultValue("20") int maxFailedLoginsPerClient,
        Integer passwordCheckThreads,
        @DefaultValue("50") int passwordCheckQueue,
        String clientAddressHeader,
        @DefaultValue("./data/staff.json") String staffFile) {

    /** A BCrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}, cost 04 to 31), optionally with the {bcrypt} id. */
    static final Pattern BCRYPT = Pattern.compile("(\\{bcrypt})?\\$2[aby]?\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    /**
     * A user from configuration.
     *
     * @param passwordHash   the BCrypt hash of their password (never the password)
     * @param roles          at least one role
     * @param team           their team (optional: {@value StaffMember#DEFAULT_TEAM} without one)
     * @param serviceAccount a tool's login that authenticates with HTTP Basic (optional: false)
     */
    public record ConfiguredUser(String passwordHash, Set<Role> roles, String team, boolean serviceAccount) {
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
        if (maxFailedLoginsPerClient < maxFailedLogins || maxFailedLoginsPerClient > 100_000) {
            throw new IllegalArgumentException("assist.console.max-failed-logins-per-client must be between "
                    + "assist.console.max-failed-logins (" + maxFailedLogins + ") and 100000");
        }
        if (passwordCheckThreads == null) {
            passwordCheckThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }
        if (passwordCheckThreads < 1 || passwordCheckThreads > 64) {
            throw new IllegalArgumentException("assist.console.password-check-threads must be between 1 and 64");
        }
        if (passwordCheckQueue < 0 || passwordCheckQueue > 10_000) {
            throw new IllegalArgumentException("assist.console.password-check-queue must be between 0 and 10000");
        }
        staffFile = staffFile == null ? "" : staffFile.strip();
        if (!staffFile.isEmpty()) {
            try {
                Path.of(staffFile);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("assist.console.staff-file is not a file name: " + e.getMessage());
            }
        }
        clientAddressHeader = clientAddressHeader == null || clientAddressHeader.isBlank() ? null
                : clientAddressHeader.strip();
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
                + ", maxFailedLogins=" + maxFailedLogins + ", lockout=" + lockout + ", staffFile=" + staffFile + "]";
    }
}
