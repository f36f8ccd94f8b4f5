package com.wecomassist.strategy;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static com.wecomassist.testing.Browser.SLOW;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.wecomassist.outreach.Outcome;
import com.wecomassist.outreach.OutreachLedger;
import com.wecomassist.outreach.OutreachPlanner;
import com.wecomassist.testing.Browser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The strategies page in a real headless Chromium: olga drafts a strategy from a sample and reads the
 * compliance checks, a broken strategy shows its problems per field, otto publishes it and reads the
 * test's results; once the ledger holds a clear winner it is shown in words and olga promotes it into
 * v2; otto stops it; a compliance officer reads without edit buttons; an agent has no link and is refused.
 * And a test over time: nothing yet in words, then ten days of customers drawn per arm and day.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StrategiesPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final LocatorAssertions.IsVisibleOptions VISIBLE =
            new LocatorAssertions.IsVisibleOptions().setTimeout(20_000);

    @RegisterExtension
    static final Browser browser = Browser.perClass();

    @LocalServerPort
    int port;
    @Autowired
    OutreachLedger ledger;
    @Autowired
    StrategyStore store;
    @Autowired
    StrategyDesk desk;

    private Page open(String user, String id) {
        Page page = browser.openConsole(port, "strategies.html", user);
        page.click("#strategies tr[data-id='" + id + "']");
        assertThat(page.locator("#editor-id")).hasText(id, new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        return page;
    }

    /** {@code n} customers in each arm, the first {@code converted} of each converted. */
    private void seed(String testId, String arm, int n, int converted) {
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            String customer = "wm-page-" + arm + "-" + i;
            ledger.assign(testId, customer, arm, now).block(WAIT);
            ledger.mark(testId, customer, Outcome.SENT, now).block(WAIT);
            if (i < converted) {
                ledger.mark(testId, customer, Outcome.CONVERTED, now).block(WAIT);
            }
        }
    }

    @Test
    void operationsDraftPublishReadTheTestAndPromoteItsWinnerOthersReadOrAreRefused() {
        String id = "page-" + UUID.randomUUID().toString().substring(0, 8);

        // olga starts from a sample, gives it an id of its own and saves it: the checks per message
        Page olga = browser.openConsole(port, "strategies.html", "olga");
        olga.selectOption("#sample", "large-transfer-wealth.json");
        olga.click("#from-sample");
        assertThat(olga.locator("#spec")).hasValue(Pattern.compile("大额动帐"));
        String sample = olga.inputValue("#spec");
        String json = sample.replace("\"id\": \"large-transfer-wealth\"", "\"id\": \"" + id + "\"");
        olga.fill("#spec", json);
        olga.click("#save");
        assertThat(olga.locator("#editor-notice")).containsText("已保存 v1", SLOW);
        assertThat(olga.locator("#checks li[data-check='arms[1].message']")).containsText("分组 plain 的话术");
        assertThat(olga.locator("#checks li[data-check='arms[2].message'] .verdict")).hasText("PASS");
        assertThat(olga.locator("#strategies tr[data-id='" + id + "'] .latest")).containsText("待审核", SLOW);
        assertThat(olga.locator("#strategies tr[data-id='" + id + "'] .kind")).containsText("触达");
        assertThat(olga.locator("#publish")).isDisabled();
        assertThat(olga.locator("#publish-hint")).containsText("四眼原则");
        assertThat(olga.locator("#results-notice")).containsText("尚未发布", SLOW);

        // a broken strategy: every problem named by its field, nothing kept
        olga.fill("#spec", json.replace("\"eventTypes\": [\"large_transfer\"]", "\"eventTypes\": []")
                .replace("\"expiresAfter\": \"48h\"", "\"expiresAfter\": \"30d\""));
        olga.click("#save");
        assertThat(olga.locator("#editor-notice")).containsText("保存失败（400）", SLOW);
        assertThat(olga.locator("#problems li[data-field='trigger.eventTypes']")).containsText("at least one event type");
        assertThat(olga.locator("#problems li[data-field='expiresAfter']")).isVisible();
        olga.fill("#spec", "{\"id\": ");
        olga.click("#save");
        assertThat(olga.locator("#editor-notice")).containsText("不是有效的 JSON");

        // otto publishes; the test has too few customers to say anything, its three arms shown
        Page otto = open("otto", id);
        assertThat(otto.locator("#publish")).isEnabled();
        otto.click("#publish");
        assertThat(otto.locator("#editor-notice")).containsText("已发布 v1", SLOW);
        assertThat(otto.locator("#strategies tr[data-id='" + id + "'] .state")).hasText("运行中");
        assertThat(otto.locator("#stop")).isEnabled();
        assertThat(otto.locator("#state")).containsText("数据尚不足", SLOW);
        assertThat(otto.locator("#arms tbody tr")).hasCount(3);
        assertThat(otto.locator("#chart svg g[data-arm]")).hasCount(3);
        assertThat(otto.locator("#promote-box")).isHidden();

        // 300 customers an arm: control and plain convert at 5 %, planning at 20 %
        String testId = OutreachPlanner.testId(StrategyDesk.parse(json));
        seed(testId, "control", 300, 15);
        seed(testId, "plain", 300, 15);
        seed(testId, "planning", 300, 60);
        otto.click("#reload-results");
        assertThat(otto.locator("#state")).containsText("胜出组：planning", SLOW);
        assertThat(otto.locator("#arms tr[data-arm='planning'] td[data-step='ASSIGNED']")).hasText("300");
        assertThat(otto.locator("#arms tr[data-arm='planning'] td[data-step='CONVERTED']")).hasText("60");
        assertThat(otto.locator("#arms tr[data-arm='planning'] .rate")).containsText("20.0%（");
        assertThat(otto.locator("#arms tr[data-arm='planning'] .lift")).containsText("+15.0%（");
        assertThat(otto.locator("#arms tr[data-arm='plain'] .status")).containsText("已停止");
        assertThat(otto.locator("#arms tr[data-arm='control'] .status")).hasText("对照组");
        // the winner's error bar lies above the control's dashed line
        double controlLine = Double.parseDouble(otto.locator("#chart line[data-control-line]").getAttribute("y1"));
        double winnerLow = Double.parseDouble(otto.locator("#chart g[data-arm='planning'] line.error-bar")
                .getAttribute("y1"));
        org.assertj.core.api.Assertions.assertThat(winnerLow).isLessThan(controlLine);
        assertThat(otto.locator("#promote-box")).isVisible();
        otto.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("strategies")).setFullPage(true));

        // olga promotes it: v2, control 1 : planning 9, for a colleague to publish
        olga.click("#strategies tr[data-id='" + id + "']");
        assertThat(olga.locator("#promote")).isVisible(VISIBLE);
        olga.click("#promote");
        assertThat(olga.locator("#editor-notice")).containsText("已生成 v2", SLOW);
        assertThat(olga.locator("#spec")).hasValue(Pattern.compile("\"weight\" ?: ?9"));
        assertThat(olga.locator("#checks li[data-check='arms[1].message']")).containsText("分组 planning 的话术");
        assertThat(olga.locator("#publish")).isDisabled();
        assertThat(olga.locator("#strategies tr[data-id='" + id + "'] .latest")).containsText("v2", SLOW);
        List<StrategyVersion> versions = store.versions(id).collectList().block(WAIT);
        org.assertj.core.api.Assertions.assertThat(StrategyDesk.parse(versions.get(1).spec()).arms())
                .extracting(Strategy.Arm::name).containsExactly("control", "planning");

        // a compliance officer reads the strategy and its results, with nothing to press
        Page cora = open("cora", id);
        assertThat(cora.locator("#state")).containsText("胜出组：planning", SLOW);
        assertThat(cora.locator("#write-actions")).isHidden();
        assertThat(cora.locator("#promote-box")).isHidden();
        assertThat(cora.locator("#from-sample-form")).isHidden();
        assertThat(cora.locator("#spec")).not().isEditable();

        // otto stops it (after saying yes): no new customer, what went out still measured
        otto.onDialog(dialog -> dialog.accept());
        otto.click("#strategies tr[data-id='" + id + "']");
        assertThat(otto.locator("#stop")).isEnabled();
        otto.click("#stop");
        assertThat(otto.locator("#editor-notice")).containsText("已停止 v1", SLOW);
        assertThat(otto.locator("#strategies tr[data-id='" + id + "'] .state")).containsText("已停止", SLOW);
        assertThat(otto.locator("#stop")).isDisabled();
        assertThat(otto.locator("#state-facts")).containsText("策略已停止", SLOW);

        // an agent: no link, and the page says it is refused
        Page carol = browser.openConsole(port, "index.html", "carol");
        assertThat(carol.locator("#pages")).containsText("坐席工作台", SLOW);
        assertThat(carol.locator("#pages")).not().containsText("经营策略");
        carol.navigate("http://127.0.0.1:" + port + "/console/strategies.html");
        assertThat(carol.locator("#list-notice")).containsText("无法读取策略（403）", SLOW);
    }

    private static double number(String attribute) {
        return Double.parseDouble(attribute);
    }

    @Test
    void theTestOverTimeIsDrawnPerArmWithItsIntervalsAndTheDaysFigures() {
        String id = "page-series-" + UUID.randomUUID().toString().substring(0, 8);
        String json = StrategyDesk.samples().stream().filter(s -> s.file().equals("large-transfer-wealth.json"))
                .findFirst().orElseThrow().spec().replace("\"id\": \"large-transfer-wealth\"", "\"id\": \"" + id + "\"");
        desk.draft(id, json, "olga").block(WAIT);
        desk.publish(id, 1, "otto").block(WAIT);

        // published, nobody in it yet: said in words, no chart
        Page otto = open("otto", id);
        assertThat(otto.locator("#series-empty")).isVisible(VISIBLE);
        assertThat(otto.locator("#series-empty")).containsText("还没有客户");
        assertThat(otto.locator("#series-charts")).isHidden();

        // ten days up to today, 40 customers an arm a day: 30 of an arm's delivered; control and plain convert
        // 1 a day, planning 6
        String testId = OutreachPlanner.testId(StrategyDesk.parse(json));
        Instant now = Instant.now();
        for (int daysAgo = 9; daysAgo >= 0; daysAgo--) {
            Instant at = now.minus(Duration.ofDays(daysAgo));
            for (String arm : List.of("control", "plain", "planning")) {
                for (int i = 0; i < 40; i++) {
                    String customer = "wm-" + id + "-" + daysAgo + "-" + arm + "-" + i;
                    ledger.assign(testId, customer, arm, at).block(WAIT);
                    if (!arm.equals("control")) {
                        ledger.mark(testId, customer, Outcome.SENT, at).block(WAIT);
                        if (i < 30) {
                            ledger.mark(testId, customer, Outcome.DELIVERED, at).block(WAIT);
                        }
                    }
                    if (i < (arm.equals("planning") ? 6 : 1)) {
                        ledger.mark(testId, customer, Outcome.CONVERTED, at).block(WAIT);
                    }
                }
            }
        }
        otto.click("#reload-results");
        assertThat(otto.locator("#series-charts")).isVisible(VISIBLE);
        assertThat(otto.locator("#series-empty")).isHidden();
        assertThat(otto.locator("#series-range button[data-days='30']")).hasAttribute("aria-pressed", "true");
        // a band and a line per arm, control included; 30 days asked, points only on the 10 with customers
        assertThat(otto.locator("#series-rate svg path.band")).hasCount(3);
        assertThat(otto.locator("#series-rate svg path.line")).hasCount(3);
        assertThat(otto.locator("#series-rate g[data-arm='control'] circle")).hasCount(10);
        assertThat(otto.locator("#series-rate g[data-arm='planning'] circle").last())
                .hasText(Pattern.compile("累计转化率 15\\.0%.*400 位客户.*转化 6"));
        // the lift of the two arms against control, and the zero line; planning's latest point above it
        assertThat(otto.locator("#series-lift svg path.band")).hasCount(2);
        assertThat(otto.locator("#series-lift g[data-arm='control']")).hasCount(0);
        assertThat(otto.locator("#series-lift line[data-zero-line]")).hasCount(1);
        assertThat(otto.locator("#series-lift g[data-arm='planning'] circle").last()).hasText(Pattern.compile("\\+12\\.5%"));
        double zero = number(otto.locator("#series-lift line[data-zero-line]").getAttribute("y1"));
        double planningNow = number(otto.locator("#series-lift g[data-arm='planning'] circle").last().getAttribute("cy"));
        double plainNow = number(otto.locator("#series-lift g[data-arm='plain'] circle").last().getAttribute("cy"));
        org.assertj.core.api.Assertions.assertThat(planningNow).isLessThan(zero);
        org.assertj.core.api.Assertions.assertThat(plainNow).isCloseTo(zero, org.assertj.core.data.Offset.offset(0.5));
        assertThat(otto.locator("#series-days tbody tr")).hasCount(30);

        // the last week: 7 days, the first of them counting the three days before it too
        otto.click("#series-range button[data-days='7']");
        assertThat(otto.locator("#series-days tbody tr")).hasCount(7, new LocatorAssertions.HasCountOptions().setTimeout(20_000));
        assertThat(otto.locator("#series-range button[data-days='7']")).hasAttribute("aria-pressed", "true");
        assertThat(otto.locator("#series-rate g[data-arm='plain'] circle")).hasCount(7);
        assertThat(otto.locator("#series-rate g[data-arm='plain'] circle").first()).hasText(Pattern.compile("160 位客户"));
        Locator latest = otto.locator("#series-days tbody tr").first();
        assertThat(latest.locator("td[data-arm='planning'][data-step='CONVERTED']")).hasText("6");
        assertThat(latest.locator("td[data-arm='plain'][data-step='DELIVERED']")).hasText("30");
        assertThat(latest.locator("td[data-arm='control'][data-step='SENT']")).hasText("—");
        assertThat(latest.locator("td[data-arm='control'][data-step='ASSIGNED']")).hasText("40");
        otto.locator("#series-box summary").click();
        otto.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("strategies-series")).setFullPage(true));

        // 90 days: still the ten with customers
        otto.click("#series-range button[data-days='90']");
        assertThat(otto.locator("#series-days tbody tr")).hasCount(90, new LocatorAssertions.HasCountOptions().setTimeout(20_000));
        assertThat(otto.locator("#series-rate g[data-arm='planning'] circle")).hasCount(10);
    }

    @Test
    void aChurnWarningsTestIsReadByRetention() {
        String id = "page-churn-" + UUID.randomUUID().toString().substring(0, 8);
        String json = StrategyDesk.samples().stream().filter(s -> s.file().equals("outflow-churn-warning.json"))
                .findFirst().orElseThrow().spec().replace("\"id\": \"outflow-churn-warning\"", "\"id\": \"" + id + "\"");
        desk.draft(id, json, "olga").block(WAIT);
        desk.publish(id, 1, "otto").block(WAIT);
        // 100 held out, 14 of them left; 100 warned, 5 of them left
        String testId = OutreachPlanner.testId(StrategyDesk.parse(json));
        Instant now = Instant.now();
        for (String arm : List.of("control", "warn")) {
            for (int i = 0; i < 100; i++) {
                String customer = "wm-" + id + "-" + arm + "-" + i;
                ledger.assign(testId, customer, arm, now).block(WAIT);
                if (i < (arm.equals("control") ? 14 : 5)) {
                    ledger.mark(testId, customer, Outcome.CHURNED, now).block(WAIT);
                }
            }
        }
        Page otto = open("otto", id);
        assertThat(otto.locator("#rate-head")).hasText("留存率（95% 区间）",
                new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        assertThat(otto.locator("#chart-title")).hasText("各组留存率与 95% 区间");
        assertThat(otto.locator("#arms tr[data-arm='control'] td.rate")).containsText("86.0%");
        assertThat(otto.locator("#arms tr[data-arm='warn'] td.rate")).containsText("95.0%");
        assertThat(otto.locator("#arms tr[data-arm='warn'] td[data-step='CHURNED']")).hasText("5");
    }

}
