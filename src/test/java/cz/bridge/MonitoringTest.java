package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.LoggerContext;
import cz.bridge.simulator.AristotelosSimulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What an operator sees without reading logs: health, metrics, authentication, and logs without secrets. */
@ExtendWith(OutputCaptureExtension.class)
class MonitoringTest extends BridgeIntegrationTest {

    /** resilience4j's gauge of the breaker's state: 1 for the state it is in, 0 for the others. */
    static final String BREAKER_STATE =
            "resilience4j_circuitbreaker_state{application=\"daktela-aristotelos-bridge\",name=\"aristotelos-breaker\",";

    private String prometheus() {
        var response = management("GET", "/actuator/prometheus", null, true);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of one Prometheus sample line (name with its labels, exactly as scraped), or 0 when absent. */
    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The status page shows times at the Daktela zone's offset now, which the board gives (not an agent's last event's). */
    @Test
    void theBoardGivesTheDaktelaZonesOffsetNow() throws Exception {
        var board = new com.fasterxml.jackson.databind.ObjectMapper().readTree(management("GET", "/actuator/board", null, true).body());
        assertThat(board.path("zoneOffsetMinutes").asInt(-1)).isEqualTo(
                java.time.ZoneId.of("Europe/Prague").getRules().getOffset(java.time.Instant.now()).getTotalSeconds() / 60);
    }

    /** An alert on 503s sees an intake whose route is stopped (a reload that failed, a stop from the console). */
    @Test
    void aCallbackAnswered503WhileTheCallbackRouteIsStoppedIsCounted() throws Exception {
        String series = "bridge_callbacks_total{application=\"daktela-aristotelos-bridge\",status=\"503\"}";
        double before = sample(prometheus(), series);
        camel.getRouteController().stopRoute("daktela-callback");
        try {
            var answer = postJson("{\"event\":\"login\",\"user\":\"" + agent("metrics-stopped") + "\"}");
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        } finally {
            camel.getRouteController().startRoute("daktela-callback");
        }
        assertThat(sample(prometheus(), series) - before).isEqualTo(1);
    }

    @Test
    void managementSideNeedsCredentialsButProbesDoNot() {
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/parked", "/actuator/camel")) {
            assertThat(management("GET", path, null, false).statusCode()).as(path).isEqualTo(401);
        }
        var wrong = management("GET", "/actuator/prometheus", null, "admin:wrong-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        var liveness = management("GET", "/actuator/health/liveness", null, false);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
        var readiness = management("GET", "/actuator/health/readiness", null, false);
        assertThat(readiness.body()).doesNotContain("circuitBreaker");
        var detailed = management("GET", "/actuator/health/readiness", null, true);
        assertThat(detailed.body()).contains("\"jms\"").contains("\"aristotelos\"").contains("\"mappings\"").contains("circuitBreaker");
    }

    @Test
    void callbackPortServesNothingButTheCallback() {
        var actuator = http.sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).join();
        assertThat(actuator.statusCode()).isEqualTo(404);
    }

    @Test
    void camelConsoleShowsRoutesAndTheBreaker() {
        var routes = management("GET", "/actuator/camel/route", null, true);
        assertThat(routes.statusCode()).as(routes.body()).isEqualTo(200);
        assertThat(routes.body()).contains("deliver-agent-state").contains("daktela-callback");
        var breaker = management("GET", "/actuator/camel/resilience4j", null, true);
        assertThat(breaker.statusCode()).as(breaker.body()).isEqualTo(200);
        assertThat(breaker.body()).contains("aristotelos-breaker");
    }

    @Test
    void everyMetricFamilyIsThereAndMoves() {
        String user = agent("metrics");
        String ghost = agent("metrics-ghost");
        String pause = "pause-" + user;
        simulator.addUnknownEmployees(List.of(ghost));
        String before = prometheus();
        // the bridge's token is refused from now on, as after a restart of AristoTelos: a new one is fetched
        simulator.revokeTokens();

        sendAccepted("{\"event\":\"login\",\"user\":\"" + user + "\"}");
        sendAccepted("{\"event\":\"unready\",\"user\":\"" + user + "\",\"pause\":\"lunch\"}");
        sendAccepted("{\"event\":\"unready\",\"user\":\"" + user + "\",\"pause\":\"" + pause + "\"}");
        sendAccepted("{\"event\":\"login\",\"user\":\"" + ghost + "\"}");
        assertThat(postJson("{\"event\":\"login\"}").statusCode()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 2 && parkedFor(ghost).size() == 1
                && parkedFor(user).size() == 1);

        String after = prometheus();
        assertThat(sample(after, "bridge_callbacks_total{application=\"daktela-aristotelos-bridge\",status=\"202\"}")
                - sample(before, "bridge_callbacks_total{application=\"daktela-aristotelos-bridge\",status=\"202\"}")).isEqualTo(4);
        assertThat(sample(after, "bridge_callbacks_total{application=\"daktela-aristotelos-bridge\",status=\"400\"}")
                - sample(before, "bridge_callbacks_total{application=\"daktela-aristotelos-bridge\",status=\"400\"}")).isEqualTo(1);
        assertThat(sample(after, "bridge_events_accepted_total{application=\"daktela-aristotelos-bridge\",kind=\"unready\"}")
                - sample(before, "bridge_events_accepted_total{application=\"daktela-aristotelos-bridge\",kind=\"unready\"}")).isEqualTo(2);
        assertThat(sample(after, "bridge_events_delivered_total{application=\"daktela-aristotelos-bridge\",kind=\"unready\",state=\"Oběd\"}")
                - sample(before, "bridge_events_delivered_total{application=\"daktela-aristotelos-bridge\",kind=\"unready\",state=\"Oběd\"}")).isEqualTo(1);
        assertThat(sample(after, "bridge_deliveries_total{application=\"daktela-aristotelos-bridge\",outcome=\"parked\",reason=\"unmapped-pause\"}")
                - sample(before, "bridge_deliveries_total{application=\"daktela-aristotelos-bridge\",outcome=\"parked\",reason=\"unmapped-pause\"}")).isEqualTo(1);
        assertThat(sample(after, "bridge_deliveries_total{application=\"daktela-aristotelos-bridge\",outcome=\"parked\",reason=\"unknown-employee\"}")
                - sample(before, "bridge_deliveries_total{application=\"daktela-aristotelos-bridge\",outcome=\"parked\",reason=\"unknown-employee\"}")).isEqualTo(1);
        assertThat(sample(after, "bridge_unmapped_pauses_total{application=\"daktela-aristotelos-bridge\"}")
                - sample(before, "bridge_unmapped_pauses_total{application=\"daktela-aristotelos-bridge\"}")).isEqualTo(1);
        assertThat(sample(after, "bridge_unknown_employees_total{application=\"daktela-aristotelos-bridge\"}")
                - sample(before, "bridge_unknown_employees_total{application=\"daktela-aristotelos-bridge\"}")).isEqualTo(1);
        assertThat(sample(after, "bridge_end_to_end_delay_seconds_count{application=\"daktela-aristotelos-bridge\"}"))
                .isGreaterThan(sample(before, "bridge_end_to_end_delay_seconds_count{application=\"daktela-aristotelos-bridge\"}"));
        assertThat(sample(after, "bridge_delivery_latency_seconds_count{application=\"daktela-aristotelos-bridge\"}"))
                .isGreaterThan(sample(before, "bridge_delivery_latency_seconds_count{application=\"daktela-aristotelos-bridge\"}"));
        assertThat(after).contains("bridge_delivery_latency_seconds_bucket{");
        assertThat(after).contains("bridge_token_fetches_total{");
        // what it counts: each request, a failed one too (it said "Access tokens fetched")
        assertThat(after).contains("# HELP bridge_token_fetches_total Requests for an access token to AristoTelos's token endpoint, "
                + "answered with a token or not");
        assertThat(sample(after, "bridge_token_fetches_total{application=\"daktela-aristotelos-bridge\"}"))
                .isGreaterThan(sample(before, "bridge_token_fetches_total{application=\"daktela-aristotelos-bridge\"}"));
        // the two this test parked: the queue is the shared context's, which other tests left parked events in
        assertThat(sample(after, "bridge_queue_depth{application=\"daktela-aristotelos-bridge\",queue=\"parked\"}")
                - sample(before, "bridge_queue_depth{application=\"daktela-aristotelos-bridge\",queue=\"parked\"}")).isEqualTo(2);
        assertThat(after).contains("bridge_queue_depth{application=\"daktela-aristotelos-bridge\",queue=\"waiting\"}");
        assertThat(after).contains("bridge_queue_oldest_age_seconds{");
        assertThat(after).contains("resilience4j_circuitbreaker_state{");
    }

    private static String padded(String start, char pad, int length) {
        return start + String.valueOf(pad).repeat(length - start.length());
    }

    @Test
    void namesFromOutsideNeverBecomeMetricLabels() throws Exception {
        // names as long as the intake takes (user 128, pause 255 characters), each with a unique start:
        // as a label value each would be a new series of its own
        String ghost = padded(agent("label-ghost") + "-", 'g', 128);
        String user = agent("label-user");
        String pause = padded(agent("label-pause") + "-", 'p', 255);
        String path = agent("label-path") + "-" + "q".repeat(1024);
        simulator.addUnknownEmployees(List.of(ghost));
        String before = prometheus();

        sendAccepted("{\"event\":\"login\",\"user\":\"" + ghost + "\"}");
        sendAccepted("{\"event\":\"unready\",\"user\":\"" + user + "\",\"pause\":\"" + pause + "\"}");
        // and what else a caller of the public port chooses: a path and a method
        assertThat(post(URI.create("http://127.0.0.1:" + port + "/daktela/" + path), "application/json", "{}", SECRET)
                .statusCode()).isEqualTo(404);
        String method = agent("LABELMETHOD").replace("-", "") + "M".repeat(200);
        var oddMethod = http.send(HttpRequest.newBuilder(callbackUri(null)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("X-Webhook-Secret", SECRET).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(oddMethod.statusCode()).isGreaterThanOrEqualTo(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedFor(ghost).size() == 1 && parkedFor(user).size() == 1);

        String after = prometheus();
        for (String name : List.of(ghost, pause, path, method)) {
            assertThat(after).as("the scrape names %s", name.substring(0, 30)).doesNotContain(name.substring(0, 30));
        }
        assertThat(after).doesNotContain("g".repeat(100)).doesNotContain("p".repeat(100)).doesNotContain("q".repeat(100))
                .doesNotContain("M".repeat(100));
        Matcher longLabel = Pattern.compile("=\"([^\"]{200,})\"").matcher(after);
        assertThat(longLabel.find() ? longLabel.group() : null).as("a label value of 200 characters or more").isNull();
        assertThat(sample(after, "bridge_unmapped_pauses_total{application=\"daktela-aristotelos-bridge\"}")
                - sample(before, "bridge_unmapped_pauses_total{application=\"daktela-aristotelos-bridge\"}")).isGreaterThanOrEqualTo(1);
        assertThat(sample(after, "bridge_unknown_employees_total{application=\"daktela-aristotelos-bridge\"}")
                - sample(before, "bridge_unknown_employees_total{application=\"daktela-aristotelos-bridge\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void waitingEventsShowInQueueDepthAndAge() throws Exception {
        String user = agent("queued");
        simulator.stop();
        try {
            sendAccepted("{\"event\":\"login\",\"user\":\"" + user + "\"}");
            // the event waits: the scrape shows it, and its age grows past 2 s
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                String scrape = prometheus();
                assertThat(sample(scrape, "bridge_queue_depth{application=\"daktela-aristotelos-bridge\",queue=\"waiting\"}")).isGreaterThanOrEqualTo(1);
                assertThat(sample(scrape, "bridge_queue_oldest_age_seconds{application=\"daktela-aristotelos-bridge\"}")).isGreaterThanOrEqualTo(2);
            });
        } finally {
            simulator.start();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> simulator.receivedFor(user).size() == 1);
    }

    @Test
    void openBreakerMakesReadinessDegradedUntilAristotelosRecovers(CapturedOutput output) {
        simulator.failNext(-1, new Fault(503, null));
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String user = agent("breaker" + i);
            users.add(user);
            sendAccepted("{\"event\":\"login\",\"user\":\"" + user + "\"}");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> management("GET", "/actuator/health/readiness", null, true).body()
                .contains("circuit breaker is open"));
        var degraded = management("GET", "/actuator/health/readiness", null, true);
        assertThat(degraded.statusCode()).as("degraded still takes callbacks").isEqualTo(200);
        assertThat(degraded.body()).contains("\"status\":\"DEGRADED\"");
        assertThat(sample(prometheus(), BREAKER_STATE + "state=\"open\"}")).isEqualTo(1);
        // the refused tries are DEBUG: the log says the outage began, and below that it ended
        assertThat(output.getOut()).contains("WARN").contains("Circuit breaker aristotelos-breaker opened: most of AristoTelos's "
                + "last answers were failures");

        simulator.clearFaults();
        await().atMost(Duration.ofSeconds(40)).until(() -> management("GET", "/actuator/health/readiness", null, true).body()
                .contains("\"circuitBreaker\":\"CLOSED\""));
        assertThat(management("GET", "/actuator/health/readiness", null, true).body()).doesNotContain("circuit breaker is open");
        await().atMost(Duration.ofSeconds(30)).until(() -> users.stream().allMatch(u -> simulator.receivedFor(u).size() == 1));
        assertThat(sample(prometheus(), BREAKER_STATE + "state=\"closed\"}")).isEqualTo(1);
        assertThat(sample(prometheus(), BREAKER_STATE + "state=\"open\"}")).isZero();
        assertThat(output.getOut()).contains("Circuit breaker aristotelos-breaker closed: AristoTelos takes states again");
    }

    @Test
    void wrongClientCredentialsAreANamedHealthProblem() {
        // the simulator is told to forget its tokens and refuse the token request: as with a revoked secret
        simulator.revokeTokens();
        simulator.failTokenRequests(true);
        try {
            String user = agent("creds");
            sendAccepted("{\"event\":\"login\",\"user\":\"" + user + "\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> management("GET", "/actuator/health/readiness", null, true).body()
                    .contains("refused the client credentials"));
            assertThat(management("GET", "/actuator/health/readiness", null, true).body()).contains("ARISTOTELOS_CLIENT_SECRET");
            simulator.failTokenRequests(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> simulator.receivedFor(user).size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !management("GET", "/actuator/health/readiness", null, true).body()
                    .contains("refused the client credentials"));
        } finally {
            simulator.failTokenRequests(false);
        }
    }

    @Test
    void forbiddenIsANamedHealthProblem() {
        String user = agent("forbidden");
        simulator.failNext(1, new Fault(403, null));
        sendAccepted("{\"event\":\"login\",\"user\":\"" + user + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedFor(user).size() == 1);
        String health = management("GET", "/actuator/health/readiness", null, true).body();
        // in the words of the parking reason (aristotelos.camel.yaml), the one place that says what a 403 means
        assertThat(health).contains("DEGRADED").contains("AristoTelos answered 403 at ").contains(": the AristoTelos client "
                + "application lacks the right API_UpdateAgentStatus (API_UpdateAgentStates in Daktela's documentation) on unit Global.");
    }

    /**
     * Daktela's local times read in the wrong zone (DAKTELA_TIME_ZONE) or a clock an hour off: the event is taken
     * (nothing is lost), but AristoTelos would show it an hour late and reconciliation would not repair the agent
     * until then, so the accepted line is a warning that says what to check.
     */
    @Test
    void aCallbackTimedAnHourAheadIsAcceptedWithAWarningThatNamesTheTimeZone(CapturedOutput output) {
        String ahead = agent("ahead");
        String onTime = agent("ontime");
        java.time.format.DateTimeFormatter daktela = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(properties.daktela().timeZone());
        sendAccepted("{\"event\":\"ready\",\"user\":\"" + ahead + "\",\"time\":\"" + now.plusHours(1).format(daktela) + "\"}");
        sendAccepted("{\"event\":\"ready\",\"user\":\"" + onTime + "\",\"time\":\"" + now.format(daktela) + "\"}");

        // the accepted lines: the delivery's line may come first, when it is faster than the intake's log call
        String warning = output.getAll().lines().filter(l -> l.contains("Accepted event") && l.contains("user=" + ahead))
                .findFirst().orElseThrow();
        assertThat(warning).contains(" WARN ").contains("60 min ahead of its arrival")
                .contains("DAKTELA_TIME_ZONE " + properties.daktela().timeZone().getId());
        assertThat(output.getAll().lines().filter(l -> l.contains("Accepted event") && l.contains("user=" + onTime))
                .findFirst().orElseThrow()).contains(" INFO ").doesNotContain("ahead");
    }

    /** The accepted and the delivered line write a time alike, seconds and all (the accepted one left out ":00"). */
    @Test
    void theAcceptedAndTheDeliveredLineWriteTheTimeAlike(CapturedOutput output) {
        String user = agent("fullminute");
        sendAccepted("{\"event\":\"login\",\"user\":\"" + user + "\",\"time\":\"2026-11-24 12:00:00\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("Delivered event") && output.getAll()
                .lines().anyMatch(l -> l.contains("Delivered event") && l.contains("user=" + user)));
        assertThat(output.getAll().lines().filter(l -> l.contains("user=" + user)
                && (l.contains("Accepted event") || l.contains("Delivered event"))).toList())
                .hasSize(2).allMatch(l -> l.contains(" time=2026-11-24T12:00:00+01:00"));
    }

    /**
     * A name with a space (the default table's "Krátká pauza"; a login or pause as Daktela sends it) is one
     * field of the line, in quotes, and cannot pose as further fields.
     */
    @Test
    void aValueWithASpaceIsOneQuotedFieldOfTheLine(CapturedOutput output) {
        String login = agent("spaced");
        String user = login + " event=LOGOUT";
        String other = agent("quoted");
        sendAccepted("{\"event\":\"unready\",\"user\":\"" + user + "\",\"pause\":\"11\"}");
        sendAccepted("{\"event\":\"unready\",\"user\":\"" + other + "\",\"pause\":\"no such \\\"pause\\\"\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().lines()
                .anyMatch(l -> l.contains("Delivered event") && l.contains(login)));
        List<String> lines = output.getAll().lines().filter(l -> l.contains(login) || l.contains(other)).toList();
        assertThat(lines).anyMatch(l -> l.contains("Accepted event") && l.contains(" user=\"" + user + "\" event=UNREADY pause=11 "));
        assertThat(lines).anyMatch(l -> l.contains("Delivered event")
                && l.contains(" user=\"" + user + "\" state=\"Krátká pauza\" code=NotReady reasonId=4 "));
        assertThat(lines).anyMatch(l -> l.contains("Accepted event")
                && l.contains(" user=" + other + " event=UNREADY pause=\"no such \\\"pause\\\"\" "));
        assertThat(lines).noneMatch(l -> l.contains("user=" + login + " "));
    }

    /** A failed try is one warning that names the agent, the try and AristoTelos's answer (Camel's named a JMS message id). */
    @Test
    void aRetryIsOneWarningNamingTheAgentTheTryAndTheAnswer(CapturedOutput output) {
        String user = agent("retrylog");
        simulator.failNext(1, new Fault(503, null));
        sendAccepted("{\"event\":\"login\",\"user\":\"" + user + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 1);
        assertThat(output.getAll().lines().filter(l -> l.contains("Delivery for user=" + user + " failed (try 1), retrying: "
                + "AristoTelos answered HTTP 503")).toList()).hasSize(1).allMatch(l -> l.contains(" WARN "));
        assertThat(output.getAll()).doesNotContain("Failed delivery for (MessageId");
    }

    /**
     * Daktela resends a callback: the bridge says so in one line of its own, and the broker's refusal
     * of the duplicate id (AMQ222059, a WARN with the whole message) is not logged on top of it.
     */
    @Test
    void aResentCallbackIsOneInfoLineAndNoBrokerWarning(CapturedOutput output) {
        String user = agent("resent");
        String event = "{\"id\":\"" + user + "-1\",\"event\":\"ready\",\"user\":\"" + user + "\"}";
        sendAccepted(event);
        assertThat(postJson(event).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 1);
        List<String> lines = output.getAll().lines().filter(l -> l.contains(user)).toList();
        assertThat(lines).filteredOn(l -> l.contains("Duplicate event " + user + "-1 answered 200")).hasSize(1)
                .allMatch(l -> l.contains(" INFO "));
        assertThat(lines).noneMatch(l -> l.contains(" WARN ")).noneMatch(l -> l.contains("AMQ222059"));
        // kept out by the console appender's filter: with a turbo filter (it, or Micrometer's count of log lines) Logback
        // would run the chain at every isTraceEnabled() of every library as well
        assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList()).isEmpty();
    }

    @Test
    void secretsAndTokensNeverReachTheLog(CapturedOutput output) {
        simulator.revokeTokens(); // forces a token request with the client secret during this test
        String user = agent("secretlog");
        sendAccepted("{\"event\":\"login\",\"user\":\"" + user + "\"}");
        assertThat(post(callbackUri("secret=" + SECRET), "application/json", "{\"event\":\"ready\",\"user\":\"" + user + "\"}", null)
                .statusCode()).isEqualTo(202);
        assertThat(post(callbackUri(null), "application/json", "{\"event\":\"ready\",\"user\":\"" + user + "\"}", "wrong-secret-123")
                .statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 2);
        Set<String> tokens = simulator.issuedTokens();
        assertThat(tokens).isNotEmpty();
        String log = output.getAll();
        assertThat(log).contains("Accepted event").contains(user);
        assertThat(log).doesNotContain(SECRET).doesNotContain("wrong-secret-123")
                .doesNotContain(properties.aristotelos().clientSecret()).doesNotContain("Bearer ");
        for (String token : tokens) {
            assertThat(log).doesNotContain(token);
        }
    }

    /**
     * An AristoTelos (or a gateway before it) that answers a refusal with the request's headers, as a debug page does:
     * the access token went into the parked event, its WARN line, the status page and /actuator/parked. Found by a
     * read-only review of the delivery side.
     */
    @Test
    void aRefusalThatEchoesTheTokenDoesNotCarryItFurther(CapturedOutput output) {
        String user = agent("echo");
        simulator.echoHeadersInRefusalsFor(List.of(user));
        sendAccepted("{\"event\":\"login\",\"user\":\"" + user + "\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> parkedFor(user).size() == 1);
        String answer = (String) parkedFor(user).get(0).get("bridgeAristotelosAnswer");
        assertThat(answer).startsWith("HTTP 422").contains("Authorization: Bearer ***");
        String listed = management("GET", "/actuator/parked?user=" + user, null, true).body();
        assertThat(listed).contains("Bearer ***");
        String log = output.getAll();
        assertThat(log).contains("Bearer ***");
        Set<String> tokens = simulator.issuedTokens();
        assertThat(tokens).isNotEmpty();
        for (String token : tokens) {
            assertThat(answer).doesNotContain(token);
            assertThat(listed).doesNotContain(token);
            assertThat(log).doesNotContain(token);
        }
    }
}
