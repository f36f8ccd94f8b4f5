package com.wecomassist.staff.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.staff.Role;
import com.wecomassist.staff.StaffDirectory;
import com.wecomassist.staff.StaffDirectory.FailedLogins;
import com.wecomassist.staff.StaffMember;
import com.wecomassist.staff.file.FileStaffDirectory;
import com.wecomassist.staff.memory.InMemoryStaffDirectory;
import com.wecomassist.staff.redis.RedisStaffDirectory;
import com.wecomassist.testing.RedisTestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staff directory's contract, for the in-memory, the staff-file and the Redis adapter. */
class StaffDirectoryContractTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String HASH = "{bcrypt}$2b$04$fv5XD3J3lDDM8vYje5EHQuw/ss3NWU1Odq9owXzWE6HBHsG.WDucq";

    abstract static class Contract {

        abstract StaffDirectory directory();

        @Test
        void createsOnceSavesAndFinds() {
            StaffDirectory directory = directory();
            assertThat(directory.find("li.na").blockOptional(WAIT)).isEmpty();
            StaffMember li = new StaffMember("li.na", HASH, EnumSet.of(Role.AGENT, Role.ACCOUNT_MANAGER), true);
            assertThat(directory.create(li).block(WAIT)).isTrue();
            assertThat(directory.create(li.withRoles(Set.of(Role.ADMIN))).block(WAIT)).isFalse();
            assertThat(directory.find("li.na").block(WAIT)).isEqualTo(li);

            directory.save(li.withEnabled(false).withPasswordHash(HASH + "x")).block(WAIT);
            StaffMember changed = directory.find("li.na").block(WAIT);
            assertThat(changed.enabled()).isFalse();
            assertThat(changed.passwordHash()).isEqualTo(HASH + "x");
            assertThat(changed.roles()).containsExactlyInAnyOrder(Role.AGENT, Role.ACCOUNT_MANAGER);

            directory.save(new StaffMember("admin", HASH, Set.of(Role.ADMIN), true)).block(WAIT);
            assertThat(directory.all().map(StaffMember::username).collectList().block(WAIT))
                    .containsExactly("admin", "li.na");
        }

        @Test
        void keepsEachMembersTeamAndPutsTheOthersInTheDefaultOne() {
            StaffDirectory directory = directory();
            StaffMember lead = new StaffMember("zhou", HASH, Set.of(Role.SUPERVISOR), true, "零售 一组");
            assertThat(directory.create(lead).block(WAIT)).isTrue();
            directory.save(new StaffMember("wu", HASH, Set.of(Role.AGENT), true)).block(WAIT);

            assertThat(directory.find("zhou").block(WAIT).team()).isEqualTo("零售 一组");
            assertThat(directory.find("wu").block(WAIT).team()).isEqualTo(StaffMember.DEFAULT_TEAM);
            directory.save(directory.find("wu").block(WAIT).withTeam("零售 一组").withEnabled(false)).block(WAIT);
            assertThat(directory.find("wu").block(WAIT)).isEqualTo(new StaffMember("wu", HASH, Set.of(Role.AGENT),
                    false, "零售 一组"));
        }

        @Test
        void countsFailedLoginsPerNameAndClientAndPerClientUntilForgotten() {
            StaffDirectory directory = directory();
            Duration lockout = Duration.ofMinutes(5);
            assertThat(directory.failedLogins("wang", "10.0.0.1").block(WAIT)).isEqualTo(FailedLogins.NONE);
            assertThat(directory.failedLogin("wang", "10.0.0.1", lockout).block(WAIT)).isEqualTo(new FailedLogins(1, 1));
            assertThat(directory.failedLogin("wang", "10.0.0.1", lockout).block(WAIT)).isEqualTo(new FailedLogins(2, 2));
            // another name from the same client: its own count, the client's goes on
            assertThat(directory.failedLogin("zhao", "10.0.0.1", lockout).block(WAIT)).isEqualTo(new FailedLogins(1, 3));
            // the same name from elsewhere is not locked by these
            assertThat(directory.failedLogins("wang", "10.0.0.2").block(WAIT)).isEqualTo(FailedLogins.NONE);
            assertThat(directory.failedLogin("wang", "10.0.0.2", lockout).block(WAIT)).isEqualTo(new FailedLogins(1, 1));
            assertThat(directory.failedLogins("wang", "10.0.0.1").block(WAIT)).isEqualTo(new FailedLogins(2, 3));

            // a login from one client forgets the name's failures there only, and not the client's count
            directory.forgetFailedLogins("wang", "10.0.0.1").block(WAIT);
            assertThat(directory.failedLogins("wang", "10.0.0.1").block(WAIT)).isEqualTo(new FailedLogins(0, 3));
            assertThat(directory.failedLogins("wang", "10.0.0.2").block(WAIT).ofName()).isEqualTo(1);
            // an administrator's new password forgets the name's failures everywhere
            directory.failedLogin("wang", "10.0.0.1", lockout).block(WAIT);
            directory.forgetFailedLogins("wang").block(WAIT);
            assertThat(directory.failedLogins("wang", "10.0.0.1").block(WAIT).ofName()).isZero();
            assertThat(directory.failedLogins("wang", "10.0.0.2").block(WAIT).ofName()).isZero();
            assertThat(directory.failedLogins("zhao", "10.0.0.1").block(WAIT).ofName()).isEqualTo(1);
        }

        @Test
        void failedLoginsAreForgottenAfterAWhile() {
            StaffDirectory directory = directory();
            directory.failedLogin("qian", "10.0.0.3", Duration.ofMillis(200)).block(WAIT);
            assertThat(directory.failedLogins("qian", "10.0.0.3").block(WAIT)).isEqualTo(new FailedLogins(1, 1));
            await().atMost(WAIT).until(() -> directory.failedLogins("qian", "10.0.0.3").block(WAIT)
                    .equals(FailedLogins.NONE));
            // counting starts again from one
            assertThat(directory.failedLogin("qian", "10.0.0.3", Duration.ofMinutes(1)).block(WAIT))
                    .isEqualTo(new FailedLogins(1, 1));
        }

        @Test
        void endingAMembersSessionsMovesTheirEpochOnAndNobodyElses() {
            StaffDirectory directory = directory();
            assertThat(directory.sessionEpoch("sun").block(WAIT)).isZero();
            assertThat(directory.endSessions("sun").block(WAIT)).isEqualTo(1);
            assertThat(directory.endSessions("sun").block(WAIT)).isEqualTo(2);
            assertThat(directory.sessionEpoch("sun").block(WAIT)).isEqualTo(2);
            assertThat(directory.sessionEpoch("li").block(WAIT)).isZero();
            // saving the member (a new password, disabled) leaves the epoch to endSessions
            directory.save(new StaffMember("sun", HASH, Set.of(Role.AGENT), false)).block(WAIT);
            assertThat(directory.sessionEpoch("sun").block(WAIT)).isEqualTo(2);
        }

        @Test
        void keepsWhetherAMemberIsAServiceAccount() {
            StaffDirectory directory = directory();
            StaffMember tool = new StaffMember("load.tool", HASH, Set.of(Role.AGENT), true, "north", true);
            assertThat(directory.create(tool).block(WAIT)).isTrue();
            assertThat(directory.find("load.tool").block(WAIT)).isEqualTo(tool);
            directory.save(tool.withServiceAccount(false)).block(WAIT);
            assertThat(directory.find("load.tool").block(WAIT).serviceAccount()).isFalse();
            assertThat(directory.find("load.tool").block(WAIT).team()).isEqualTo("north");
        }
    }

    @Nested
    class InMemory extends Contract {
        final StaffDirectory directory = new InMemoryStaffDirectory(Clock.systemUTC());

        StaffDirectory directory() { return directory; }
    }

    /** Embedded mode with {@code assist.console.staff-file}: the members in a file, the counts in memory. */
    @Nested
    class InAFile extends Contract {
        @TempDir
        Path dir;
        StaffDirectory directory;

        StaffDirectory directory() {
            if (directory == null) {
                directory = FileStaffDirectory.open(dir.resolve("staff.json"), new InMemoryStaffDirectory(Clock.systemUTC()));
            }
            return directory;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final StaffDirectory directory = new RedisStaffDirectory(RedisTestServer.template(), prefix);

        StaffDirectory directory() { return directory; }

        /** Members saved before teams existed have no team field: they read as the default team. */
        @Test
        void aMemberStoredWithoutATeamIsInTheDefaultTeam() {
            var redis = RedisTestServer.template();
            redis.opsForHash().putAll(prefix + "staff:user:old.hand", java.util.Map.of("hash", HASH, "roles", "AGENT",
                    "enabled", "1")).block(WAIT);
            redis.opsForSet().add(prefix + "staff:users", "old.hand").block(WAIT);
            assertThat(directory.find("old.hand").block(WAIT).team()).isEqualTo(StaffMember.DEFAULT_TEAM);
            assertThat(directory.all().map(StaffMember::team).collectList().block(WAIT))
                    .containsExactly(StaffMember.DEFAULT_TEAM);
            // ... and before service accounts existed: a person
            assertThat(directory.find("old.hand").block(WAIT).serviceAccount()).isFalse();
        }
    }
}
