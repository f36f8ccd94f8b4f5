package com.wecomassist.staff;

import com.wecomassist.AssistProperties;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The first users, before the gateway takes traffic: the configured ones (created when missing, never
 * overwritten: a restart must not enable again a user an administrator disabled, nor undo a password
 * they set; the store outlives the process in Redis, or in embedded mode in {@code assist.console.staff-file}),
 * the bootstrap admin from {@code assist.console.admin-password} (once), and in embedded mode demo
 * users when there is nobody at all. Cluster mode refuses to start without an enabled ADMIN: there
 * is no default password to fall back on.
 */
class StaffBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StaffBootstrap.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DEMO_PASSWORD_SYMBOLS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int DEMO_PASSWORD_LENGTH = 16;
    /** Demo user names, one per role (all in the default team, so the demo supervisor sees the demo agent). */
    static final Map<Role, String> DEMO_NAMES = Map.of(Role.AGENT, "agent", Role.CONTENT_EDITOR, "editor",
            Role.COMPLIANCE_OFFICER, "compliance", Role.ACCOUNT_MANAGER, "manager", Role.SUPERVISOR, "supervisor",
            Role.OPERATIONS, "operations", Role.EVENT_SOURCE, "bank-events", Role.ADMIN, "admin");

    private final StaffDirectory directory;
    private final ConsoleProperties settings;
    private final PasswordEncoder encoder;
    private final AssistProperties.Mode mode;

    StaffBootstrap(StaffDirectory directory, ConsoleProperties settings, PasswordEncoder encoder,
                   AssistProperties.Mode mode) {
        this.directory = directory;
        this.settings = settings;
        this.encoder = encoder;
        this.mode = mode;
    }

    /** Runs on the startup thread (blocking is fine there): a failure stops the gateway. */
    @Override
    public void afterSingletonsInstantiated() {
        settings.users().forEach((name, user) -> configure(new StaffMember(name, user.passwordHash().strip(),
                user.roles(), true, user.team(), user.serviceAccount())));
        if (settings.adminPassword() != null) {
            bootstrapAdmin();
        }
        if (mode == AssistProperties.Mode.CLUSTER && !hasEnabledAdmin()) {
            throw new IllegalStateException("Cluster mode does not start without an administrator, and has no default "
                    + "password: set assist.console.admin-password (environment ASSIST_CONSOLE_ADMIN_PASSWORD) for one "
                    + "start to create the '" + settings.adminUsername() + "' user, or configure "
                    + "assist.console.users.<name>.password-hash with roles [ADMIN]");
        }
        if (mode == AssistProperties.Mode.EMBEDDED && settings.demoUsers()) {
            long users = directory.all().count().blockOptional(WAIT).orElse(0L);
            if (users == 0) {
                createDemoUsers();
            } else if (settings.users().isEmpty() && !settings.staffFile().isEmpty()) {
                // the newcomer's second ./assist run: say where the users are and why no passwords are printed
                log.info("No demo users created: {} holds {} users already. Demo passwords are printed only at the "
                        + "start that creates them; to get new ones, stop the gateway and move that file aside "
                        + "(it also holds what administrators changed).", staffFile(), users);
            }
        }
    }

    /**
     * A configured user is created once; after that the store holds what administrators made of it.
     * A configuration that says otherwise is logged, so that an operator who edited it knows why
     * nothing changed.
     */
    private void configure(StaffMember configured) {
        if (Boolean.TRUE.equals(directory.create(configured).block(WAIT))) {
            return;
        }
        StaffMember stored = directory.find(configured.username()).block(WAIT);
        if (stored != null && !stored.withEnabled(true).equals(configured)) {
            log.warn("assist.console.users.{} differs from the stored user (password hash, roles, team or service "
                    + "account): the stored one is kept. Change it through /api/users.", configured.username());
        }
    }

    private boolean hasEnabledAdmin() {
        return Boolean.TRUE.equals(directory.all().any(m -> m.enabled() && m.has(Role.ADMIN)).block(WAIT));
    }

    private void bootstrapAdmin() {
        if (hasEnabledAdmin()) {
            log.warn("assist.console.admin-password is set but an administrator exists already: it was not used. "
                    + "Unset ASSIST_CONSOLE_ADMIN_PASSWORD.");
            return;
        }
        String name = settings.adminUsername();
        StaffMember admin = new StaffMember(name, encoder.encode(settings.adminPassword()), EnumSet.of(Role.ADMIN), true);
        if (Boolean.TRUE.equals(directory.create(admin).block(WAIT))) {
            log.warn("Created the administrator '{}' from assist.console.admin-password (only its hash is kept). "
                    + "Unset ASSIST_CONSOLE_ADMIN_PASSWORD now and change the password through /api/users.", name);
        } else {
            log.warn("assist.console.admin-password is set but a user '{}' exists already (not an enabled ADMIN): "
                    + "it was left as it is", name);
        }
    }

    private void createDemoUsers() {
        SecureRandom random = new SecureRandom();
        List<String> lines = new ArrayList<>();
        for (Role role : Role.values()) {
            String password = demoPassword(random);
            String name = DEMO_NAMES.get(role);
            // service accounts too: they are for trying the gateway, the API with curl -u included
            directory.save(new StaffMember(name, encoder.encode(password), Set.of(role), true,
                    StaffMember.DEFAULT_TEAM, true)).block(WAIT);
            lines.add(String.format("  %-11s %-18s %s", name, role, password));
        }
        // Printed once, for trying the gateway on one machine: kept in the staff file when there is one (a
        // later start finds them and prints nothing), else in memory, new ones at every start.
        String kept = settings.staffFile().isEmpty() ? "for this run only (embedded mode, users kept in memory)"
                : "(kept in " + staffFile() + " with these passwords: a later start creates none and prints "
                        + "nothing; note them, or move that file aside before a start to get new ones)";
        log.warn("No console users are configured: created demo users {}.\n"
                + "  login       role               password\n{}\n"
                + "Configure assist.console.users (BCrypt hashes) for real use; see README, 'Login and roles'.",
                kept, String.join("\n", lines));
    }

    /** The staff file as the log names it: absolute, so that nobody has to guess the working directory. */
    private Path staffFile() {
        return Path.of(settings.staffFile()).toAbsolutePath().normalize();
    }

    /**
     * Letters and digits only: a password is pasted into shells and curl ({@code -u agent:...}) and read
     * back from the log, where a leading {@code -} reads as an option and {@code _ $ !} need quoting.
     * 16 of 62 symbols is about 95 bits, more than the 12 random bytes it replaces.
     */
    static String demoPassword(SecureRandom random) {
        StringBuilder password = new StringBuilder(DEMO_PASSWORD_LENGTH);
        for (int i = 0; i < DEMO_PASSWORD_LENGTH; i++) {
            password.append(DEMO_PASSWORD_SYMBOLS.charAt(random.nextInt(DEMO_PASSWORD_SYMBOLS.length())));
        }
        return password.toString();
    }
}
