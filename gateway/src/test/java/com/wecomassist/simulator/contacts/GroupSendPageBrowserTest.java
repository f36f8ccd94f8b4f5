package com.wecomassist.simulator.contacts;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.wecomassist.simulator.WecomSimulator;
import com.wecomassist.testing.Browser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A person acting as the employee in 群发助手, in a real headless Chromium: sees a task the gateway
 * created (its text, its customers, the one already at their four messages this month, the reminder),
 * sends it with a click, and WeCom's send result then reads 1 for the customer who received it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GroupSendPageBrowserTest {

    @RegisterExtension
    static final Browser browser = Browser.perClass();

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(10_000);

    @LocalServerPort
    int port;
    @Autowired
    WebTestClient web;
    @Autowired
    WecomSimulator simulator;

    private Map<String, Object> api(String name, Map<String, Object> body) {
        String token = (String) simulator.getToken(simulator.settings().corpId(), simulator.settings().secret())
                .fields().get("access_token");
        return web.post().uri("/simulator/cgi-bin/externalcontact/" + name + "?access_token={t}", token).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<String> customersOf(String userid) {
        String token = (String) simulator.getToken(simulator.settings().corpId(), simulator.settings().secret())
                .fields().get("access_token");
        return (List<String>) web.get().uri("/simulator/cgi-bin/externalcontact/list?access_token={t}&userid={u}", token, userid)
                .exchange().expectBody(JSON).returnResult().getResponseBody().get("external_userid");
    }

    private String task(String sender, List<String> customers, String text) {
        Map<String, Object> created = api("add_msg_template", Map.of("chat_type", "single", "sender", sender,
                "external_userid", customers, "text", Map.of("content", text)));
        org.assertj.core.api.Assertions.assertThat(created).containsEntry("errcode", 0);
        return (String) created.get("msgid");
    }

    @SuppressWarnings("unchecked")
    private int sendStatus(String msgid, String sender, String customer) {
        Map<String, Object> result = api("get_groupmsg_send_result", Map.of("msgid", msgid, "userid", sender));
        return ((List<Map<String, Object>>) result.get("send_list")).stream()
                .filter(r -> r.get("external_userid").equals(customer)).map(r -> (Integer) r.get("status"))
                .findFirst().orElseThrow();
    }

    @Test
    void theEmployeeSendsATaskWithAClickAndTheCustomerUnderTheLimitReceivesIt() {
        List<String> mine = customersOf("zhangwei");
        String full = mine.get(3);
        String open = mine.get(4);
        // the first customer has had their four enterprise messages this month already
        for (int i = 0; i < 4; i++) {
            web.post().uri("/simulator/api/contacts/employees/zhangwei/tasks/{m}/confirm",
                    task("zhangwei", List.of(full), "本月第" + (i + 1) + "条")).exchange().expectStatus().isOk();
        }
        String msgid = task("zhangwei", List.of(full, open), "您好，您的定期存款将于下周到期，可预约续存。");
        org.assertj.core.api.Assertions.assertThat(api("remind_groupmsg_send", Map.of("msgid", msgid)))
                .containsEntry("errcode", 0);
        String other = task("zhangwei", List.of(mine.get(5)), "一条要忽略的群发");

        Page page = browser.newPage();
        page.navigate("http://127.0.0.1:" + port + "/simulator/contacts.html?employee=zhangwei");
        Locator row = page.locator("#tasks tbody tr[data-id='" + msgid + "']");
        assertThat(row.locator("td.text")).hasText("您好，您的定期存款将于下周到期，可预约续存。");
        assertThat(row.locator("td.task-state")).hasText("待发送");
        assertThat(row.locator("td.over-limit")).hasText("1 / 2");
        assertThat(row.locator("td.customers .customer.over")).hasCount(1);
        assertThat(row.locator("td.customers .customer[data-id='" + full + "']")).containsText("本月已满");
        assertThat(row.locator("td.reminders")).containsText("1 次");
        assertThat(page.locator("#pending-count")).containsText("待发送 2 条");
        // nothing reaches a customer before the click
        org.assertj.core.api.Assertions.assertThat(sendStatus(msgid, "zhangwei", open)).isZero();

        row.locator("button.confirm").click();
        assertThat(row.locator("td.task-state")).containsText("已发送", SOON);
        assertThat(page.locator("#task-outcome")).containsText("已发送给 1 位客户；1 位本月已收满 4 条，被跳过");
        assertThat(row.locator("td.customers .customer[data-id='" + open + "']")).containsText("已发送");
        assertThat(row.locator("button.confirm")).hasCount(0);
        org.assertj.core.api.Assertions.assertThat(sendStatus(msgid, "zhangwei", open)).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(sendStatus(msgid, "zhangwei", full)).isEqualTo(3);
        // the customer's row in the employee's client shows what they received
        Locator received = page.locator("#customers tbody tr[data-id='" + open + "'] td.received");
        assertThat(received).containsText("群发：您好，您的定期存款将于下周到期", SOON);

        Locator ignored = page.locator("#tasks tbody tr[data-id='" + other + "']");
        ignored.locator("button.ignore").click();
        assertThat(ignored.locator("td.task-state")).hasText("已忽略");
        assertThat(page.locator("#pending-count")).containsText("待发送 0 条");
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("simulator-group-send")));
        // ignoring is the employee's own business: WeCom still reports the task as not sent
        org.assertj.core.api.Assertions.assertThat(sendStatus(other, "zhangwei", mine.get(5))).isZero();
    }
}
