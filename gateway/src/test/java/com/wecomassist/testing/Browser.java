package com.wecomassist.testing;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real headless Chromium for page tests: Debian's /usr/bin/chromium driven by Playwright, which
 * downloads nothing. Missing Chromium is a failure with instructions, never a skipped test.
 *
 * <p>A test class registers one per class — {@code @RegisterExtension static final Browser browser =
 * Browser.perClass();} — launched before its first test and closed after its last.
 */
public final class Browser implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ASSIST_TEST_CHROMIUM", "/usr/bin/chromium"));

    private Playwright playwright;
    private com.microsoft.playwright.Browser browser;

    private Browser() {
    }

    /** A browser launched before the class's first test and closed after its last (JUnit extension). */
    public static Browser perClass() {
        return new Browser();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("Browser tests need Chromium at " + CHROMIUM
                    + ": run `apt-get install -y chromium fonts-noto-cjk` (as .ci/run does), "
                    + "or point ASSIST_TEST_CHROMIUM at a Chromium binary.");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    /**
     * A page whose every request carries HTTP Basic credentials of one of {@link Staff}'s users (the
     * form login itself is tested in LoginAndRolesTest). Each page has a browser context of its own.
     */
    public com.microsoft.playwright.Page newPageAs(String username) {
        String basic = java.util.Base64.getEncoder().encodeToString((username + ":" + Staff.PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return browser.newPage(new com.microsoft.playwright.Browser.NewPageOptions().setViewportSize(1000, 760)
                .setExtraHTTPHeaders(Map.of("Authorization", "Basic " + basic)));
    }

    /** Waiting for what a page loads after a live event or an API call. */
    public static final com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions SLOW =
            new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(20_000);

    /** A console page ({@code /console/<page>}) of the gateway on {@code port}, opened as one of {@link Staff}'s users. */
    public com.microsoft.playwright.Page openConsole(int port, String page, String username) {
        com.microsoft.playwright.Page p = newPageAs(username);
        p.navigate("http://127.0.0.1:" + port + "/console/" + page);
        return p;
    }

    public com.microsoft.playwright.Page newPage() {
        return browser.newPage(new com.microsoft.playwright.Browser.NewPageOptions().setViewportSize(1000, 760));
    }

    /** Where screenshots are kept as test output. */
    public static Path screenshot(String name) {
        return Path.of("target", "screenshots", name + ".png");
    }

    @Override
    public void close() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }
}
