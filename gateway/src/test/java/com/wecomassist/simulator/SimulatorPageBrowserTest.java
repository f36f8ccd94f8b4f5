package com.wecomassist.simulator;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.Page;
import com.wecomassist.testing.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A newcomer's first minute, in a real headless Chromium: ask as a customer, see the reply come back. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SimulatorPageBrowserTest {

    @RegisterExtension
    static final Browser browser = Browser.perClass();

    @LocalServerPort
    int port;

    @Test
    void aCustomerAsksAndTheReplyComesBackThroughWeCom() {
        Page page = browser.newPage();
        page.navigate("http://127.0.0.1:" + port + "/simulator?customer=wmBrowserCustomer");
        assertThat(page.locator("#customer")).hasValue("wmBrowserCustomer");
        assertThat(page.locator("#state")).containsText("未开始");
        page.fill("#text", "手机银行转账限额是多少？");
        page.click("#compose button");
        Locator chat = page.locator("#chat");
        assertThat(chat.locator("li.from-customer .bubble")).hasText("手机银行转账限额是多少？");
        // the reply travels callback → sync_msg → send_msg → SSE: allow for a busy CI machine
        assertThat(chat.locator("li.from-bot .bubble")).containsText("单日20万元",
                new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));

        // a servicer takes over in the WeCom client: the next question gets no bot answer
        page.click("#takeover");
        assertThat(page.locator("#state")).containsText("人工接待");
        page.fill("#servicer-text", "您好，我是客服小张。");
        page.click("#servicer-compose button");
        assertThat(chat.locator("li.from-servicer .bubble")).hasText("您好，我是客服小张。");
        page.fill("#text", "好的，谢谢");
        page.click("#compose button");
        assertThat(chat.locator("li.from-customer")).hasCount(2);
        page.waitForTimeout(1000);
        assertThat(chat.locator("li.from-bot")).hasCount(1);
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("simulator-chat")));
    }

    @Test
    void aMenuShowsItsQuestionsAndAClickGetsTheChosenAnswer() {
        Page page = browser.newPage();
        page.navigate("http://127.0.0.1:" + port + "/simulator?customer=wmBrowserMenu");
        // the page is ready once its script has set the customer: a send before that would submit the form natively
        assertThat(page.locator("#customer")).hasValue("wmBrowserMenu");
        page.fill("#text", "密码忘了");
        page.click("#compose button");
        Locator chat = page.locator("#chat");
        Locator items = chat.locator("li.from-bot .menu-item");
        assertThat(items).hasCount(3, new LocatorAssertions.HasCountOptions().setTimeout(15_000));
        assertThat(chat.locator("li.from-bot .menu-head")).hasText("您是想问以下哪个问题？");
        assertThat(chat.locator("li.from-bot .menu-tail")).hasText("都不是？回复「人工」");
        assertThat(items.nth(1)).hasText("手机银行登录密码忘了怎么办？");
        items.nth(1).click();
        // the click goes back as WeCom sends it: the item's text as the customer's line
        assertThat(chat.locator("li.from-customer .bubble").nth(1)).hasText("手机银行登录密码忘了怎么办？");
        assertThat(chat.locator("li.from-bot .bubble").nth(1)).containsText("通过卡号、短信验证码和人脸识别即可重置登录密码",
                new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("simulator-menu")));
    }
}
