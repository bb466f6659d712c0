package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cz.bridge.simulator.AristotelosSimulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What AristoTelos's answers lead to is declared in routes/aristotelos.camel.yaml, and the breaker counts only unavailability. */
@ExtendWith(OutputCaptureExtension.class)
class AristotelosAnswersTest extends BridgeIntegrationTest {

    private static final String REFUSED = "'400,403,404,409,422'";

    /** A login answered 409 once: true when it was delivered after all (retried), false when it was parked. */
    private boolean conflictIsRetried() {
        String probe = agent("conflict");
        simulator.failNext(1, new Fault(409, null));
        assertThat(postJson("{\"event\":\"login\",\"user\":\"" + probe + "\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(probe).size() == 1 || parkedFor(probe).size() == 1);
        return simulator.receivedFor(probe).size() == 1;
    }

    private String prometheus() {
        var response = management("GET", "/actuator/prometheus", null, true);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** resilience4j's count of the breaker's calls of one kind (successful, failed, ignored), 0 when absent. */
    private double breakerCalls(String kind) {
        Matcher m = Pattern.compile("(?m)^resilience4j_circuitbreaker_calls_seconds_count\\{application=\"daktela-aristotelos-bridge\","
                + "kind=\"" + kind + "\",name=\"aristotelos-breaker\"} ([0-9.eE+-]+)$").matcher(prometheus());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void answerTakenOutOfTheRefusedListIsRetriedInsteadWithoutCode() throws Exception {
        Path route = properties.mappingsFile().resolveSibling("routes").resolve("aristotelos.camel.yaml");
        String original = Files.readString(route);
        String retryConflicts = original.replace(REFUSED, "'400,403,404,422'");
        assertThat(retryConflicts).as("the refused answers are listed in the route file").isNotEqualTo(original);
        assertThat(conflictIsRetried()).as("409 is parked as shipped").isFalse();
        try {
            replace(route, retryConflicts);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(this::conflictIsRetried);
        } finally {
            replace(route, original);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> !conflictIsRetried());
    }

    @Test
    void refusalsForGoodDoNotCountAgainstAristotelosButUnavailabilityDoes() {
        List<String> ghosts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ghosts.add(agent("uncounted"));
        }
        simulator.addUnknownEmployees(ghosts);
        double successful = breakerCalls("successful");
        double failed = breakerCalls("failed");
        for (String ghost : ghosts) {
            assertThat(postJson("{\"event\":\"login\",\"user\":\"" + ghost + "\"}").statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> ghosts.stream().allMatch(g -> parkedFor(g).size() == 1));
        // twelve refusals, more than the breaker's minimum number of calls: answers, not an outage
        assertThat(breakerCalls("successful") - successful).isGreaterThanOrEqualTo(12);
        assertThat(breakerCalls("failed") - failed).isZero();
        assertThat(management("GET", "/actuator/health/readiness", null, true).body()).contains("\"circuitBreaker\":\"CLOSED\"");

        String user = agent("counted");
        simulator.failNext(1, new Fault(503, null));
        assertThat(postJson("{\"event\":\"login\",\"user\":\"" + user + "\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 1);
        assertThat(breakerCalls("failed") - failed).isEqualTo(1);
    }

    /**
     * An answer naming a charset Java does not know (a proxy's page with charset=utf8mb4, a MySQL name): camel-http failed
     * turning its body into text before any rule of aristotelos.camel.yaml saw the status, so a 503 was an internal
     * error, parked after three tries, and a 404 lost its reason. The status decides, as for any other answer.
     */
    @Test
    void anAnswerWithACharsetJavaDoesNotKnowIsTakenByItsStatus() {
        String retried = agent("charset-503");
        simulator.failNext(2, new Fault(503, null, "text/html; charset=utf8mb4"));
        assertThat(postJson("{\"event\":\"login\",\"user\":\"" + retried + "\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.receivedFor(retried).size() == 1);
        assertThat(parkedFor(retried)).as("retried until delivered, not parked").isEmpty();

        String refused = agent("charset-409");
        simulator.failNext(1, new Fault(409, null, "text/plain; charset=\"no such charset\""));
        assertThat(postJson("{\"event\":\"login\",\"user\":\"" + refused + "\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> parkedFor(refused).size() == 1);
        assertThat(parkedFor(refused).get(0)).extractingByKey("bridgeAristotelosAnswer").asString()
                .startsWith("HTTP 409").contains("simulated fault");
        assertThat(simulator.receivedFor(refused)).isEmpty();
    }

    /**
     * Edits of the request that cannot be made: a body value Jackson cannot write (the state's time, for which it has
     * no module) failed each try as "cannot reach AristoTelos: Java 8 date/time type ... not supported", counted
     * against AristoTelos in the breaker, which opened; a misspelt value in a header was an internal error, parked
     * after three tries. Now each retry says that the request could not be made and where to fix it, the breaker counts
     * nothing, and the event waits, delivered once the file is fixed.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "timestamp,${field(variable.state.timestamp)} | timestamp,${field(variable.state.time)} | Java 8 date/time type",
            "simple: ${field(variable.state.idempotencyKey)} | simple: ${field(variable.state.idempotencyKe)} | "
                    + "${field(variable.state.idempotencyKe)}: OutboundState has no value 'idempotencyKe'; it has eventId, idempotencyKey, pause,",
    })
    void aRequestThatCannotBeMadeIsNoFaultOfAristotelosAndWaitsForTheFix(String shipped, String edited, String why,
            CapturedOutput output) throws Exception {
        Path route = properties.mappingsFile().resolveSibling("routes").resolve("aristotelos.camel.yaml");
        String original = Files.readString(route);
        String broken = original.replace(shipped, edited);
        assertThat(broken).as("the request's fields are listed in the route file").isNotEqualTo(original);
        String user = agent("unmade");
        try {
            replace(route, broken);
            await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("Routes reloaded summary")
                    && camel.getRouteController().getRouteStatus("send-to-aristotelos").isStarted());
            // counted from here: Camel's breaker EIP takes its breaker out of the registry when the route stops and makes
            // it anew at the start, so a reload starts the breaker's counters again from 0
            double failed = breakerCalls("failed");
            assertThat(postJson("{\"event\":\"login\",\"user\":\"" + user + "\"}").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().lines().anyMatch(l -> l.contains("Delivery for user="
                    + user + " failed (try 5), retrying: the request to AristoTelos could not be made from the state (write-request in "
                    + route + "; the events wait until it is fixed): " + why)));
            assertThat(output.getOut()).doesNotContain("cannot reach AristoTelos");
            assertThat(breakerCalls("failed") - failed).as("no call to AristoTelos failed").isZero();
            assertThat(simulator.receivedFor(user)).isEmpty();
            assertThat(parkedFor(user)).isEmpty();
        } finally {
            replace(route, original);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.receivedFor(user).size() == 1);
        assertThat(parkedFor(user)).isEmpty();
        // the breaker's counters are read from the right meter: the delivery after the fix (and its reload) is counted
        await().atMost(Duration.ofSeconds(5)).until(() -> breakerCalls("successful") >= 1);
    }
}
