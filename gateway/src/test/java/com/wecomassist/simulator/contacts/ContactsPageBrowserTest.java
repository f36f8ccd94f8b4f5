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
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A person acts as an employee in their WeCom client, in a real headless Chromium: adds a customer and
 * sees the welcome arrive, tags them, watches a takeover complete when they advance the clock, deletes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ContactsPageBrowserTest {

    @RegisterExtension
    static final Browser browser = Browser.perClass();

    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(10_000);

    @LocalServerPort
    int port;
    @Autowired
    WebTestClient web;
    @Autowired
    WecomSimulator simulator;

    private Map<String, Object> apiAnswer(String path, Map<String, Object> body) {
        String token = (String) simulator.getToken(simulator.settings().corpId(), simulator.settings().secret())
                .fields().get("access_token");
        return web.post().uri("/simulator/cgi-bin/externalcontact/" + path + "?access_token={t}", token).bodyValue(body)
                .exchange().expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    private void api(String path, Map<String, Object> body) {
        String token = (String) simulator.getToken(simulator.settings().corpId(), simulator.settings().secret())
                .fields().get("access_token");
        web.post().uri("/simulator/cgi-bin/externalcontact/" + path + "?access_token={t}", token).bodyValue(body)
                .exchange().expectBody().jsonPath("$.errcode").isEqualTo(0);
    }

    @Test
    void anEmployeeAddsACustomerSeesTheWelcomeTagsThemAndHandsThemOver() {
        Page page = browser.newPage();
        page.navigate("http://127.0.0.1:" + port + "/simulator/contacts.html?employee=chenjing");
        assertThat(page.locator("#employee")).hasValue("chenjing");
        assertThat(page.locator("#role")).containsText("管户客户经理");
        Locator rows = page.locator("#customers tbody tr");
        assertThat(rows.first()).isVisible();

        page.fill("#new-name", "测试客户丙");
        page.fill("#new-state", "branch_pudong");
        page.click("#add button[type=submit]");
        Locator added = page.locator("#customers tbody tr", new Page.LocatorOptions().setHasText("测试客户丙"));
        assertThat(added.locator("td.state")).hasText("branch_pudong");
        assertThat(page.locator("#last-add")).containsText("WelcomeCode");
        String code = page.locator("#last-add").getAttribute("data-code");
        String customer = page.locator("#last-add").getAttribute("data-customer");
        // the gateway's callback got its 200
        Locator events = page.locator("#events li", new Page.LocatorOptions().setHasText(customer));
        assertThat(events.first()).containsText("add_external_contact", SOON);
        assertThat(events.first()).containsText("网关已接收");

        // the gateway's welcome sender used the code at once (the shipped default text): the page shows the
        // customer received it, and the code is spent
        assertThat(added.locator("td.received")).containsText("欢迎语：您好，很高兴认识您", SOON);
        org.assertj.core.api.Assertions.assertThat(apiAnswer("send_welcome_msg", Map.of("welcome_code", code, "text", Map.of("content", "您好"))))
                .containsEntry("errcode", 41051);

        added.locator("button.edit").click();
        page.fill("#edit-remark", "丙女士");
        page.locator("#edit-tags label", new Page.LocatorOptions().setHasText("白金客户")).locator("input").check();
        page.click("#edit-save");
        assertThat(added.locator("td.tags")).containsText("白金客户");
        assertThat(added.locator("td.remark")).hasText("丙女士");
        assertThat(events.first()).containsText("edit_external_contact", SOON);

        // a takeover waits 24 hours; advancing the clock completes it
        api("transfer_customer", Map.of("handover_userid", "chenjing", "takeover_userid", "zhaolei",
                "external_userid", List.of(customer), "transfer_success_msg", "您好，后续由赵磊为您服务。"));
        Locator transfer = page.locator("#transfers tbody tr[data-id='" + customer + "']").first();
        assertThat(transfer.locator("td.status")).hasText("等待接替", new LocatorAssertions.HasTextOptions().setTimeout(10_000));
        assertThat(added.locator("td.received")).containsText("转接给 赵磊 中");
        page.click("#advance-24h");
        assertThat(page.locator("#clock")).containsText("已快进");
        assertThat(transfer.locator("td.status")).hasText("接替完毕");
        assertThat(added).hasCount(0);
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("simulator-contacts")));

        // the takeover employee's client shows the customer, with the transfer message they received
        page.selectOption("#employee", "zhaolei");
        Locator takenOver = page.locator("#customers tbody tr", new Page.LocatorOptions().setHasText("测试客户丙"));
        assertThat(takenOver.locator("td.tags")).containsText("白金客户");
        assertThat(takenOver.locator("td.received")).containsText("转接消息：您好，后续由赵磊为您服务。");
        takenOver.locator("button.customer-deletes").click();
        assertThat(takenOver).hasClass(java.util.regex.Pattern.compile("deleted-by-customer"));
        takenOver.locator("button.delete").click();
        assertThat(takenOver).hasCount(0);
        assertThat(events.first()).containsText("del_external_contact · 赵磊", SOON);
        // add, edit, del (DELETE_BY_TRANSFER, to 陈静), add (to 赵磊), del_follow_user, del: all taken by the gateway
        assertThat(events).hasCount(6);
        assertThat(page.locator("#events li.failed")).hasCount(0);
    }

    @Test
    void aDepartedEmployeeCanNoLongerAddCustomers() {
        Page page = browser.newPage();
        page.navigate("http://127.0.0.1:" + port + "/simulator/contacts.html?employee=zhoujie");
        assertThat(page.locator("#role")).containsText("已离职");
        assertThat(page.locator("#resign")).isDisabled();
        assertThat(page.locator("#add button[type=submit]")).isDisabled();
        assertThat(page.locator("#customers tbody tr").first()).isVisible();
    }
}
