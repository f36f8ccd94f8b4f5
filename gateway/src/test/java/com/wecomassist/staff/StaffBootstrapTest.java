package com.wecomassist.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.AssistApplication;
import com.wecomassist.testing.OwnNettyResources;
import com.wecomassist.AssistProperties;
import com.wecomassist.staff.file.FileStaffDirectory;
import com.wecomassist.staff.memory.InMemoryStaffDirectory;
import com.wecomassist.staff.redis.RedisStaffDirectory;
import com.wecomassist.testing.RedisTestServer;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The first users: configured ones, the admin bootstrap, demo users; cluster mode never without an admin. */
@ExtendWith(OutputCaptureExtension.class)
class StaffBootstrapTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String ADMIN_PASSWORD = "bootstrap-admin-password";

    private final PasswordEncoder encoder = new StaffConfiguration().passwordEncoder();

    private static ConsoleProperties settings(String adminPassword, boolean demoUsers) {
        return new ConsoleProperties(Map.of(), adminPassword, "admin", demoUsers, 5, Duration.ofMinutes(5), 12,
                Duration.ofMinutes(30), 20, 1, 50, null, "");
    }

    private static StaffDirectory redis() {
        return new RedisStaffDirectory(RedisTestServer.template(), RedisTestServer.freshPrefix());
    }

    @Test
    void clusterModeWithoutAnAdminRefusesToStartAndSaysHowToCreateOne() {
        StaffBootstrap bootstrap = new StaffBootstrap(redis(), settings(null, true), encoder, AssistProperties.Mode.CLUSTER);
        assertThatThrownBy(bootstrap::afterSingletonsInstantiated)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cluster mode does not start without an administrator")
                .hasMessageContaining("ASSIST_CONSOLE_ADMIN_PASSWORD");
    }

    @Test
    void theAdminPasswordCreatesOneHashedAdminOnceAndIsIgnoredAfterwards(CapturedOutput output) {
        StaffDirectory directory = redis();
        new StaffBootstrap(directory, settings(ADMIN_PASSWORD, true), encoder, AssistProperties.Mode.CLUSTER)
                .afterSingletonsInstantiated();
        StaffMember admin = directory.find("admin").block(WAIT);
        assertThat(admin.roles()).containsExactly(Role.ADMIN);
        assertThat(admin.passwordHash()).startsWith("{bcrypt}$2").doesNotContain(ADMIN_PASSWORD);
        assertThat(encoder.matches(ADMIN_PASSWORD, admin.passwordHash())).isTrue();
        assertThat(output).contains("Unset ASSIST_CONSOLE_ADMIN_PASSWORD").doesNotContain(ADMIN_PASSWORD);

        // an administrator changed the password; a second start with the variable still set changes nothing
        directory.save(admin.withPasswordHash(encoder.encode("changed-by-the-admin"))).block(WAIT);
        new StaffBootstrap(directory, settings(ADMIN_PASSWORD, true), encoder, AssistProperties.Mode.CLUSTER)
                .afterSingletonsInstantiated();
        assertThat(encoder.matches("changed-by-the-admin", directory.find("admin").block(WAIT).passwordHash())).isTrue();
        assertThat(directory.all().collectList().block(WAIT)).hasSize(1);
        // and later starts need no password at all
        new StaffBootstrap(directory, settings(null, true), encoder, AssistProperties.Mode.CLUSTER)
                .afterSingletonsInstantiated();
    }

    /**
     * A configured user is created once: a restart must not enable again one an administrator
     * disabled, nor put back the password they replaced (it did both, writing configuration over the
     * store at every start).
     */
    @Test
    void aRestartKeepsWhatAnAdministratorMadeOfAConfiguredUser(CapturedOutput output) {
        String hash = "$2b$04$fv5XD3J3lDDM8vYje5EHQuw/ss3NWU1Odq9owXzWE6HBHsG.WDucq";
        ConsoleProperties configured = new ConsoleProperties(Map.of(
                "li.na", new ConsoleProperties.ConfiguredUser(hash, Set.of(Role.AGENT), "north", false),
                "boss", new ConsoleProperties.ConfiguredUser(hash, Set.of(Role.ADMIN), null, false)),
                null, "admin", false, 5, Duration.ofMinutes(5), 12, Duration.ofMinutes(30), 20, 1, 50, null, "");
        StaffDirectory directory = redis();
        new StaffBootstrap(directory, configured, encoder, AssistProperties.Mode.CLUSTER).afterSingletonsInstantiated();
        StaffMember li = directory.find("li.na").block(WAIT);
        assertThat(li).isEqualTo(new StaffMember("li.na", hash, Set.of(Role.AGENT), true, "north"));

        String setByTheAdmin = encoder.encode("set-by-the-admin");
        directory.save(li.withEnabled(false).withPasswordHash(setByTheAdmin)).block(WAIT);
        new StaffBootstrap(directory, configured, encoder, AssistProperties.Mode.CLUSTER).afterSingletonsInstantiated();

        StaffMember after = directory.find("li.na").block(WAIT);
        assertThat(after.enabled()).isFalse();
        assertThat(after.passwordHash()).isEqualTo(setByTheAdmin);
        assertThat(output).contains("assist.console.users.li.na differs from the stored user");
        // the one that matches its configuration is not mentioned
        assertThat(output).doesNotContain("assist.console.users.boss differs");
    }

    /**
     * The same in embedded mode, across a real restart: a new directory on the staff file (the old in-memory
     * directory forgot everything, so the configured users came back enabled with their configured passwords
     * and the users made through the API were gone).
     */
    @Test
    void anEmbeddedRestartOnTheStaffFileKeepsWhatAnAdministratorDid(@TempDir Path dir, CapturedOutput output) {
        String hash = "$2b$04$fv5XD3J3lDDM8vYje5EHQuw/ss3NWU1Odq9owXzWE6HBHsG.WDucq";
        Path file = dir.resolve("data").resolve("staff.json");
        ConsoleProperties configured = new ConsoleProperties(Map.of(
                "li.na", new ConsoleProperties.ConfiguredUser(hash, Set.of(Role.AGENT), "north", false),
                "wang", new ConsoleProperties.ConfiguredUser(hash, Set.of(Role.AGENT), null, false),
                "boss", new ConsoleProperties.ConfiguredUser(hash, Set.of(Role.ADMIN), null, false)),
                null, "admin", true, 5, Duration.ofMinutes(5), 12, Duration.ofMinutes(30), 20, 1, 50, null,
                file.toString());
        StaffDirectory before = FileStaffDirectory.open(file, new InMemoryStaffDirectory(Clock.systemUTC()));
        new StaffBootstrap(before, configured, encoder, AssistProperties.Mode.EMBEDDED).afterSingletonsInstantiated();
        StaffMember boss = before.find("boss").block(WAIT);

        before.save(before.find("li.na").block(WAIT).withEnabled(false)).block(WAIT);
        String setByTheAdmin = encoder.encode("set-by-the-admin");
        before.save(before.find("wang").block(WAIT).withPasswordHash(setByTheAdmin)).block(WAIT);
        StaffMember madeThroughTheApi = new StaffMember("zhou", encoder.encode("made-through-the-api"),
                Set.of(Role.SUPERVISOR), true, "north");
        assertThat(before.create(madeThroughTheApi).block(WAIT)).isTrue();

        StaffDirectory after = FileStaffDirectory.open(file, new InMemoryStaffDirectory(Clock.systemUTC()));
        new StaffBootstrap(after, configured, encoder, AssistProperties.Mode.EMBEDDED).afterSingletonsInstantiated();

        assertThat(after.find("li.na").block(WAIT)).isEqualTo(new StaffMember("li.na", hash, Set.of(Role.AGENT), false,
                "north"));
        assertThat(after.find("wang").block(WAIT).passwordHash()).isEqualTo(setByTheAdmin);
        assertThat(after.find("zhou").block(WAIT)).isEqualTo(madeThroughTheApi);
        assertThat(after.find("boss").block(WAIT)).isEqualTo(boss);
        // and no demo users beside them
        assertThat(after.all().map(StaffMember::username).collectList().block(WAIT))
                .containsExactly("boss", "li.na", "wang", "zhou");
        // the changed password is worth a warning; being disabled is not a difference from configuration
        assertThat(output).contains("assist.console.users.wang differs from the stored user")
                .doesNotContain("assist.console.users.li.na differs");
    }

    /**
     * The newcomer's second {@code ./assist run}: the demo users of the first are in the staff file with the
     * passwords printed then; none are made or printed again, and the log says why and how to get new ones.
     */
    @Test
    void demoUsersKeptInTheStaffFileAreNotMadeAgainAndTheLogSaysSo(@TempDir Path dir, CapturedOutput output) {
        Path file = dir.resolve("staff.json");
        ConsoleProperties demo = new ConsoleProperties(Map.of(), null, "admin", true, 5, Duration.ofMinutes(5), 12,
                Duration.ofMinutes(30), 20, 1, 50, null, file.toString());
        StaffDirectory first = FileStaffDirectory.open(file, new InMemoryStaffDirectory(Clock.systemUTC()));
        new StaffBootstrap(first, demo, encoder, AssistProperties.Mode.EMBEDDED).afterSingletonsInstantiated();
        List<StaffMember> created = first.all().collectList().block(WAIT);
        assertThat(created).hasSize(8);
        assertThat(output).contains("created demo users (kept in " + file);
        int printed = output.getOut().length();

        StaffDirectory second = FileStaffDirectory.open(file, new InMemoryStaffDirectory(Clock.systemUTC()));
        new StaffBootstrap(second, demo, encoder, AssistProperties.Mode.EMBEDDED).afterSingletonsInstantiated();
        assertThat(second.all().collectList().block(WAIT)).isEqualTo(created);
        String secondStart = output.getOut().substring(printed);
        assertThat(secondStart).doesNotContain("created demo users")
                .contains("No demo users created: " + file + " holds 8 users already");
    }

    @Test
    void embeddedModeWithNobodyConfiguredCreatesDemoUsersWithPasswordsPrintedOnce(CapturedOutput output) {
        StaffDirectory directory = new InMemoryStaffDirectory(Clock.systemUTC());
        new StaffBootstrap(directory, settings(null, true), encoder, AssistProperties.Mode.EMBEDDED)
                .afterSingletonsInstantiated();
        List<StaffMember> users = directory.all().collectList().block(WAIT);
        assertThat(users).extracting(StaffMember::username)
                .containsExactlyInAnyOrder("agent", "editor", "compliance", "manager", "supervisor", "operations",
                        "bank-events", "admin");
        assertThat(directory.find("supervisor").block(WAIT).roles()).containsExactly(Role.SUPERVISOR);
        // one team, so that the demo supervisor sees the demo agent
        assertThat(users).extracting(StaffMember::team).containsOnly(StaffMember.DEFAULT_TEAM);
        assertThat(output).contains("demo users");
        for (StaffMember user : users) {
            assertThat(user.roles()).hasSize(1);
            String line = output.getOut().lines().filter(l -> l.strip().startsWith(user.username() + " ")).findFirst()
                    .orElseThrow();
            String password = line.strip().split("\\s+")[2];
            assertThat(encoder.matches(password, user.passwordHash())).isTrue();
        }
        // no demo users when they are turned off, or when someone exists already
        StaffDirectory none = new InMemoryStaffDirectory(Clock.systemUTC());
        new StaffBootstrap(none, settings(null, false), encoder, AssistProperties.Mode.EMBEDDED).afterSingletonsInstantiated();
        assertThat(none.all().collectList().block(WAIT)).isEmpty();
    }

    /** Pasted after "curl -u agent:" and read back from the log: nothing a shell or an option parser treats specially. */
    @Test
    void demoPasswordsAreLettersAndDigitsSoNoneStartsWithADash() {
        SecureRandom random = new SecureRandom();
        Set<String> passwords = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            passwords.add(StaffBootstrap.demoPassword(random));
        }
        assertThat(passwords).hasSize(20_000).allSatisfy(password -> assertThat(password).matches("[A-Za-z0-9]{16}"));
        // every symbol is used, in the first place too: the alphabet is not accidentally narrower
        assertThat(passwords.stream().map(p -> p.charAt(0)).distinct().count()).isEqualTo(62);
    }

    @Test
    void aConfiguredUserNeedsAHashNotAPassword() {
        assertThatThrownBy(() -> new ConsoleProperties(Map.of("li", new ConsoleProperties.ConfiguredUser("secret123",
                Set.of(Role.AGENT), null, false)), null, "admin", true, 5, Duration.ofMinutes(5), 12,
                Duration.ofMinutes(30), 20, 1, 50, null, ""))
                .hasMessageContaining("assist.console.users.li.password-hash must be a BCrypt hash");
        String hash = "$2b$04$fv5XD3J3lDDM8vYje5EHQuw/ss3NWU1Odq9owXzWE6HBHsG.WDucq";
        assertThatThrownBy(() -> new ConsoleProperties(Map.of("li", new ConsoleProperties.ConfiguredUser(hash,
                Set.of(Role.AGENT), "north<script>", false)), null, "admin", true, 5, Duration.ofMinutes(5), 12,
                Duration.ofMinutes(30), 20, 1, 50, null, ""))
                .hasMessageContaining("assist.console.users.li.team");
        assertThatThrownBy(() -> settings("short", true))
                .hasMessageContaining("assist.console.admin-password (ASSIST_CONSOLE_ADMIN_PASSWORD) must have at least 12");
    }

    /** BCrypt reads 72 bytes: a longer admin password or minimum is refused at startup, with the setting named. */
    @Test
    void passwordsBCryptCannotReadAreRefusedWithTheSettingNamed() {
        String twentyFiveChineseCharacters = "招商银行客户服务中心管理员密码请妥善保管不要告诉任何人";
        assertThat(twentyFiveChineseCharacters).hasSizeGreaterThanOrEqualTo(25).hasSizeLessThan(72);
        assertThatThrownBy(() -> settings(twentyFiveChineseCharacters, true))
                .hasMessageContaining("ASSIST_CONSOLE_ADMIN_PASSWORD").hasMessageContaining("at most 72 bytes");
        assertThatThrownBy(() -> new ConsoleProperties(Map.of(), null, "admin", true, 5, Duration.ofMinutes(5), 100,
                Duration.ofMinutes(30), 20, 1, 50, null, "")).hasMessageContaining("assist.console.min-password-length must be between 8 and 72");
    }

    /** The real thing: a cluster instance with Redis but no admin stops before taking traffic, with the message. */
    @Test
    void aClusterInstanceWithoutAdminDoesNotStart() {
        URI redis = RedisTestServer.uri();
        // only the main application.yml: the test configuration's users include an ADMIN
        assertThatThrownBy(() -> start("spring.config.location=classpath:/application.yml", "assist.mode=cluster",
                "assist.simulator.enabled=true", "assist.kb.dir=", "assist.key-prefix=" + RedisTestServer.freshPrefix(),
                "spring.data.redis.host=" + redis.getHost(), "spring.data.redis.port=" + redis.getPort(),
                "spring.kafka.bootstrap-servers=127.0.0.1:1"))
                .hasStackTraceContaining("Cluster mode does not start without an administrator");
    }

    @Test
    void aMisspelledConsoleSettingIsRefused() {
        assertThatThrownBy(() -> start("assist.console.max-failed-loginz=3"))
                .hasStackTraceContaining("max-failed-loginz");
    }

    private static void start(String... properties) {
        String[] args = Stream.concat(Stream.of("server.port=0"), Arrays.stream(properties)).map(p -> "--" + p)
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class).run(args);
        context.close();
    }
}
