package com.wecomassist.comply;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static com.wecomassist.testing.Browser.SLOW;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.testing.OwnNettyResources;
import com.wecomassist.testing.Browser;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The compliance officer's page in a real headless Chromium: an agent's rude reply passed; the
 * officer marks it 违规 from the recent list, edits the rule pack, measures, is refused publishing
 * the regression without a reason, publishes with one, and the page's own check now flags the text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.application.name=compliance-teaching-browser")
// A context of its own, closed afterwards: the publication changes the checker every other test relies on.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// Closing it must not dispose the Netty loops every other cached context shares (see OwnNettyResources).
@Import(OwnNettyResources.class)
class TeachingBrowserTest {

    private static final LocatorAssertions.ContainsTextOptions MEASURING =
            new LocatorAssertions.ContainsTextOptions().setTimeout(180_000);

    @RegisterExtension
    static final Browser browser = Browser.perClass();

    @LocalServerPort
    int port;
    @Autowired
    FlaggedDraftRecorder recorder;
    @Autowired
    ComplianceReview review;

    @Test
    void theOfficerMarksARecentTextMeasuresAndPublishesWithAReason() {
        String rude = TeachingControllerTest.RUDE.get(1);
        Verdict verdict = review.check(rude, TextKind.AGENT_REPLY).block(Duration.ofSeconds(10));
        recorder.agentText("kf:wkBank:wmRude", "d-rude", "carol", "我想问一下手续费", rude, verdict)
                .block(Duration.ofSeconds(10));

        Page page = browser.openConsole(port, "compliance.html", "cora");
        // it went out (the rules know no abuse): in the list of passed texts
        page.selectOption("#recent-action", RecentTexts.FLAGGED_ACTIONS.contains(verdict.action().name()) ? "" : "PASS");
        Locator item = page.locator("#recent li.recent-item", new Page.LocatorOptions().setHasText(rude));
        assertThat(item).containsText("坐席文字", SLOW);
        item.locator("select.teach-category").selectOption("abusive-language");
        item.locator("button.mark[data-label=violation]").click();
        assertThat(item.locator(".taught")).containsText("已加入样例草稿", SLOW);
        assertThat(page.locator("#exemplars")).containsText(rude, SLOW);
        assertThat(page.locator("#exemplars")).containsText("辱骂客户");
        // the other texts of the lesson, typed into the tester
        for (String other : new String[] {TeachingControllerTest.RUDE.get(0), TeachingControllerTest.RUDE.get(2)}) {
            page.fill("#text", other);
            page.selectOption("#tester-category", "abusive-language");
            page.click("#tester-violation");
            assertThat(page.locator("#exemplars")).containsText(other, SLOW);
        }

        // the rule pack: an invalid draft shows file:line, a valid one is kept
        assertThat(page.locator("#pack-yaml")).hasValue(TeachingControllerTest.shippedYaml(),
                new com.microsoft.playwright.assertions.LocatorAssertions.HasValueOptions().setTimeout(20_000));
        String draft = TeachingControllerTest.packThatStopsGreetings(TeachingControllerTest.shippedYaml());
        page.fill("#pack-yaml", draft.replace("    severity: low\n    action: REVIEW", "    severity: tiny\n    action: REVIEW"));
        page.click("#pack-save");
        assertThat(page.locator("#pack-notice")).containsText("bank-default.yaml:", SLOW);
        assertThat(page.locator("#pack-notice")).containsText("tiny");
        page.fill("#pack-yaml", draft);
        page.click("#pack-save");
        assertThat(page.locator("#pack-notice")).containsText("已校验并保存草稿：bank-default 版本 2099.1.1", SLOW);

        page.click("#cs-measure");
        assertThat(page.locator("#cs-result")).containsText("保留集", MEASURING);
        assertThat(page.locator("#cs-figures tr[data-part=heldBack]")).containsText("→ 0.0%");
        assertThat(page.locator("#cs-result")).containsText("发布后判错的");
        assertThat(page.locator("#cs-override")).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.screenshot("compliance-teach")).setFullPage(true));

        page.click("#cs-publish");
        assertThat(page.locator("#cs-notice")).containsText("发布被拒绝（409）", SLOW);
        page.fill("#cs-reason", "问候语一律送审：总行合规部要求");
        page.click("#cs-publish");
        assertThat(page.locator("#cs-notice")).containsText("已发布第 1 版：bank-default@2099.1.1", SLOW);
        assertThat(page.locator("#cs-notice")).containsText("理由已记入审计");
        assertThat(page.locator("#exemplars")).containsText("草稿中还没有样例", SLOW);
        assertThat(page.locator("#pack-list")).containsText("2099.1.1", SLOW);

        page.fill("#text", rude);
        page.click("#check");
        assertThat(page.locator("#action")).hasText("REVIEW", new com.microsoft.playwright.assertions.LocatorAssertions
                .HasTextOptions().setTimeout(20_000));
        assertThat(page.locator("#hits")).containsText("semantic.abusive-language");
    }
}
