package com.wecomassist.welcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.roster.RosterEntry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Where an employee's role for the welcome comes from, in order. */
class EmployeeRolesTest {

    @Test
    void configurationThenTheRosterThenTheRoutingsAccountManagersThenTheDefault() {
        EmployeeRoles roles = new EmployeeRoles(Map.of("zhangwei", "vip"), Set.of("liuyang", "chenjing"),
                "account-manager", "direct");
        assertThat(roles.of("chenjing")).isEqualTo("account-manager");
        assertThat(roles.of("zhaolei")).isEqualTo("direct");

        roles.refresh(Flux.just(new RosterEntry("zhangwei", null, null, null, "direct"),
                new RosterEntry("chenjing", null, "二组", "静安支行", "private-banking"),
                new RosterEntry("zhaolei", null, null, null, null))).block(Duration.ofSeconds(5));
        assertThat(roles.of("zhangwei")).as("configuration wins").isEqualTo("vip");
        assertThat(roles.of("chenjing")).as("then the roster").isEqualTo("private-banking");
        assertThat(roles.of("liuyang")).isEqualTo("account-manager");
        assertThat(roles.of("zhaolei")).as("a roster line without a role falls through").isEqualTo("direct");
        assertThat(roles.of(null)).isEqualTo("direct");

        // a roster replaced without chenjing: their role comes from the routing's list again
        roles.refresh(Flux.empty()).block(Duration.ofSeconds(5));
        assertThat(roles.of("chenjing")).isEqualTo("account-manager");
    }
}
