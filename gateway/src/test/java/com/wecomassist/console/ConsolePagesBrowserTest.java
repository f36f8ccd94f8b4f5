package com.wecomassist.console;

import static com.wecomassist.testing.Browser.SLOW;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.Browser;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The compliance officer's, the account managers' and the dashboard pages in a real headless
 * Chromium, and the header every console page shares (the user, their pages, the logout).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsolePagesBrowserTest {

    @RegisterExtension
    static final Browser browser = Browser.perClass();

    @LocalServerPort
    int port;
    @Autowired
    WecomSimulator simulator;

    private Page open(String page, String user) {
        return browser.openConsole(port, page, user);
    }

    @Test
    void afterLoginEachUserSeesTheirPagesAndAnAgentCannotOpenTheContentTeamsData() {
        Page agent = open("index.html", "carol");
        assertThat(agent.locator("#pages")).containsText("坐席工作台", SLOW);
        assertThat(agent.locator("#pages")).not().containsText("知识库管理");
        agent.navigate("http://127.0.0.1:" + port + "/console/content.html");
        assertThat(agent.locator("#entries")).containsText("无法读取（403）", SLOW);
        Page editor = open("index.html", "ed");
        assertThat(editor.locator("#pages")).containsText("知识库管理", SLOW);
    }

    private static final java.util.List<String> ALL_PAGES = java.util.List.of("index.html", "agent.html",
            "content.html", "welcome.html", "compliance.html", "suggest.html", "dashboard.html", "kpi.html", "strategies.html");

    @Test
    void everyPageHasTheSharedHeaderWithTheUserTheirPagesAndALogout() {
        Page admin = open("index.html", "root");
        // every page works under the Content-Security-Policy: Chromium says so on the console when it refuses anything
        java.util.List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        admin.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                refused.add(message.text());
            }
        });
        for (String name : ALL_PAGES) {
            admin.navigate("http://127.0.0.1:" + port + "/console/" + name);
            assertThat(admin.locator("header #console-user")).containsText("root", SLOW);
            assertThat(admin.locator("header #console-bar a")).hasText(new String[] {"首页", "坐席工作台", "知识库",
                    "欢迎语", "合规规则", "回复建议", "人机协作看板", "经营指标", "经营策略", "客户数据"});
            assertThat(admin.locator("header #logout")).isVisible();
            // the page itself is marked; every other link leads away from it
            if (!name.equals("index.html")) {
                assertThat(admin.locator("#console-bar a[aria-current=page]")).hasAttribute("href", name);
            }
        }
        admin.navigate("http://127.0.0.1:" + port + "/login");
        assertThat(admin.locator("form")).isVisible();
        org.assertj.core.api.Assertions.assertThat(refused).as("refused by the Content-Security-Policy").isEmpty();
        // an agent's links are the pages an agent may open, and the way back to the start page
        Page agent = open("content.html", "carol");
        assertThat(agent.locator("header #console-bar a")).hasText(new String[] {"首页", "坐席工作台", "回复建议",
                "人机协作看板"}, new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        agent.click("#console-bar a[href='index.html']");
        assertThat(agent.locator("#pages")).containsText("坐席工作台", SLOW);
    }

    @Test
    void anAccountManagerAndATeamLeadReachTheDashboardFromTheirStartPage() {
        Page manager = open("index.html", "mia");
        assertThat(manager.locator("#pages")).containsText("人机协作看板", SLOW);
        manager.click("#pages a[href='dashboard.html']");
        assertThat(manager.locator("#total")).hasText(java.util.regex.Pattern.compile("\\d+"),
                new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        assertThat(manager.locator("#team-panel")).isHidden();

        Page lead = open("index.html", "sam");
        assertThat(lead.locator("#pages")).containsText("坐席工作台", SLOW);
        lead.click("#console-bar a[href='dashboard.html']");
        assertThat(lead.locator("#team-name")).containsText("north", SLOW);
        assertThat(lead.locator("#team-members")).containsText("nora");
        assertThat(lead.locator("#team-members")).not().containsText("carol");
        assertThat(lead.locator("#assign-to option")).hasCount(2);
        lead.fill("#assign-conversation", "kf:wkBank:wm-page-assign");
        lead.selectOption("#assign-to", "nora");
        lead.click("#assign button");
        assertThat(lead.locator("#assign-notice")).containsText("会话已交给 nora", SLOW);
        lead.click("#assign button");
        assertThat(lead.locator("#assign-notice")).containsText("改派失败（409）", SLOW);
        lead.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("dashboard-team")));
    }

    /** A form login (not Basic, which a browser sends again on every request) ends with the header's logout. */
    @Test
    void theHeadersLogoutEndsTheSession() {
        Page page = browser.newPage();
        page.navigate("http://127.0.0.1:" + port + "/console/dashboard.html");
        page.waitForURL(java.util.regex.Pattern.compile(".*/login$"));
        page.fill("input[name=username]", "sam");
        page.fill("input[name=password]", com.wecomassist.testing.Staff.PASSWORD);
        page.click("button[type=submit]");
        assertThat(page.locator("header #console-user")).containsText("sam", SLOW);
        page.click("#console-bar a[href='suggest.html']");
        assertThat(page.locator("header #console-user")).containsText("sam", SLOW);

        page.click("#logout");
        page.waitForURL(java.util.regex.Pattern.compile(".*/login\\?logout$"));
        page.navigate("http://127.0.0.1:" + port + "/console/dashboard.html");
        page.waitForURL(java.util.regex.Pattern.compile(".*/login$"));
        org.assertj.core.api.Assertions.assertThat(page.url()).endsWith("/login");
    }

    @Test
    void pagesRunUnderAPolicyThatAllowsOnlyScriptFilesOfTheirOwnOrigin() {
        Page editor = open("index.html", "ed");
        com.microsoft.playwright.Response index = editor.navigate("http://127.0.0.1:" + port + "/console/index.html");
        org.assertj.core.api.Assertions.assertThat(index.headers().get("content-security-policy"))
                .contains("script-src 'self'");
        // the start page's script is a file now: under the policy it still lists the user's pages
        assertThat(editor.locator("#pages")).containsText("知识库管理", SLOW);
        java.util.List<String> refused = new java.util.ArrayList<>();
        editor.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                refused.add(message.text());
            }
        });
        for (String page : java.util.List.of("content.html", "agent.html", "dashboard.html", "suggest.html")) {
            editor.navigate("http://127.0.0.1:" + port + "/console/" + page);
            editor.waitForLoadState();
        }
        org.assertj.core.api.Assertions.assertThat(refused).isEmpty();
    }

    @Test
    void theComplianceOfficerSeesThePacksAndTestsAText() {
        Page page = open("compliance.html", "cora");
        assertThat(page.locator("#pack-list")).containsText("return-promise.guarantee", SLOW);
        page.fill("#text", "这款理财稳赚不赔。");
        page.click("#check");
        assertThat(page.locator("#action")).hasText("BLOCK");
        assertThat(page.locator("#marked mark.block")).hasText("稳赚不赔");
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("compliance")));
    }

    @Test
    void anAccountManagerGetsCompliantSuggestionsWithSources() {
        Page page = open("suggest.html", "mia");
        page.fill("#question", "手机银行转账限额是多少？");
        page.click("#ask button");
        assertThat(page.locator("#suggestions .suggestion").first()).containsText("单日20万元", SLOW);
        assertThat(page.locator("#suggestions .suggestion").first()).containsText("demo-016@");
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("suggestions")));
    }

    @Test
    void anEditorCreatesReviewsAndPublishesAnEntryAndTheTryBoxRanksItFirst() {
        Page page = open("content.html", "ed");
        assertThat(page.locator("#entries")).containsText("手机银行转账限额", SLOW);
        page.click("#new");
        page.fill("#e-id", "ui-cash-booking");
        page.fill("#e-question", "大额取现需要提前预约吗？");
        page.fill("#e-variants", "取很多现金要预约吗\n我想取二十万现金");
        page.fill("#e-answer", "单笔取现5万元（含）以上，请至少提前一个工作日通过手机银行或致电网点预约。");
        page.fill("#e-category", "网点与服务");
        page.click("#save");
        assertThat(page.locator("#notice")).containsText("已保存为 v1", SLOW);
        page.click("#submit");
        assertThat(page.locator("#notice")).containsText("已提交审核", SLOW);
        page.click("#publish");
        assertThat(page.locator("#notice")).containsText("已发布", SLOW);

        page.fill("#e-answer", "单笔取现5万元（含）以上，请至少提前一个工作日预约；20万元以上请提前两个工作日。");
        page.click("#save");
        assertThat(page.locator("#notice")).containsText("已保存为 v4", SLOW);
        assertThat(page.locator("#diff .new")).containsText("20万元以上", SLOW);

        page.fill("#try-q", "取二十万现金要不要预约");
        page.click("#try");
        assertThat(page.locator("#ranked li").first()).containsText("ui-cash-booking", SLOW);
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("content")));

        page.fill("#import-body", "{\"id\":\"bad row\"}");
        page.click("#import");
        assertThat(page.locator("#import-result")).containsText("第 1 行", SLOW);
    }

    @Test
    void theDashboardShowsTheShareOfAnswersSentByTheMachine() {
        String kf = simulator.openKfIds().get(0);
        simulator.customerWrites(kf, "wmDashboardPage", "网点营业时间是几点？");
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.transcript(kf, "wmDashboardPage").stream()
                .anyMatch(l -> l.from().equals(ChatLine.BOT)));
        Page page = open("dashboard.html", "cora");
        assertThat(page.locator("#total")).not().hasText("0", new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        assertThat(page.locator("[data-share=AUTO_SENT]")).not().hasText("0.0%");
        assertThat(page.locator("#hourly rect").first()).isAttached();
        assertThat(page.locator("#categories")).containsText("网点与服务");
        // the live split names each way of answering in Chinese; the bot's answer is counted there too
        for (String label : java.util.List.of("自动发送", "菜单选中", "菜单放弃", "坐席一键", "坐席修改", "坐席撰写")) {
            assertThat(page.locator("#split")).containsText(label);
        }
        assertThat(page.locator("#split [data-outcome=auto] .count")).not().hasText("0 次");
        assertThat(page.locator("#split [data-outcome=auto] .n")).not().hasText("0.0%");
        assertThat(page.locator("#split-note")).containsText("本实例启动以来");
        // the answer just given was timed: a measured p50 in milliseconds, not 0.0 nor —
        assertThat(page.locator("#latency tr[data-stage=total] .p50"))
                .hasText(java.util.regex.Pattern.compile("^(?!0\\.0$)\\d+\\.\\d$"));
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("dashboard")));
    }
}
