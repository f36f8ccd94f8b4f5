package com.wecomassist.privacy;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static com.wecomassist.testing.Browser.SLOW;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.wecomassist.simulator.ChatLine;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.Browser;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The administrator's 客户数据 page in a real headless Chromium: a customer who talked to the bot is
 * looked up (what each store holds, their words in the preview and the downloaded file), then erased
 * after typing their id again; other roles do not get the page and are refused by the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.reply.burst-quiet-period=300ms",
        "assist.simulator.open-kf-ids=wkPrivacyPage"})
class PrivacyBrowserTest {

    private static final String KF = "wkPrivacyPage";
    private static final String QUESTION = "网点营业时间是几点？";

    @RegisterExtension
    static final Browser browser = Browser.perClass();

    @LocalServerPort
    int port;
    @Autowired
    WecomSimulator simulator;

    @Test
    void anAdministratorSeesDownloadsAndErasesACustomersData() throws Exception {
        String customer = "wmPrivacyPage" + System.nanoTime();
        simulator.customerWrites(KF, customer, QUESTION);
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.transcript(KF, customer).stream()
                .anyMatch(l -> l.from().equals(ChatLine.BOT)));

        Page page = browser.openConsole(port, "index.html", "root");
        assertThat(page.locator("#pages")).containsText("导出或删除一位客户的数据", SLOW);
        page.click("#pages a[href='privacy.html']");
        page.fill("#customer", customer);
        page.click("#export");
        assertThat(page.locator("#summary")).containsText("kf:" + KF + ":" + customer, SLOW);
        assertThat(page.locator("#counts tr[data-store=history] .n")).not().hasText("0");
        assertThat(page.locator("#counts tr[data-store=auditTrail] .n")).not().hasText("0");
        assertThat(page.locator("#preview")).containsText(QUESTION);
        Download file = page.waitForDownload(() -> page.click("#download"));
        org.assertj.core.api.Assertions.assertThat(file.suggestedFilename()).isEqualTo("customer-" + customer + ".json");
        org.assertj.core.api.Assertions.assertThat(Files.readString(file.path())).contains(QUESTION);
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("privacy-export")));

        // the id typed again, or nothing is erased
        page.fill("#confirm", customer + "x");
        page.click("#erase");
        assertThat(page.locator("#erase-notice")).containsText("再输入一遍");
        page.fill("#confirm", customer);
        page.click("#erase");
        assertThat(page.locator("#erase-notice")).containsText("已删除客户 " + customer, SLOW);
        assertThat(page.locator("#erased tr[data-store=history] .n")).not().hasText("0");
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("privacy-erased")));

        page.click("#export");
        assertThat(page.locator("#counts tr[data-store=history] .n")).hasText("0", new com.microsoft.playwright
                .assertions.LocatorAssertions.HasTextOptions().setTimeout(20_000));
        assertThat(page.locator("#preview")).not().containsText(QUESTION);
    }

    @Test
    void otherRolesDoNotGetThePageAndTheApiRefusesThem() {
        Page agent = browser.openConsole(port, "index.html", "carol");
        assertThat(agent.locator("#pages")).containsText("坐席工作台", SLOW);
        assertThat(agent.locator("#pages")).not().containsText("客户数据");
        agent.navigate("http://127.0.0.1:" + port + "/console/privacy.html");
        agent.fill("#customer", "wmSomeone");
        agent.click("#export");
        assertThat(agent.locator("#export-notice")).containsText("读取失败（403）", SLOW);
    }
}
