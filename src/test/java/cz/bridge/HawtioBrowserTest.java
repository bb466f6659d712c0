package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Hawtio, the operator's JMX console ({@code /actuator/hawtio} on the management port), in a real
 * headless Chromium: the operator logs in once with the management credentials (basic auth, as for
 * the status page; Hawtio has no login of its own here) and sees this bridge's Camel routes in
 * Hawtio's Camel tab, read through Jolokia's POSTs, which pass ManagementSecurity's rule.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}, as {@link StatusPageBrowserTest}.
 */
class HawtioBrowserTest extends BridgeIntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);

    private WebDriver browser;
    private Path profile;

    /** Skipped on a developer's machine without Chromium (saying so); required where CI is set, as .ci/run does. */
    @BeforeAll
    static void browserIsInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "the Hawtio browser test needs headless Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                + ": install them with 'apt-get install -y chromium chromium-driver'";
        if (System.getenv("CI") == null || System.getenv("CI").isBlank()) {
            Assumptions.assumeTrue(installed, missing + " (skipped: CI is not set)");
        }
        assertThat(installed).as(missing).isTrue();
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void camelTabListsTheBridgesRoutes() throws Exception {
        openBrowser();
        // the login, as the browser's dialog on the first 401 does it: credentials in the URL once, which
        // Chromium then keeps for the management side's realm. Hawtio itself is opened without them, as
        // after the dialog: fetch() refuses a relative URL on a page whose URL has credentials.
        browser.get("http://admin:admin@127.0.0.1:" + managementPort + "/actuator/info");
        browser.get("http://127.0.0.1:" + managementPort + "/actuator/hawtio/camel");
        try {
            // Hawtio's Camel tab: this context and its routes in the tree, from Jolokia's list of MBeans
            await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> assertThat(pageText())
                    .contains("daktela-aristotelos-bridge")
                    .contains("daktela-callback")
                    .contains("deliver-agent-state")
                    .contains("park-event"));
            assertThat(pageText()).doesNotContain("Log in to your account");
            // the routes' table: each route's state, read from its MBean
            await().atMost(PAGE_WAIT).ignoreExceptions().until(() -> {
                browser.findElement(By.xpath("//*[normalize-space(text())='routes']")).click();
                return true;
            });
            await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> assertThat(
                    browser.findElement(By.xpath("//tr[td[normalize-space(.)='daktela-callback']]")).getText())
                    .contains("Started"));
            screenshot("hawtio-camel-routes.png");
        } finally {
            browserLog();
        }
    }

    private String pageText() {
        return browser.findElement(By.tagName("body")).getText();
    }

    /** Headless Chromium from Debian's packages, with the options of the status page test. */
    private void openBrowser() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("hawtio-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1500,1000", "--lang=en");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /** The page's console, in the test's output: what Hawtio said when something is missing. */
    private void browserLog() {
        String lines = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .collect(Collectors.joining("\n"));
        System.out.println("Hawtio's browser console:\n" + lines);
    }

    private void screenshot(String name) throws IOException {
        if (browser == null) {
            return;
        }
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
