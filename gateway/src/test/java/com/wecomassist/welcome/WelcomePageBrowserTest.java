package com.wecomassist.welcome;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static com.wecomassist.testing.Browser.SLOW;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.wecomassist.testing.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The content team's 欢迎语 page in a real headless Chromium: an editor opens a new template key
 * (a mistyped channel code is said in words first), writes a version that promises guaranteed returns
 * and sees the compliance check's findings marked; the author cannot publish (four-eyes), a second
 * editor's publish of it is refused with the findings; a compliant version is then published by the
 * second editor and is what the gateway sends for that channel code from then on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WelcomePageBrowserTest {

    private static final LocatorAssertions.HasTextOptions SLOW_TEXT = new LocatorAssertions.HasTextOptions()
            .setTimeout(20_000);

    @RegisterExtension
    static final Browser browser = Browser.perClass();

    @LocalServerPort
    int port;
    @Autowired
    WelcomeCatalogue catalogue;

    @Test
    void anEditorWritesAVersionTheCheckRefusesThenASecondEditorPublishesACompliantOne() {
        String state = "uiBranch" + (System.nanoTime() % 1_000_000);
        String key = "contact:" + state + ":*";

        Page ed = browser.openConsole(port, "index.html", "ed");
        assertThat(ed.locator("#pages")).containsText("欢迎语模板", SLOW);
        ed.click("#pages a[href='welcome.html']");
        // the shipped default is listed, in force as v0
        assertThat(ed.locator("tr[data-key='contact:*:*'] .in-force")).containsText("v0", SLOW);

        // bad input is said in words before anything is sent
        ed.fill("#k-code", "城东 支行");
        ed.click("#open-key");
        assertThat(ed.locator("#list-notice")).containsText("渠道码“城东 支行”不正确", SLOW);
        ed.fill("#k-code", state);
        ed.fill("#k-role", "Account Manager");
        ed.click("#open-key");
        assertThat(ed.locator("#list-notice")).containsText("员工角色“account manager”不正确", SLOW);
        ed.fill("#k-role", "");
        ed.click("#open-key");
        assertThat(ed.locator("#editor-key")).hasText(key, SLOW_TEXT);
        assertThat(ed.locator("#in-force-facts")).containsText("尚未发布");
        ed.click("#save");
        assertThat(ed.locator("#draft-notice")).containsText("请填写欢迎语", SLOW);

        // a guaranteed-return promise: saved as a version, with the check's findings marked
        ed.fill("#text", "您好，我是您的理财经理。本行理财保本保息，稳赚不赔！");
        ed.click("#save");
        assertThat(ed.locator("#draft-notice")).containsText("已保存为 v1", SLOW);
        assertThat(ed.locator("#draft-notice")).containsText("合规检查未通过");
        assertThat(ed.locator("#check-action")).containsText("BLOCK");
        assertThat(ed.locator("#check-text mark.block").first()).isVisible();
        assertThat(ed.locator("#check-text")).containsText("稳赚不赔");
        assertThat(ed.locator("#findings li").first()).isVisible();
        // four-eyes: the author has no publish
        assertThat(ed.locator("#publish")).isDisabled();
        assertThat(ed.locator("#publish-hint")).containsText("须由另一位审核人发布");
        assertThat(ed.locator("tr[data-key='" + key + "'] .check")).containsText("BLOCK", SLOW);
        assertThat(ed.locator("tr[data-key='" + key + "'] .latest")).containsText("待审核");

        // a second editor's publish is refused by the check, with its findings
        Page alice = browser.openConsole(port, "welcome.html", "alice");
        alice.locator("tr[data-key='" + key + "']").click();
        assertThat(alice.locator("#editor-key")).hasText(key, SLOW_TEXT);
        assertThat(alice.locator("#publish")).isEnabled();
        alice.click("#publish");
        assertThat(alice.locator("#publish-notice")).containsText("发布失败（422）：合规检查未通过", SLOW);
        assertThat(alice.locator("#check-text mark.block").first()).isVisible();
        assertThat(alice.locator("#in-force-facts")).containsText("尚未发布");

        // the author writes a compliant version; the second editor publishes it
        ed.fill("#text", "您好，欢迎关注本行城东支行！有任何问题请随时留言，我们会尽快回复。");
        ed.click("#save");
        assertThat(ed.locator("#draft-notice")).containsText("已保存为 v2", SLOW);
        assertThat(ed.locator("#check-action")).containsText("PASS");
        assertThat(ed.locator("#publish")).isDisabled();

        alice.click("#reload");
        alice.locator("tr[data-key='" + key + "']").click();
        assertThat(alice.locator("#publish")).hasText("审核通过并发布 v2", SLOW_TEXT);
        alice.click("#publish");
        assertThat(alice.locator("#publish-notice")).containsText("已发布 v2：ed 撰写，alice 审核", SLOW);
        assertThat(alice.locator("#in-force-facts")).containsText("在用：v2，ed 撰写，alice 审核发布");
        assertThat(alice.locator("#versions li[data-version='2'] .state")).hasText("在用");
        assertThat(alice.locator("#versions li[data-version='1'] .state")).hasText("未发布");
        assertThat(alice.locator("tr[data-key='" + key + "'] .who")).hasText("ed / alice", SLOW_TEXT);
        assertThat(alice.locator("tr[data-key='" + key + "'] .check")).containsText("PASS");
        assertThat(alice.locator("#check")).isHidden();
        alice.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(Browser.screenshot("welcome")));

        // what a customer of that channel code now gets
        org.assertj.core.api.Assertions.assertThat(catalogue.forContact(state, "direct").text())
                .startsWith("您好，欢迎关注本行城东支行！");

        // the editor's own view follows: nothing left to publish
        ed.locator("tr[data-key='" + key + "']").click();
        assertThat(ed.locator("#publish-hint")).containsText("已在使用中", SLOW);
    }

    @Test
    void anAgentHasNoLinkToThePageAndTheApiRefusesThem() {
        Page agent = browser.openConsole(port, "index.html", "carol");
        assertThat(agent.locator("#pages")).containsText("坐席工作台", SLOW);
        assertThat(agent.locator("#pages")).not().containsText("欢迎语");
        agent.navigate("http://127.0.0.1:" + port + "/console/welcome.html");
        assertThat(agent.locator("#templates")).containsText("无法读取（403）", SLOW);
    }
}
