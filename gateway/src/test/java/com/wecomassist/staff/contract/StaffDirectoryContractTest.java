package com.wecomassist.staff.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.staff.Role;
import com.wecomassist.staff.StaffDirectory;
import com.wecomassist.staff.StaffMember;
import com.wecomassist.staff.memory.InMemoryStaffDirectory;
import com.wecomassist.staff.redis.RedisStaffDirectory;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The staff directory's contract, for the in-memory and the Redis adapter. */
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
        void countsFailedLoginsPerNameUntilForgotten() {
            StaffDirectory directory = directory();
            assertThat(directory.failedLogins("wang").block(WAIT)).isZero();
            assertThat(directory.failedLogin("wang", Duration.ofMinutes(5)).block(WAIT)).isEqualTo(1);
            assertThat(directory.failedLogin("wang", Duration.ofMinutes(5)).block(WAIT)).isEqualTo(2);
            assertThat(directory.failedLogins("wang").block(WAIT)).isEqualTo(2);
            assertThat(directory.failedLogins("zhao").block(WAIT)).isZero();
            directory.forgetFailedLogins("wang").block(WAIT);
            assertThat(directory.failedLogins("wang").block(WAIT)).isZero();
        }

        @Test
        void failedLoginsAreForgottenAfterAWhile() throws InterruptedException {
            StaffDirectory directory = directory();
            directory.failedLogin("qian", Duration.ofMillis(200)).block(WAIT);
            assertThat(directory.failedLogins("qian").block(WAIT)).isEqualTo(1);
            Thread.sleep(400);
            assertThat(directory.failedLogins("qian").block(WAIT)).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final StaffDirectory directory = new InMemoryStaffDirectory(Clock.systemUTC());

        StaffDirectory directory() { return directory; }
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
        }
    }
}
