package com.wecomassist.roster.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.roster.EmployeeRoster;
import com.wecomassist.roster.RosterEntry;
import com.wecomassist.roster.memory.InMemoryEmployeeRoster;
import com.wecomassist.roster.redis.RedisEmployeeRoster;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The roster's contract, for the in-memory and the Redis adapter. */
class EmployeeRosterContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    abstract static class Contract {

        abstract EmployeeRoster roster();

        @Test
        void aReplacementIsReadBackInUseridOrderAndReplacesTheWholeRoster() {
            EmployeeRoster roster = roster();
            assertThat(roster.all().collectList().block(WAIT)).isEmpty();
            RosterEntry zhang = new RosterEntry("zhangwei", "张伟", "财富一组", "浦东支行", "account-manager");
            RosterEntry chen = new RosterEntry("chenjing", "陈静", "财富二组", "浦东支行", null);
            assertThat(roster.replaceAll(List.of(zhang, chen)).block(WAIT)).isEqualTo(2);
            assertThat(roster.all().collectList().block(WAIT)).containsExactly(chen, zhang);

            RosterEntry moved = new RosterEntry("zhangwei", "张伟", "直营组", "总行", "direct");
            assertThat(roster.replaceAll(List.of(moved)).block(WAIT)).isEqualTo(1);
            assertThat(roster.all().collectList().block(WAIT)).containsExactly(moved);
        }

        @Test
        void anEmptyReplacementEmptiesTheRoster() {
            EmployeeRoster roster = roster();
            roster.replaceAll(List.of(RosterEntry.unplaced("a"))).block(WAIT);
            assertThat(roster.replaceAll(List.of()).block(WAIT)).isZero();
            assertThat(roster.all().collectList().block(WAIT)).isEmpty();
        }
    }

    @Nested
    class InMemory extends Contract {
        final EmployeeRoster roster = new InMemoryEmployeeRoster();

        @Override
        EmployeeRoster roster() {
            return roster;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final EmployeeRoster roster = new RedisEmployeeRoster(RedisTestServer.template(), RedisTestServer.freshPrefix());

        @Override
        EmployeeRoster roster() {
            return roster;
        }
    }
}
