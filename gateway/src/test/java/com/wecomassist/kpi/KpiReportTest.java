package com.wecomassist.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kpi.TaskDay;
import com.wecomassist.roster.RosterEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KpiReportTest {

    private static final LocalDate D1 = LocalDate.parse("2026-12-05");
    private static final LocalDate D2 = LocalDate.parse("2026-12-06");
    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    private static final Map<String, RosterEntry> ROSTER = Map.of(
            "a", new RosterEntry("a", "甲", "一组", "浦东支行", null),
            "b", new RosterEntry("b", "乙", "二组", "浦东支行", null));
    private static final Function<String, RosterEntry> LOOKUP =
            id -> ROSTER.getOrDefault(id, RosterEntry.unplaced(id));

    private static EmployeeDay day(LocalDate day, String employee, long managed, long covered, long added,
                                   EmployeeDay.Behaviour behaviour) {
        return new EmployeeDay(day, employee, managed, covered, covered + 1, added, 0, 1, 10, 2, 20, 5, behaviour, NOW);
    }

    private static EmployeeDay.Behaviour chats(long chats, Double reply, Double minutes) {
        return new EmployeeDay.Behaviour(chats, chats * 3, reply, minutes, 1, 2, 1);
    }

    private final List<EmployeeDay> days = List.of(
            day(D1, "a", 20, 8, 2, chats(10, 80.0, 10.0)),
            day(D2, "a", 20, 10, 3, chats(30, 100.0, 20.0)),
            day(D1, "b", 10, 5, 1, null),
            day(D2, "b", 10, 6, 0, chats(0, null, null)),
            day(D2, "ghost", 5, 0, 4, chats(5, 40.0, null)));

    @Test
    void stocksAreTheLastDayFlowsAreSummedAndRatesComeFromTheSums() {
        KpiReport.Figures a = KpiReport.rows(days, List.of(), KpiReport.By.EMPLOYEE, LOOKUP).get(0).figures();
        assertThat(a.managed()).isEqualTo(20);
        assertThat(a.covered()).isEqualTo(10);
        assertThat(a.coverage()).isEqualTo(0.5);
        assertThat(a.added()).isEqualTo(5);
        assertThat(a.chats()).isEqualTo(40);
        // 80 % over 10 chats and 100 % over 30: weighted by chats
        assertThat(a.replyPercentage()).isEqualTo(95.0);
        assertThat(a.avgReplyMinutes()).isEqualTo(17.5);
        assertThat(a.churn30()).isEqualTo(0.2);
        assertThat(a.daysWithoutBehaviour()).isZero();
    }

    @Test
    void groupsSumTheirEmployeesAndUnplacedEmployeesAreCountedApart() {
        List<KpiReport.Row> teams = KpiReport.rows(days, List.of(), KpiReport.By.TEAM, LOOKUP);
        assertThat(teams).extracting(KpiReport.Row::key)
                .containsExactly("未分配 / 未分配", "浦东支行 / 一组", "浦东支行 / 二组");

        List<KpiReport.Row> branches = KpiReport.rows(days, List.of(), KpiReport.By.BRANCH, LOOKUP);
        KpiReport.Row pudong = branches.stream().filter(r -> r.key().equals("浦东支行")).findFirst().orElseThrow();
        assertThat(pudong.figures().employees()).isEqualTo(2);
        assertThat(pudong.figures().managed()).isEqualTo(30);
        assertThat(pudong.figures().covered()).isEqualTo(16);
        assertThat(pudong.figures().coverage()).isEqualTo(0.5333);
        assertThat(pudong.figures().daysWithoutBehaviour()).isEqualTo(1);

        KpiReport.Figures total = KpiReport.total(days, List.of());
        assertThat(total.employees()).isEqualTo(3);
        assertThat(total.managed()).isEqualTo(35);
        assertThat(total.added()).isEqualTo(10);
        assertThat(KpiReport.rows(days, List.of(), KpiReport.By.ALL, LOOKUP)).singleElement()
                .satisfies(r -> assertThat(r.figures()).isEqualTo(total));
    }

    @Test
    void aSeriesHasEveryDayOfTheRangeEvenWithoutFigures() {
        List<KpiReport.Point> series = KpiReport.series(days, List.of(), D1.minusDays(1), D2, e -> e.equals("a"));
        assertThat(series).extracting(KpiReport.Point::day).containsExactly(D1.minusDays(1), D1, D2);
        assertThat(series.get(0).figures().employees()).isZero();
        assertThat(series.get(0).figures().coverage()).isNull();
        assertThat(series.get(1).figures().coverage()).isEqualTo(0.4);
        assertThat(series.get(2).figures().coverage()).isEqualTo(0.5);
    }

    @Test
    void theExecutionRateIsConfirmedOverTasksDecidedSummedNeverAveraged() {
        List<TaskDay> tasks = List.of(
                // a: 4 made on D1, 3 confirmed, 1 expired; on D2 2 made, 1 customer gone, 1 still open
                new TaskDay(D1, "a", 4, 3, 1, 0),
                new TaskDay(D2, "a", 2, 0, 0, 1),
                // b: 1 made, expired
                new TaskDay(D2, "b", 1, 0, 1, 0),
                // an employee with tasks and no daily figures
                new TaskDay(D2, "direct1", 3, 1, 0, 0));
        KpiReport.Figures a = KpiReport.rows(days, tasks, KpiReport.By.EMPLOYEE, LOOKUP).stream()
                .filter(r -> r.key().equals("a")).findFirst().orElseThrow().figures();
        assertThat(a.tasks()).isEqualTo(6);
        assertThat(a.tasksConfirmed()).isEqualTo(3);
        assertThat(a.tasksExpired()).isEqualTo(1);
        assertThat(a.tasksNotFriend()).isEqualTo(1);
        assertThat(a.tasksOpen()).isEqualTo(1);
        // 3 / (6 made - 1 not a friend - 1 open)
        assertThat(a.executionRate()).isEqualTo(0.75);

        KpiReport.Row pudong = KpiReport.rows(days, tasks, KpiReport.By.BRANCH, LOOKUP).stream()
                .filter(r -> r.key().equals("浦东支行")).findFirst().orElseThrow();
        // 3 of 5 decided: 60 %, not the average of 75 % and 0 %
        assertThat(pudong.figures().executionRate()).isEqualTo(0.6);
        assertThat(pudong.figures().employees()).isEqualTo(2);

        KpiReport.Row direct = KpiReport.rows(days, tasks, KpiReport.By.EMPLOYEE, LOOKUP).stream()
                .filter(r -> r.key().equals("direct1")).findFirst().orElseThrow();
        assertThat(direct.team()).isEqualTo("未分配");
        assertThat(direct.figures().employees()).isZero();
        assertThat(direct.figures().tasksOpen()).isEqualTo(2);
        assertThat(direct.figures().executionRate()).isEqualTo(1.0);

        KpiReport.Figures total = KpiReport.total(days, tasks);
        assertThat(total.employees()).isEqualTo(3);
        assertThat(total.tasks()).isEqualTo(10);
        assertThat(total.executionRate()).isEqualTo(0.6667);
        assertThat(KpiReport.total(days, List.of()).executionRate()).isNull();

        List<KpiReport.Point> series = KpiReport.series(days, tasks, D1, D2, e -> e.equals("a"));
        assertThat(series.get(0).figures().executionRate()).isEqualTo(0.75);
        assertThat(series.get(1).figures().executionRate()).as("nothing of D2 decided yet").isNull();
        assertThat(series.get(1).figures().tasksOpen()).isEqualTo(1);
    }
}
