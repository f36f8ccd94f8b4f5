package com.wecomassist.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.outreach.OpenTask;
import com.wecomassist.kpi.TaskTally;
import com.wecomassist.testing.Staff;
import com.wecomassist.wecom.WecomApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The KPIs in the running gateway (embedded) against the built-in WeCom simulator: the directory filled by
 * a full sync, a roster and 管户 links uploaded, a run computed and read back per employee, team and branch,
 * as a series and as CSV — with the roles that may read and run, and clear refusals of bad requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class KpiEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Autowired
    WebTestClient web;
    @Autowired
    WecomApiClient wecom;
    @Autowired
    KpiRuns runs;
    @Autowired
    TaskTally tally;

    private JsonNode get(String uri, String user) {
        return web.get().uri(uri).headers(Staff.as(user)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void syncTheDirectory() {
        web.post().uri("/api/contacts/sync?restart=true").headers(Staff.as("root")).exchange().expectStatus()
                .value(status -> assertThat(status).isIn(200, 202, 409));
        await().atMost(WAIT).until(() -> "FINISHED".equals(get("/api/contacts/sync", "root").path("status").asString()));
    }

    private List<String> activeCustomersOf(String employee) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : get("/api/contacts/employees/" + employee + "/customers?limit=100", "root").path("customers")) {
            if ("ACTIVE".equals(c.path("status").asString())) {
                out.add(c.path("externalUserId").asString());
            }
        }
        return out;
    }

    private int removedAfter(String employee, java.time.Instant end) {
        int n = 0;
        for (JsonNode c : get("/api/contacts/employees/" + employee + "/customers?limit=100", "root").path("customers")) {
            String removedAt = c.path("removedAt").asString("");
            if (c.path("status").asString().startsWith("REMOVED") && !removedAt.isEmpty()
                    && java.time.Instant.parse(removedAt).isAfter(end)) {
                n++;
            }
        }
        return n;
    }

    private void manage(String customer, String manager) {
        web.put().uri("/api/customer-links/{c}", customer).headers(Staff.as("root")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("customerNo", "KPI-" + customer, "managerUserId", manager,
                        "asOf", java.time.Instant.now().toString()))
                .exchange().expectStatus().isOk();
    }

    private JsonNode runAndWait(LocalDate from, LocalDate to) {
        await().atMost(WAIT).until(() -> web.post().uri("/api/kpi/runs").headers(Staff.as("root"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("from", from.toString(), "to", to.toString()))
                .exchange().returnResult(String.class).getStatus().value() == 202);
        await().atMost(WAIT).until(() -> {
            JsonNode p = get("/api/kpi/runs", "root");
            return p.path("from").asString().equals(from.toString()) && !"RUNNING".equals(p.path("status").asString());
        });
        return get("/api/kpi/runs", "root");
    }

    private static JsonNode row(JsonNode report, String key) {
        for (JsonNode row : report.path("rows")) {
            if (row.path("key").asString().equals(key)) {
                return row;
            }
        }
        throw new AssertionError("no row " + key + " in " + report);
    }

    @Test
    void aRunComputesCoverageChurnAndWecomsStatisticsPerEmployeeTeamAndBranch() {
        syncTheDirectory();
        List<String> chenjing = activeCustomersOf("chenjing");
        assertThat(chenjing).hasSizeGreaterThanOrEqualTo(4);
        // the bank says chenjing is 管户 of three of his friends and of one customer who is nobody's friend yet
        chenjing.subList(0, 3).forEach(c -> manage(c, "chenjing"));
        manage("wmNotYetAFriendOfAnyone", "chenjing");

        byte[] csv = ("userid,name,team,branch,role\n"
                + "chenjing,陈静,财富一组,浦东支行,account-manager\n"
                + "liuyang,刘洋,财富一组,浦东支行,account-manager\n"
                + "zhaolei,赵磊,直营组,总行,direct\n").getBytes(StandardCharsets.UTF_8);
        web.put().uri("/api/roster").headers(Staff.as("root")).contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.employees").isEqualTo(3).jsonPath("$.byBranch.浦东支行").isEqualTo(2);

        LocalDate today = runs.today();
        LocalDate yesterday = today.minusDays(1);
        JsonNode progress = runAndWait(yesterday.minusDays(1), today);
        assertThat(progress.path("status").asString()).isEqualTo("FINISHED");
        assertThat(progress.path("done").asInt()).isEqualTo(progress.path("employees").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(progress.path("behaviourMissing").asInt()).isZero();

        String range = "from=" + yesterday.minusDays(1) + "&to=" + today;
        JsonNode byEmployee = get("/api/kpi/report?by=employee&" + range, "sam");
        assertThat(byEmployee.path("missing")).isEmpty();
        JsonNode zw = row(byEmployee, "chenjing");
        assertThat(zw.path("name").asString()).isEqualTo("陈静");
        assertThat(zw.path("branch").asString()).isEqualTo("浦东支行");
        assertThat(zw.path("figures").path("managed").asInt()).isEqualTo(4);
        assertThat(zw.path("figures").path("covered").asInt()).isEqualTo(3);
        assertThat(zw.path("figures").path("coverage").asDouble()).isEqualTo(0.75);
        // friends at the end of today: those active, and those removed after it (the simulator's clock may run
        // ahead of this one when other tests of the shared context moved it)
        assertThat(zw.path("figures").path("friends").asInt()).isEqualTo(chenjing.size() + removedAfter(
                "chenjing", today.plusDays(1).atStartOfDay(CHINA).toInstant()));

        // WeCom's own statistics of those days, asked directly, are what the report sums
        long start = yesterday.minusDays(1).atStartOfDay(CHINA).toEpochSecond();
        long end = today.atStartOfDay(CHINA).toEpochSecond();
        long chats = 0;
        for (JsonNode day : wecom.behaviourData(List.of("chenjing"), start, end).block(WAIT).path("behavior_data")) {
            chats += day.path("chat_cnt").asLong();
        }
        assertThat(chats).isPositive();
        assertThat(zw.path("figures").path("chats").asLong()).isEqualTo(chats);

        // an employee the roster does not name is counted, under 未分配
        assertThat(row(byEmployee, "wangfang").path("team").asString()).isEqualTo("未分配");

        JsonNode byTeam = get("/api/kpi/report?by=team&" + range, "root");
        JsonNode team = row(byTeam, "浦东支行 / 财富一组");
        assertThat(team.path("figures").path("employees").asInt()).isEqualTo(2);
        // the team is chenjing and liuyang (whom another test of this shared context may have given 管户 customers)
        JsonNode ly = row(byEmployee, "liuyang").path("figures");
        long teamManaged = 4 + ly.path("managed").asLong();
        long teamCovered = 3 + ly.path("covered").asLong();
        assertThat(team.path("figures").path("managed").asLong()).isEqualTo(teamManaged);
        assertThat(team.path("figures").path("covered").asLong()).isEqualTo(teamCovered);
        JsonNode byBranch = get("/api/kpi/report?by=branch&" + range, "root");
        assertThat(row(byBranch, "总行").path("figures").path("employees").asInt()).isEqualTo(1);
        assertThat(byBranch.path("total").path("employees").asInt()).isEqualTo(progress.path("employees").asInt());

        JsonNode series = get("/api/kpi/series?by=employee&key=chenjing&" + range, "sam");
        assertThat(series).hasSize(3);
        long seriesChats = 0;
        for (JsonNode point : series) {
            seriesChats += point.path("figures").path("chats").asLong();
        }
        assertThat(seriesChats).isEqualTo(chats);

        byte[] file = web.get().uri("/api/kpi/report.csv?by=team&" + range).headers(Staff.as("sam")).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectHeader().value("Content-Disposition", v -> assertThat(v).contains("kpi-team-"))
                .expectBody(byte[].class).returnResult().getResponseBody();
        String text = new String(file, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF支行,团队,员工,姓名,员工数,管户客户数,已添加管户客户数,企微覆盖率");
        assertThat(text.lines().filter(l -> l.startsWith("浦东支行,财富一组,,,2," + teamManaged + "," + teamCovered + ","
                + team.path("figures").path("coverage").asString() + ","))).hasSize(1);
        assertThat(text.lines().reduce((a, b) -> b).orElseThrow()).startsWith("合计 ");
    }

    /** A task the engine made for {@code employee} at 10:00 bank time on {@code day}, counted as made. */
    private OpenTask task(String employee, LocalDate day) {
        Instant at = day.atTime(10, 0).atZone(CHINA).toInstant();
        OpenTask task = new OpenTask("msg-" + java.util.UUID.randomUUID(), "t", "s", "wm-x", employee, at,
                at.plus(Duration.ofHours(48)), null);
        tally.created(task.msgid(), employee, at).block(WAIT);
        return task;
    }

    private void end(OpenTask task, TaskTally.End end) {
        tally.ended(task.msgid(), task.employee(), task.createdAt(), end).block(WAIT);
    }

    @Test
    void theTasksMadeForEachEmployeeGiveTheirExecutionRatePerEmployeeGroupTotalDayAndInTheCsv() {
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
        String busy = "exec-busy-" + suffix;
        String idle = "exec-idle-" + suffix;
        // days no other test makes tasks on (the tally is live: no run needed)
        LocalDate first = LocalDate.parse("2026-03-02");
        LocalDate second = first.plusDays(1);
        OpenTask sent = task(busy, first);
        end(sent, TaskTally.End.CONFIRMED);
        end(sent, TaskTally.End.CONFIRMED); // told twice, counted once
        end(task(busy, first), TaskTally.End.CONFIRMED);
        end(task(busy, first), TaskTally.End.EXPIRED);
        end(task(busy, first), TaskTally.End.NOT_FRIEND);
        task(busy, second); // still open
        end(task(idle, second), TaskTally.End.EXPIRED);

        String range = "from=" + first + "&to=" + second;
        JsonNode report = get("/api/kpi/report?by=employee&" + range, "sam");
        JsonNode busyFigures = row(report, busy).path("figures");
        assertThat(busyFigures.path("tasks").asInt()).isEqualTo(5);
        assertThat(busyFigures.path("tasksConfirmed").asInt()).isEqualTo(2);
        assertThat(busyFigures.path("tasksExpired").asInt()).isEqualTo(1);
        assertThat(busyFigures.path("tasksNotFriend").asInt()).isEqualTo(1);
        assertThat(busyFigures.path("tasksOpen").asInt()).isEqualTo(1);
        assertThat(busyFigures.path("executionRate").asDouble()).isEqualTo(0.6667);
        assertThat(row(report, idle).path("figures").path("executionRate").asDouble()).isZero();
        assertThat(row(report, busy).path("team").asString()).isEqualTo("未分配");
        // the bank: 2 of the 4 decided, from the sums (the average of 66.7 % and 0 % would be 33.3 %)
        assertThat(report.path("total").path("tasks").asInt()).isEqualTo(6);
        assertThat(report.path("total").path("executionRate").asDouble()).isEqualTo(0.5);

        JsonNode byTeam = get("/api/kpi/report?by=team&" + range, "root");
        assertThat(row(byTeam, "未分配 / 未分配").path("figures").path("executionRate").asDouble()).isEqualTo(0.5);

        JsonNode series = get("/api/kpi/series?by=employee&key=" + busy + "&" + range, "sam");
        assertThat(series.get(0).path("figures").path("executionRate").asDouble()).isEqualTo(0.6667);
        assertThat(series.get(1).path("figures").path("executionRate").isNull()).as("nothing decided yet").isTrue();
        assertThat(series.get(1).path("figures").path("tasksOpen").asInt()).isEqualTo(1);

        String csv = web.get().uri("/api/kpi/report.csv?by=employee&" + range).headers(Staff.as("sam")).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv.lines().findFirst().orElseThrow())
                .endsWith(",缺少企业微信统计的天数,群发任务,已执行,过期未执行,客户已非好友,未完成,群发执行率");
        assertThat(csv.lines().filter(l -> l.contains("," + busy + ",") && l.endsWith(",5,2,1,1,1,0.6667"))).hasSize(1);
        assertThat(csv.lines().reduce((a, b) -> b).orElseThrow()).endsWith(",6,2,2,1,1,0.5");
    }

    @Test
    void onlyTeamLeadsAndAdministratorsReadAndOnlyAdministratorsRunOrUploadTheRoster() {
        web.get().uri("/api/kpi/report").headers(Staff.as("carol")).exchange().expectStatus().isForbidden();
        web.get().uri("/api/kpi/report").headers(Staff.as("mia")).exchange().expectStatus().isForbidden();
        web.get().uri("/api/kpi/report").headers(Staff.as("sam")).exchange().expectStatus().isOk();
        web.post().uri("/api/kpi/runs").headers(Staff.as("sam")).exchange().expectStatus().isForbidden();
        web.put().uri("/api/roster").headers(Staff.as("sam")).contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("userid\nx\n").exchange().expectStatus().isForbidden();
        web.get().uri("/api/roster").headers(Staff.as("sam")).exchange().expectStatus().isForbidden();
    }

    @Test
    void badRequestsAreRefusedSayingWhy() {
        web.get().uri("/api/kpi/report?by=region").headers(Staff.as("root")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_REQUEST")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("employee, team, branch, all"));
        web.get().uri("/api/kpi/report?from=2026-12-06&to=2026-12-01").headers(Staff.as("root")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("INVALID_RANGE");
        web.get().uri("/api/kpi/report?from=2020-01-01&to=2026-12-01").headers(Staff.as("root")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.message")
                .value(m -> assertThat((String) m).contains("max-report-days"));
        web.get().uri("/api/kpi/report?from=yesterday").headers(Staff.as("root")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.reason").isEqualTo("INVALID_RANGE");
        web.get().uri("/api/kpi/series?by=team").headers(Staff.as("root")).exchange().expectStatus().isBadRequest();
        web.post().uri("/api/kpi/runs").headers(Staff.as("root")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("to", runs.today().plusDays(1).toString())).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).contains("in the future"));
        web.put().uri("/api/roster").headers(Staff.as("root")).contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("userid,team\nzhangwei,一组\nbad id,二组\n").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.reason").isEqualTo("INVALID_ROSTER")
                .jsonPath("$.errors[0]").value(e -> assertThat((String) e).startsWith("line 3:"));
    }
}
