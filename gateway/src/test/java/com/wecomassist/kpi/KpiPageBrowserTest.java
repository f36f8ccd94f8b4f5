package com.wecomassist.kpi;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static com.wecomassist.testing.Browser.SLOW;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.wecomassist.kpi.TaskTally;
import com.wecomassist.testing.Browser;
import com.wecomassist.testing.Staff;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The KPI page in a real headless Chromium: an administrator computes the days from the page and reads
 * coverage, the table and the charts of one employee, and downloads the CSV; a team lead reads but
 * cannot compute; an agent has no link to it and is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class KpiPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions SLOWLY =
            new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(20_000);

    @RegisterExtension
    static final Browser browser = Browser.perClass();

    @LocalServerPort
    int port;
    @Autowired
    WebTestClient web;
    @Autowired
    KpiRuns runs;
    @Autowired
    TaskTally tally;

    private JsonNode get(String uri) {
        return web.get().uri(uri).headers(Staff.as("root")).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** The directory synced from the simulator, liuyang on the roster and 管户 of two of his friends and one stranger. */
    private void bankData() {
        web.post().uri("/api/contacts/sync?restart=true").headers(Staff.as("root")).exchange();
        await().atMost(WAIT).until(() -> "FINISHED".equals(get("/api/contacts/sync").path("status").asString()));
        JsonNode customers = get("/api/contacts/employees/liuyang/customers?limit=100").path("customers");
        int linked = 0;
        for (JsonNode c : customers) {
            if (linked < 2 && "ACTIVE".equals(c.path("status").asString())) {
                link(c.path("externalUserId").asString());
                linked++;
            }
        }
        link("wmPageStranger");
        web.put().uri("/api/roster").headers(Staff.as("root")).contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("userid,name,team,branch\nliuyang,刘洋,财富一组,浦东支行\n".getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> web.get().uri("/api/kpi/runs").headers(Staff.as("root")).exchange()
                .returnResult(JsonNode.class).getResponseBody().blockFirst(WAIT) == null
                || !"RUNNING".equals(get("/api/kpi/runs").path("status").asString()));
    }

    private void link(String customer) {
        web.put().uri("/api/customer-links/{c}", customer).headers(Staff.as("root"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("customerNo", "P-" + customer, "managerUserId", "liuyang", "asOf",
                        Instant.now().toString()))
                .exchange().expectStatus().isOk();
    }

    @Test
    void anAdministratorComputesTheDaysAndReadsCoverageChartsAndTheCsv() throws Exception {
        bankData();
        LocalDate yesterday = runs.today().minusDays(1);
        Page admin = browser.openConsole(port, "kpi.html", "root");
        assertThat(admin.locator("#admin-run")).isVisible();
        admin.fill("#from", yesterday.minusDays(2).toString());
        admin.fill("#to", yesterday.toString());
        admin.click("#run");
        assertThat(admin.locator("#run-state")).containsText("已计算 " + yesterday.minusDays(2) + " 至 " + yesterday, SLOW);

        // the report read again after the run: liuyang is 管户 of three, two of them his friends
        assertThat(admin.locator("#rows tbody tr[data-key='liuyang'] td.coverage")).hasText("66.7%", SLOWLY);
        assertThat(admin.locator("#rows tbody tr[data-key='liuyang']")).containsText("浦东支行 / 财富一组");
        assertThat(admin.locator("#notice")).hasText("");
        assertThat(admin.locator("#tiles [data-kpi=coverage] .n")).hasText(Pattern.compile("\\d+\\.\\d%"));

        // the whole bank's charts first, then liuyang's when his row is chosen
        assertThat(admin.locator("#chart-chats path[data-line='单聊数']")).hasCount(1);
        admin.click("#rows tbody tr[data-key='liuyang']");
        assertThat(admin.locator("#series-name")).hasText("刘洋", SLOWLY);
        assertThat(admin.locator("#chart-coverage circle")).hasCount(3);
        assertThat(admin.locator("#chart-coverage circle").first()).hasAttribute("cy", Pattern.compile("[\\d.]+"));

        admin.selectOption("#by", "team");
        assertThat(admin.locator("#key-head")).hasText("团队", SLOWLY);
        assertThat(admin.locator("#rows tbody tr[data-key='浦东支行 / 财富一组']")).containsText("66.7%", SLOW);
        assertThat(admin.locator("#series-name")).hasText("全行");

        Download download = admin.waitForDownload(() -> admin.click("#csv"));
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(csv).startsWith("\uFEFF支行,团队");
        org.assertj.core.api.Assertions.assertThat(csv).contains("浦东支行,财富一组,,,1,3,2,0.6667,");
        admin.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("kpi")).setFullPage(true));
    }

    @Test
    void theExecutionRateOfTheTasksMadeForEachEmployeeIsAColumnAndATile() {
        String employee = "exec-page-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        // a day no other test makes tasks on: 2 confirmed, 1 expired, 1 whose customer left, 1 open
        LocalDate day = LocalDate.parse("2026-04-06");
        Instant at = day.atTime(11, 0).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
        TaskTally.End[] ends = {TaskTally.End.CONFIRMED, TaskTally.End.CONFIRMED, TaskTally.End.EXPIRED,
                TaskTally.End.NOT_FRIEND, null};
        for (TaskTally.End end : ends) {
            String msgid = "msg-" + java.util.UUID.randomUUID();
            tally.created(msgid, employee, at).block(WAIT);
            if (end != null) {
                tally.ended(msgid, employee, at, end).block(WAIT);
            }
        }
        Page lead = browser.openConsole(port, "kpi.html", "sam");
        // the first report (the last 30 days) shown before the days are changed: it must not land after ours
        assertThat(lead.locator("#tiles [data-kpi=employees]")).isVisible(
                new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
        lead.fill("#from", day.toString());
        lead.fill("#to", day.toString());
        lead.click("#show");
        var row = lead.locator("#rows tbody tr[data-key='" + employee + "']");
        assertThat(row.locator("td.tasks")).hasText("5", SLOWLY);
        assertThat(row.locator("td.execution")).hasText("66.7%");
        assertThat(lead.locator("#tiles [data-kpi=execution] .n")).hasText("66.7%");
        assertThat(lead.locator("#tiles [data-kpi=execution] .sub")).hasText("已执行 2 / 3 个任务，未完成 1");
        lead.selectOption("#by", "branch");
        assertThat(lead.locator("#rows tbody tr[data-key='未分配'] td.execution")).hasText("66.7%", SLOWLY);
    }

    @Test
    void aTeamLeadReadsButDoesNotComputeAndAnAgentIsRefused() {
        Page lead = browser.openConsole(port, "index.html", "sam");
        assertThat(lead.locator("#pages")).containsText("客户联系经营指标", SLOW);
        lead.click("#pages a[href='kpi.html']");
        assertThat(lead.locator("#key-head")).hasText("员工", SLOWLY);
        assertThat(lead.locator("#tiles [data-kpi=employees]")).isVisible(
                new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
        assertThat(lead.locator("#admin-run")).isHidden();

        Page agent = browser.openConsole(port, "index.html", "carol");
        assertThat(agent.locator("#pages")).containsText("坐席工作台", SLOW);
        assertThat(agent.locator("#pages")).not().containsText("经营指标");
        agent.navigate("http://127.0.0.1:" + port + "/console/kpi.html");
        assertThat(agent.locator("#notice")).containsText("无法读取指标（403）", SLOW);
    }
}
