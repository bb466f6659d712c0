package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import cz.bridge.config.BridgeProperties;
import cz.bridge.config.FieldFunction;
import cz.bridge.mapping.OutboundState;
import cz.bridge.simulator.AristotelosSimulator;
import cz.bridge.simulator.AristotelosSimulator.Fault;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What AristoTelos's answers mean, as routes/aristotelos.camel.yaml declares it, without Spring: the
 * route file in a plain Camel context, with the access token provider bound as Spring binds it, against
 * the built-in simulator on a free loopback port.
 */
class AristotelosAnswersRouteTest {

    private static AristotelosSimulator simulator;
    private static AccessTokenProvider tokens;
    private static CamelContext camel;
    private static ProducerTemplate producer;
    /** When "AristoTelos took another state", for LoneRefusals: null (never) but in the test that sets it. */
    private static final AtomicReference<Instant> othersDelivered = new AtomicReference<>();

    @BeforeAll
    static void routeFileInPlainCamel() throws Exception {
        simulator = new AristotelosSimulator(0, "bridge", "secret", Duration.ofHours(1), List.of("*"), Clock.systemUTC());
        simulator.logStates(false);
        simulator.start();
        BridgeProperties.Aristotelos config = new BridgeProperties.Aristotelos(simulator.baseUrl(), "", "bridge", "secret",
                false, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30));
        tokens = new AccessTokenProvider(config, HttpClient.newHttpClient(), new ObjectMapper(), Clock.systemUTC());

        camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("bridge.aristotelos.url", simulator.baseUrl());
        properties.setProperty("bridge.delivery.concurrency", "20");
        camel.getPropertiesComponent().setInitialProperties(properties);
        camel.getRegistry().bind("accessTokenProvider", tokens);
        camel.getRegistry().bind("fieldFunction", new FieldFunction()); // ${field(...)} in the route file
        camel.getRegistry().bind("retryAfter", new RetryAfter(Clock.systemUTC(), Duration.ofMinutes(1)));
        // outside a delivery (no listener's session on the thread) the check lets every call through
        camel.getRegistry().bind("consumerSession", new ConsumerSession(org.mockito.Mockito.mock(jakarta.jms.ConnectionFactory.class)));
        // given up at the first 5xx, as long as AristoTelos took another state within the last minute
        camel.getRegistry().bind("loneRefusals", new LoneRefusals(othersDelivered::get, user -> null, user -> null, Clock.systemUTC(),
                Duration.ZERO, Duration.ZERO, true, Duration.ofMinutes(1)));
        HttpComponent http = new HttpComponent();
        http.setAutomaticRetriesDisabled(true); // as camel.component.http.automatic-retries-disabled in application.yml
        camel.addComponent("http", http);
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/aristotelos.camel.yaml"));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        simulator.stop();
    }

    /** Each test starts with AristoTelos up and answering, and the breaker closed with no calls counted. */
    @BeforeEach
    @AfterEach
    void healthySimulatorAndClosedBreaker() throws Exception {
        othersDelivered.set(null);
        simulator.clearFaults();
        simulator.start();
        breaker().getCircuitBreaker().reset();
    }

    /** A 5xx while AristoTelos takes other states, past give-up-after: refused for good, with the answer, not retried. */
    @Test
    void aServerErrorAloneIsARefusalForGoodOnceGivenUp() {
        othersDelivered.set(Instant.now());
        simulator.failNext(1, new Fault(500, null));
        Exchange done = deliver(agent());
        assertThat(done.getException()).isInstanceOf(AristotelosRejected.class).hasMessage("AristoTelos answered HTTP 500 "
                + "to this state for 0s while other states were taken or waited behind it: parked so that the agent's later states go on; replay it once "
                + "AristoTelos takes it");
        assertThat(done.getVariable("refusal", HttpOperationFailedException.class).getStatusCode()).isEqualTo(500);
        // while AristoTelos takes nothing (an outage), the same answer is AristoTelos unavailable: retried
        othersDelivered.set(null);
        simulator.failNext(1, new Fault(500, null));
        Exchange retried = deliver(agent());
        assertThat(cause(retried, AristotelosRejected.class)).isNull();
        assertThat(cause(retried, HttpOperationFailedException.class).getStatusCode()).isEqualTo(500);
    }

    private static ResilienceProcessor breaker() {
        return camel.getProcessor("aristotelos-breaker", ResilienceProcessor.class);
    }

    /** Sends one translated state through the route; the exchange tells how it ended. */
    private static Exchange deliver(String user) {
        OutboundState state = new OutboundState(user, "Login", 1, "Login", 0, null,
                OffsetDateTime.parse("2026-11-24T10:15:02+01:00"), "e-" + user, null);
        return producer.send("direct:send-to-aristotelos", exchange -> exchange.setVariable("state", state));
    }

    private static String agent() {
        return "route-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The exception of the given type in the exchange's exception or its causes, or null. */
    private static <T extends Throwable> T cause(Exchange exchange, Class<T> type) {
        for (Throwable t = exchange.getException(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @Test
    void okIsDelivered() {
        String user = agent();
        Exchange done = deliver(user);
        assertThat(done.getException()).isNull();
        assertThat(simulator.receivedFor(user)).singleElement().satisfies(got -> {
            assertThat(got.stateCode()).isEqualTo("Login");
            assertThat(got.idempotencyKey()).isEqualTo("e-" + user);
            assertThat(got.timestamp()).isEqualTo("2026-11-24T10:15:02+01:00");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "404 | AristoTelos has no employee with external id 2 '",
            "403 | the AristoTelos client application lacks the right API_UpdateAgentStatus",
            "409 | AristoTelos reports a conflict for this state",
            "400 | AristoTelos refused the request (HTTP 400)",
            "422 | AristoTelos refused the request (HTTP 422)"})
    void refusalForGoodFailsWithWhy(int status, String why) {
        simulator.failNext(1, new Fault(status, null));
        long before = simulator.updateRequests();
        Exchange done = deliver(agent());
        assertThat(done.getException()).isInstanceOf(AristotelosRejected.class).hasMessageStartingWith(why);
        assertThat(simulator.updateRequests() - before).as("asked once").isEqualTo(1);
    }

    @Test
    void refusalsForGoodDoNotCountAgainstTheBreakerOtherFailuresDo() {
        ResilienceProcessor breaker = breaker();
        simulator.failNext(12, new Fault(404, null));
        for (int i = 0; i < 12; i++) {
            assertThat(deliver(agent()).getException()).isInstanceOf(AristotelosRejected.class);
        }
        assertThat(breaker.getNumberOfFailedCalls()).as("AristoTelos answered").isZero();
        assertThat(breaker.getCircuitBreakerState()).isEqualTo("CLOSED");

        simulator.failNext(-1, new Fault(503, null));
        for (int i = 0; i < 12; i++) {
            deliver(agent());
        }
        assertThat(breaker.getCircuitBreakerState()).isEqualTo("OPEN");
        long before = simulator.updateRequests();
        Exchange notSent = deliver(agent());
        assertThat(cause(notSent, CallNotPermittedException.class)).as(String.valueOf(notSent.getException())).isNotNull();
        assertThat(simulator.updateRequests()).as("not asked while the breaker is open").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429, 408})
    void otherAnswersAreAristotelosUnavailableToBeRetried(int status) {
        simulator.failNext(1, new Fault(status, status == 429 ? 1 : null));
        long before = simulator.updateRequests();
        Exchange done = deliver(agent());
        assertThat(cause(done, AristotelosRejected.class)).isNull();
        HttpOperationFailedException answer = cause(done, HttpOperationFailedException.class);
        assertThat(answer).as("the answer, for the caller's retry").isNotNull();
        assertThat(answer.getStatusCode()).isEqualTo(status);
        assertThat(simulator.updateRequests() - before).as("no retry of the HTTP client's own").isEqualTo(1);
    }

    @Test
    void staleTokenIsDroppedAndTheRequestSentOnceMoreWithANewOne() {
        String user = agent();
        deliver(agent()); // a token in use first
        long fetches = simulator.tokenFetches();
        long refused = simulator.unauthorizedAnswers();
        simulator.revokeTokens(); // AristoTelos restarted: the token in use is unknown
        Exchange done = deliver(user);
        assertThat(done.getException()).isNull();
        // the request made once before the first try (write-request), sent whole the second time
        assertThat(simulator.receivedFor(user)).singleElement().satisfies(got -> {
            assertThat(got.idempotencyKey()).isEqualTo("e-" + user);
            assertThat(got.stateCode()).isEqualTo("Login");
            assertThat(got.timestamp()).isEqualTo("2026-11-24T10:15:02+01:00");
        });
        assertThat(simulator.unauthorizedAnswers() - refused).isEqualTo(1);
        assertThat(simulator.tokenFetches() - fetches).as("a new token after the 401").isEqualTo(1);
    }

    @Test
    void secondUnauthorizedIsAristotelosUnavailable() {
        simulator.failNext(2, new Fault(401, null));
        long before = simulator.updateRequests();
        Exchange done = deliver(agent());
        assertThat(cause(done, AristotelosRejected.class)).isNull();
        assertThat(cause(done, HttpOperationFailedException.class).getStatusCode()).isEqualTo(401);
        assertThat(simulator.updateRequests() - before).isEqualTo(2);
    }

    @Test
    void noAnswerIsAristotelosUnavailable() {
        deliver(agent()); // the token is there: what fails is the request itself
        simulator.stop();
        // a connection kept from the delivery before finds the server gone without an answer
        Exchange closed = deliver(agent());
        assertThat(cause(closed, AristotelosUnavailable.class)).as(String.valueOf(closed.getException())).isNotNull()
                .extracting(Throwable::getMessage).isIn("AristoTelos closed the connection without an answer",
                        "cannot reach AristoTelos: connection refused");
        Exchange done = deliver(agent());
        assertThat(cause(done, AristotelosUnavailable.class)).as(String.valueOf(done.getException())).isNotNull()
                .hasMessage("cannot reach AristoTelos: connection refused").hasCauseInstanceOf(java.net.ConnectException.class);
    }

    /**
     * An answer that did not come within the response timeout was "cannot reach AristoTelos: Read timed out": it was
     * reached. Named with the timeout the route file gives the call (10 s: this test waits that long).
     */
    @Test
    void anAnswerThatDidNotComeInTimeIsNamedWithTheRouteFilesTimeout() {
        deliver(agent()); // the token is there: what is slow is the request itself
        simulator.latency(Duration.ofSeconds(11));
        try {
            Exchange done = deliver(agent());
            assertThat(cause(done, AristotelosUnavailable.class)).as(String.valueOf(done.getException())).isNotNull()
                    .hasMessage("no answer from AristoTelos within 10 s").hasCauseInstanceOf(java.net.SocketTimeoutException.class);
        } finally {
            simulator.latency(Duration.ZERO);
        }
    }
}
