package com.wecomassist.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RosterFileTest {

    @Test
    void readsColumnsInAnyOrderWithQuotesABomAndBlankLines() {
        List<RosterEntry> entries = RosterFile.read("\uFEFFbranch,userid,team,name,role,extra\n"
                + "浦东支行,zhangwei,财富一组,张伟,account-manager,x\n"
                + "\n"
                + "\"总行, 直营中心\",zhaolei,直营组,赵磊,direct,\n"
                + "浦东支行,liuyang,,,,\n");
        assertThat(entries).containsExactly(
                new RosterEntry("zhangwei", "张伟", "财富一组", "浦东支行", "account-manager"),
                new RosterEntry("zhaolei", "赵磊", "直营组", "总行, 直营中心", "direct"),
                new RosterEntry("liuyang", null, RosterEntry.UNASSIGNED, "浦东支行", null));
    }

    @Test
    void onlyUseridIsRequired() {
        assertThat(RosterFile.read("userid\nzhangwei\n")).containsExactly(RosterEntry.unplaced("zhangwei"));
    }

    @Test
    void aFileWithBadLinesIsRefusedWholeNamingEachLine() {
        assertThatThrownBy(() -> RosterFile.read("userid,team\nzhangwei,一组\nbad id,二组\nzhangwei,三组\n,四组\n"))
                .isInstanceOfSatisfying(RosterFile.Invalid.class, e -> assertThat(e.errors()).containsExactly(
                        "line 3: a userid is 1 to 64 letters, digits, '.', '_', '@' or '-', not 'bad id'",
                        "line 4: userid zhangwei is on an earlier line too",
                        "line 5: a userid is 1 to 64 letters, digits, '.', '_', '@' or '-', not ''"));
    }

    @Test
    void aRoleIsAWelcomeRoleCode() {
        assertThat(RosterFile.read("userid,role\nzhangwei,Account-Manager\n").get(0).role()).isEqualTo("account-manager");
        assertThatThrownBy(() -> RosterFile.read("userid,role\nzhangwei,管户客户经理\n"))
                .isInstanceOfSatisfying(RosterFile.Invalid.class, e -> assertThat(e.errors().get(0))
                        .startsWith("line 2: a role is 1-32 of a-z 0-9 _ -"));
    }

    @Test
    void aHeaderWithoutUseridIsRefused() {
        assertThatThrownBy(() -> RosterFile.read("name,team\n张伟,一组\n"))
                .isInstanceOfSatisfying(RosterFile.Invalid.class, e -> assertThat(e.errors().get(0))
                        .contains("userid required").contains("name,team"));
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThatThrownBy(() -> RosterFile.read("userid,team\nzhangwei,\"一组\n"))
                .isInstanceOf(RosterFile.Invalid.class);
    }

    @Test
    void manyBadLinesAreListedUpToALimit() {
        StringBuilder csv = new StringBuilder("userid\n");
        for (int i = 0; i < 30; i++) {
            csv.append("bad id ").append(i).append('\n');
        }
        assertThatThrownBy(() -> RosterFile.read(csv.toString()))
                .isInstanceOfSatisfying(RosterFile.Invalid.class, e -> assertThat(e.errors())
                        .hasSize(RosterFile.ERRORS_LISTED + 1).last().isEqualTo("… and 10 more lines"));
    }
}
