package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The operator's status page ({@code /actuator/status}) in a real headless Chromium: agents'
 * rows and today's timelines as AristoTelos received the states, parked events, and a parked
 * event replayed with the page's button once AristoTelos knows the employee.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} packages; CI installs them.
 * Selenium is pointed at the system chromedriver and browser, so Selenium Manager downloads nothing.
 */
class StatusPageBrowserTest extends BridgeIntegrationTest {

    private static final DateTimeFormatter DAKTELA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);

    private HeadlessChromium chromium;
    private WebDriver browser;

    @Autowired
    UserDetailsService operators;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ConfigurableApplicationContext context;

    // before each test, not once before all: an assumption that fails in @BeforeAll leaves the class
    // counted as no test at all ("Tests run: 0"), not as skipped tests
    @BeforeEach
    void browserIsInstalled() {
        HeadlessChromium.requireInstalled("the status page test");
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void pageNeedsTheOperatorsCredentialsAndIsUtf8Html() {
        assertThat(management("GET", "/actuator/status", null, false).statusCode()).isEqualTo(401);
        var page = management("GET", "/actuator/status", null, true);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
        assertThat(page.body()).contains("<title>Bridge status · Daktela → AristoTelos</title>");
        // the page's own requests say X-Requested-With, so a refusal is a bare 401 that the page shows,
        // not a challenge that would hold the request behind the browser's login dialog
        var refused = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/board"))
                .header("X-Requested-With", "XMLHttpRequest").build(), HttpResponse.BodyHandlers.ofString()).join();
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void showsAgentsTimelinesAndParkedEventsAndReplaysOne() throws Exception {
        String anna = agent("page-anna");
        String boris = agent("page-boris");
        String ghost = agent("page-ghost");
        String unmappedPause = "coffee-" + boris;
        ZoneId zone = properties.daktela().timeZone();

        // a working day so far, in the Daktela time zone, today and in the past
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime start = now.minusHours(3).isBefore(now.toLocalDate().atStartOfDay(zone))
                ? now.toLocalDate().atStartOfDay(zone) : now.minusHours(3);
        Duration step = Duration.between(start, now).dividedBy(6);
        send(anna, "1", "login", null, start);
        send(anna, "2", "ready", null, start.plus(step));
        send(anna, "3", "unready", "lunch", start.plus(step.multipliedBy(2)));
        send(anna, "4", "ready", null, start.plus(step.multipliedBy(3)));
        send(boris, "1", "login", null, start.plus(step.dividedBy(2)));
        send(boris, "2", "ready", null, start.plus(step.multipliedBy(3).dividedBy(2)));
        send(boris, "3", "unready", "lunch", start.plus(step.multipliedBy(5).dividedBy(2)));
        send(boris, "4", "ready", null, start.plus(step.multipliedBy(7).dividedBy(2)));
        send(boris, "5", "unready", unmappedPause, start.plus(step.multipliedBy(4)));
        // an employee AristoTelos does not know (yet): its event is parked with AristoTelos's 404
        simulator.addUnknownEmployees(List.of(ghost));
        // with an id no path's segment can hold (a slash, a percent sign): the page replays it all the same
        send(ghost, "1/50% off", "login", null, start.plus(step.multipliedBy(5)));

        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.receivedFor(anna).size() == 4
                && simulator.receivedFor(boris).size() == 4
                && parkedFor(boris).size() == 1 && parkedFor(ghost).size() == 1);
        simulator.forgetUnknownEmployees(List.of(ghost));

        openStatusPage();

        // one row per agent, with the states as translated and delivered
        await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(cell(anna, "aristotelos")).isEqualTo("Ready");
            assertThat(cell(boris, "daktela")).isEqualTo("unready (" + unmappedPause + ")");
            assertThat(cell(boris, "outcome")).startsWith("parked: ");
            assertThat(browser.findElements(By.cssSelector("tr.agent[data-user='" + ghost + "']"))).hasSize(1);
        });
        // today's timeline: one segment per state AristoTelos received, in order, Czech names intact
        // (the page rebuilds its tables on each refresh, so every look at the page is retried)
        for (String user : List.of(anna, boris)) {
            await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> assertThat(segmentStates(user))
                    .as("timeline of %s", user)
                    .hasSize(simulator.receivedFor(user).size())
                    .containsExactly("Login", "Ready", "Oběd", "Ready"));
        }
        await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(segmentStates(ghost)).isEmpty();
            WebElement lunch = browser.findElements(By.cssSelector("tr.agent[data-user='" + anna + "'] .segment")).get(2);
            assertThat(lunch.getText()).isEqualTo("Oběd");
            assertThat(lunch.getDomAttribute("title")).startsWith("Oběd (lunch)\n");
            assertThat(browser.findElement(By.id("breaker")).getText()).isEqualTo("CLOSED");
            assertThat(browser.findElement(By.id("error")).getText()).as("errors shown on the page").isEmpty();
            assertThat(browser.findElement(By.id("refreshed")).getText()).matches("\\d\\d:\\d\\d:\\d\\d");
        });

        // the parked events: the unmapped pause and the unknown employee's 404
        String ghostEvent = ghost + "-1/50% off";
        String borisEvent = boris + "-5";
        await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(parkedCell(borisEvent, "reason")).isEqualTo("no external state for Daktela pause " + unmappedPause);
            assertThat(parkedCell(ghostEvent, "user")).isEqualTo(ghost);
            assertThat(parkedCell(ghostEvent, "answer")).startsWith("HTTP 404");
        });
        chromium.screenshot("status-page-parked.png");

        // AristoTelos knows the employee now: the operator replays that one event from the page
        // (a button gone stale before the click is looked up again; a click that happened is not repeated)
        await().atMost(PAGE_WAIT).ignoreExceptions().until(() -> {
            browser.findElement(By.cssSelector("tr.parked[data-id='" + ghostEvent + "'] button.replay")).click();
            return true;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.receivedFor(ghost).size() == 1);
        assertThat(simulator.receivedFor(ghost).get(0).stateCode()).isEqualTo("Login");
        await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElements(By.cssSelector("tr.parked[data-id='" + ghostEvent + "']"))).isEmpty();
            assertThat(segmentStates(ghost)).containsExactly("Login");
            assertThat(cell(ghost, "outcome")).startsWith("delivered");
        });
        await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElements(By.cssSelector("tr.parked[data-id='" + borisEvent + "']"))).hasSize(1);
            assertThat(browser.findElement(By.id("replay-error")).getText()).isEmpty();
            assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
        });
        chromium.screenshot("status-page.png");
    }

    /** An edit of mappings.yaml that the bridge refused is on the page until it is fixed, as on readiness. */
    @Test
    void aRefusedMappingsEditIsShownUntilTheFileIsFixed() throws Exception {
        Path file = properties.mappingsFile();
        String good = Files.readString(file);
        try {
            replace(file, good.replaceAll("(?m)^  - \\{name: Login,.*\\n", ""));
            openStatusPage();
            await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> assertThat(browser.findElement(By.id("problem")).getText())
                    .contains("mappings.yaml: the edit is refused: ")
                    .contains("no row with code Login")
                    .contains("(the last good mappings stay in force; the bridge does not start with this file: fix it before a restart)"));
        } finally {
            replace(file, good);
        }
        await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> assertThat(browser.findElement(By.id("problem")).getText())
                .doesNotContain("mappings.yaml"));
    }

    /** Events in the dead-letter queue are on the page, as on readiness (they were only there). */
    @Test
    void eventsInTheDeadLetterQueueAreShown() throws Exception {
        jms.convertAndSend("bridge.dead", "{\"id\":\"dead-1\"}");
        try {
            openStatusPage();
            await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> assertThat(browser.findElement(By.id("problem")).getText())
                    .contains("Dead letters: 1 event in the dead-letter queue bridge.dead"));
        } finally {
            takeDeadLetters();
        }
        await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> assertThat(browser.findElement(By.id("problem")).getText())
                .doesNotContain("Dead letters"));
    }

    /**
     * The management password changes while the page is open (a wall display): its cached login is refused, and the page
     * stops asking. It asked again every 2.5 s, so after 12.5 s ten wrong logins in a row paused the logins of everyone at
     * its address, for as long as it stayed open (a review of the management port).
     */
    @Test
    void aPageWhoseLoginIsRefusedStopsAskingAndSaysSo() throws Exception {
        InMemoryUserDetailsManager logins = (InMemoryUserDetailsManager) operators;
        UserDetails admin = logins.loadUserByUsername("admin");
        // the wrong logins as the bridge counts them (the tests run without the pause: bridge.management.failed-login-pause)
        AtomicInteger wrong = new AtomicInteger();
        ApplicationListener<AbstractAuthenticationFailureEvent> counting = failure -> wrong.incrementAndGet();
        context.addApplicationListener(counting);
        openStatusPage();
        await().atMost(PAGE_WAIT).ignoreExceptions().until(() -> !browser.findElement(By.id("refreshed")).getText().isBlank());
        try {
            logins.updatePassword(admin, passwordEncoder.encode("rotated"));
            await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() -> assertThat(browser.findElement(By.id("error")).getText())
                    .contains("HTTP 401").contains("Refreshing stopped: reload the page and log in again."));
            assertThat(wrong.get()).as("the page's requests refused: a board and a parked list").isBetween(1, 2);
            // six of its refresh periods: not one more wrong login
            await("no wrong login after the page stopped").during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20))
                    .until(() -> wrong.get() <= 2);
        } finally {
            logins.updatePassword(admin, passwordEncoder.encode("admin"));
            context.getBean(ApplicationEventMulticaster.class).removeApplicationListener(counting);
        }
    }

    /**
     * A time from the other side of a change to or from summer time is shown as Daktela's zone had it: the page showed
     * every time at the zone's offset now, an hour off (a read-only review of the management port).
     */
    @Test
    void aTimeFromTheOtherSideOfASummerTimeChangeIsShownAsDaktelaWroteIt() throws Exception {
        ZoneId zone = properties.daktela().timeZone();
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime then = now;
        for (int months = 1; months <= 12 && then.getOffset().equals(now.getOffset()); months++) {
            then = now.minusMonths(months).withHour(10).withMinute(15).withSecond(2).withNano(0);
        }
        assumeThat(then.getOffset()).as("the Daktela zone %s changes its offset within a year", zone).isNotEqualTo(now.getOffset());
        String summer = agent("page-other-offset");
        ZonedDateTime loggedIn = then;
        send(summer, "1", "login", null, loggedIn);
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.receivedFor(summer).size() == 1);

        openStatusPage();
        await().atMost(PAGE_WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(cell(summer, "since")).isEqualTo(DAKTELA_TIME.format(loggedIn)));
    }

    private void send(String user, String n, String event, String pause, ZonedDateTime time) {
        sendAccepted(callbackJson(user + "-" + n, event, user, pause, "\"" + DAKTELA_TIME.format(time) + "\""));
    }

    /**
     * Headless Chromium from Debian's packages. The page sits behind basic auth: the browser is
     * sent to it with the credentials in the URL once; Chromium keeps them for the realm and
     * sends them with the page's own requests to /actuator/board and /actuator/parked.
     */
    private void openStatusPage() throws IOException {
        chromium = HeadlessChromium.open();
        browser = chromium.driver();
        browser.get("http://admin:admin@127.0.0.1:" + managementPort + "/actuator/status");
    }

    private String cell(String user, String column) {
        return browser.findElement(By.cssSelector("tr.agent[data-user='" + user + "'] td." + column)).getText().split("\n")[0];
    }

    private String parkedCell(String id, String column) {
        return browser.findElement(By.cssSelector("tr.parked[data-id='" + id + "'] td." + column)).getText();
    }

    private List<String> segmentStates(String user) {
        List<String> states = new ArrayList<>();
        for (WebElement segment : browser.findElements(By.cssSelector("tr.agent[data-user='" + user + "'] .segment"))) {
            states.add(segment.getDomAttribute("data-state"));
        }
        return states;
    }
}
