package com.wecomassist.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.Browser;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The compliance officer's, the account managers' and the dashboard pages in a real headless Chromium. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsolePagesBrowserTest {

    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);

    static Browser browser;

    @LocalServerPort
    int port;
    @Autowired
    WecomSimulator simulator;

    @BeforeAll
    static void launch() {
        browser = Browser.launch();
    }

    @AfterAll
    static void close() {
        browser.close();
    }

    private Page open(String page) {
        Page p = browser.newPage();
        p.navigate("http://127.0.0.1:" + port + "/console/" + page);
        return p;
    }

    @Test
    void theComplianceOfficerSeesThePacksAndTestsAText() {
        Page page = open("compliance.html");
        assertThat(page.locator("#pack-list")).containsText("return-promise.guarantee", SLOW);
        page.fill("#text", "这款理财稳赚不赔。");
        page.click("#check");
        assertThat(page.locator("#action")).hasText("BLOCK");
        assertThat(page.locator("#marked mark.block")).hasText("稳赚不赔");
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("compliance")));
    }

    @Test
    void anAccountManagerGetsCompliantSuggestionsWithSources() {
        Page page = open("suggest.html");
        page.fill("#question", "手机银行转账限额是多少？");
        page.click("#ask button");
        assertThat(page.locator("#suggestions .suggestion").first()).containsText("单日20万元", SLOW);
        assertThat(page.locator("#suggestions .suggestion").first()).containsText("demo-016@");
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("suggestions")));
    }

    @Test
    void theDashboardShowsTheShareOfAnswersSentByTheMachine() {
        String kf = simulator.openKfIds().get(0);
        simulator.customerWrites(kf, "wmDashboardPage", "网点营业时间是几点？");
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.transcript(kf, "wmDashboardPage").stream()
                .anyMatch(l -> l.from().equals(ChatLine.BOT)));
        Page page = open("dashboard.html");
        assertThat(page.locator("#total")).not().hasText("0", new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        assertThat(page.locator("[data-share=AUTO_SENT]")).not().hasText("0.0%");
        assertThat(page.locator("#hourly rect").first()).isAttached();
        assertThat(page.locator("#categories")).containsText("网点与服务");
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("dashboard")));
    }
}
