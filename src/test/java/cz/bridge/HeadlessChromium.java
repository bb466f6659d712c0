package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

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

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium for the browser tests, driven through the system chromedriver (so
 * Selenium Manager downloads nothing), with a profile of its own that is deleted on close.
 */
final class HeadlessChromium implements AutoCloseable {

    /** Named once, in pom.xml (chromium.binary, chromium.driver), which also warns when they are missing. */
    private static final Path CHROMIUM = Path.of(pomProperty("chromium.binary"));
    private static final Path CHROMEDRIVER = Path.of(pomProperty("chromium.driver"));

    private final Path profile;
    private final WebDriver driver;

    private HeadlessChromium(Path profile, WebDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    private static String pomProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the system property " + name + " is not set: surefire sets it from pom.xml; "
                    + "run the test through Maven, or give it to the test's JVM");
        }
        return value;
    }

    /** Skipped on a developer's machine without Chromium (saying so); required where CI is set, as .ci/run does. */
    static void requireInstalled(String test) {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = test + " needs headless Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                + ": install them with 'apt-get install -y chromium chromium-driver' (or name them with -Dchromium.binary=… "
                + "-Dchromium.driver=…)";
        if (System.getenv("CI") == null || System.getenv("CI").isBlank()) {
            Assumptions.assumeTrue(installed, missing + " (skipped: CI is not set)");
        }
        assertThat(installed).as(missing).isTrue();
    }

    static HeadlessChromium open() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("test-chromium");
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
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(profile, driver);
    }

    WebDriver driver() {
        return driver;
    }

    /** The page's console, for a test's output. */
    String consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .collect(Collectors.joining("\n"));
    }

    void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
