package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.springframework.jms.core.JmsTemplate;

import cz.bridge.config.SharedNames;
import cz.bridge.delivery.PlainMessageFirst;
import cz.bridge.reconcile.LastStates;
import cz.bridge.simulator.AristotelosSimulator;
import cz.bridge.simulator.SimulatorConfiguration;
import org.springframework.context.annotation.Import;
import org.apache.camel.CamelContext;
import org.apache.camel.StatefulService;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

/**
 * The real application on a random port, with its embedded persistent broker and the
 * built-in AristoTelos simulator on a free loopback port. Test classes share one running
 * application (Spring caches the context), so each test uses agent names of its own.
 */
@CamelSpringBootTest
@DisableJmx(false) // JMX on, as in production: the console and route statistics need it
@AutoConfigureObservability // Prometheus export on, as in production
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.server.port=0",
                "bridge.delivery.retry-delay-ms=200",
                "bridge.delivery.max-retry-delay-ms=2000",
                // a token endpoint that refuses the credentials is asked again after 2 s, not 30 s
                "bridge.aristotelos.token-refusal-pause=2s",
                // the tests' wrong logins (each asserted 401) would lock 127.0.0.1 out for the tests after them; the
                // pause itself is tested in a context of its own (ManagementLoginLimitTest)
                "bridge.management.failed-login-pause=0",
                // the tests' agents are not in the built-in Daktela simulator: reconciliation would log
                // them out; ReconciliationTest turns it on
                "daktela.reconcile-interval=0",
                // the Java simulators below, with fault switches, instead of demo mode's route files
                "bridge.simulator.enabled=false",
                "bridge.daktela-simulator.enabled=false",
        })
@Import(SimulatorConfiguration.class)
public abstract class BridgeIntegrationTest {

    protected static final String SECRET = "change-me";

    @DynamicPropertySource
    static void bridgeProperties(DynamicPropertyRegistry registry) throws IOException {
        Path data = newDataDirectory("bridge-test-data");
        registry.add("bridge.data-dir", data::toString);
        // a copy, so that tests may edit the mappings the running bridge watches
        Path mappings = data.resolve("mappings.yaml");
        Files.copy(Path.of("mappings.yaml"), mappings);
        registry.add("bridge.mappings-file", mappings::toString);
        // and of the route files, which tests may edit to see them reloaded
        Path routes = Files.createDirectories(data.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path route : files.toList()) {
                Files.copy(route, routes.resolve(route.getFileName()));
            }
        }
        registry.add("bridge.routes-dir", routes::toString);
        int simulatorPort = TestSocketUtils.findAvailableTcpPort();
        registry.add("bridge.simulator.port", () -> simulatorPort);
        int daktelaPort = TestSocketUtils.findAvailableTcpPort();
        registry.add("bridge.daktela-simulator.port", () -> daktelaPort);
    }

    /**
     * A fresh data directory for a test context, under target/ rather than /tmp: each context's broker
     * journal takes some 23 MB, and the cached contexts are closed only as the test JVM ends, too late to
     * delete it behind the broker; 'mvn clean' (or a fresh clone) does.
     */
    static Path newDataDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), prefix);
    }

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected cz.bridge.config.BridgeProperties properties;

    @Autowired
    protected AristotelosSimulator simulator;

    @Autowired
    protected CamelContext camel;

    @Autowired
    protected JmsTemplate jms;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void healthySimulator() throws IOException {
        simulator.start();
        simulator.clearFaults();
    }

    @AfterEach
    void leaveSimulatorHealthy() throws IOException {
        simulator.clearFaults();
        simulator.start();
    }

    /**
     * The delivery route carries one PlainMessageFirst, and Camel runs it: a policy that is present but not started is
     * skipped, and camel-jms's message would be copied (at a caught exception each) again.
     */
    protected void assertDeliveryRouteRunsPlainMessageFirst() {
        assertThat(camel.getRoute(SharedNames.DELIVERY_ROUTE).getRoutePolicyList()).filteredOn(PlainMessageFirst.class::isInstance)
                .singleElement().matches(policy -> ((StatefulService) policy).isRunAllowed(), "runs");
    }

    /** The parked messages of one agent: their headers (reason, answer) and body (the original event). */
    protected List<Map<String, Object>> parkedFor(String user) {
        return jms.browseSelected("bridge.parked", "JMSXGroupID = '" + user + "'", (session, browser) -> {
            List<Map<String, Object>> parked = new ArrayList<>();
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Message message = (Message) messages.nextElement();
                Map<String, Object> entry = new HashMap<>();
                for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
                    String name = (String) names.nextElement();
                    entry.put(name, message.getObjectProperty(name));
                }
                entry.put("body", ((TextMessage) message).getText());
                // a replayed event that is parked again is another message: the same text, headers, time and reason
                entry.put("JMSMessageID", message.getJMSMessageID());
                parked.add(entry);
            }
            return parked;
        });
    }

    /** The key of an agent's reconciliation mark in bridge.last-state (LastStates.MARK_KEY_PREFIX). */
    protected static final String MARK_PREFIX = "\u001Fmissing\u001F";

    /** The JMS expiration of the message under this key in bridge.last-state (0: never). */
    protected long lastStateExpiration(String key) {
        String selector = LastStates.LVQ_KEY + " = '" + key.replace("'", "''") + "'";
        List<Long> found = jms.browseSelected(SharedNames.LAST_STATE_QUEUE, selector, (session, browser) -> {
            List<Long> expirations = new ArrayList<>();
            var messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                expirations.add(((Message) messages.nextElement()).getJMSExpiration());
            }
            return expirations;
        });
        assertThat(found).as("one message under " + key).hasSize(1);
        return found.get(0);
    }

    /** GET, POST or DELETE on the management port, with the operator's credentials or none. */
    protected HttpResponse<String> management(String method, String path, String jsonBody, boolean authenticated) {
        return management(method, path, jsonBody, authenticated ? "admin:admin" : null);
    }

    /** With the given "user:password", or none when null. */
    protected HttpResponse<String> management(String method, String path, String jsonBody, String credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        } else if (!"GET".equals(method)) {
            // a state change without a JSON body needs it, as from the status page (ManagementSecurity)
            request.header("X-Requested-With", "XMLHttpRequest");
        }
        if (credentials != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes()));
        }
        return exchange(request, "management request");
    }

    /** One raw HTTP/1.1 GET to the management port with this Host header and login; the status line. */
    protected String rawGet(String host, String path, String credentials) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", managementPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes()) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return answer.isEmpty() ? "(none)" : answer.substring(0, answer.indexOf("\r\n"));
        }
    }

    /** Sends the request; that it could not be sent fails the test, saying what it was. */
    protected HttpResponse<String> exchange(HttpRequest.Builder request, String what) {
        return TestHttp.send(http, request, what);
    }

    /** Write, then rename: the way the README tells operators to deploy an edit. */
    /** How many external states the mappings in force have (readiness's mappings details). */
    protected int externalStatesInForce() throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(management("GET", "/actuator/health/readiness", null, true).body())
                .at("/components/mappings/details/externalStates").asInt();
    }

    /** The context's mappings file before this test's first {@link #editMappings}, and its external states. */
    private String mappingsBefore;
    private int externalStatesBefore;

    /**
     * Writes the context's mappings file, which is put back after the test (and in force again before the next one):
     * the classes sharing the context read the rows another test had added, and a count expected by one depended on the
     * order of the tests.
     */
    protected void editMappings(String content) throws IOException {
        Path file = properties.mappingsFile();
        if (mappingsBefore == null) {
            mappingsBefore = Files.readString(file);
            externalStatesBefore = externalStatesInForce();
        }
        replace(file, content);
    }

    @AfterEach
    void mappingsAsBefore() throws IOException {
        if (mappingsBefore != null) {
            replace(properties.mappingsFile(), mappingsBefore);
            mappingsBefore = null;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> externalStatesInForce() == externalStatesBefore);
        }
    }

    protected static void replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    protected static String agent(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected URI callbackUri(String query) {
        return URI.create("http://127.0.0.1:" + port + "/daktela/agent-state" + (query == null ? "" : "?" + query));
    }

    protected HttpResponse<String> postJson(String body) {
        return post(callbackUri(null), "application/json", body, SECRET);
    }

    protected HttpResponse<String> post(URI uri, String contentType, String body, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (secret != null) {
            request.header("X-Webhook-Secret", secret);
        }
        return exchange(request, "callback");
    }

    /** Empties the dead-letter queue bridge.dead: the tests share a bridge, and its readiness. */
    protected void takeDeadLetters() {
        jms.execute(session -> {
            var consumer = session.createConsumer(session.createQueue("bridge.dead"));
            while (consumer.receive(500) != null) {
                // taken
            }
            consumer.close();
            return null;
        }, true);
    }

    /** Posts a callback (JSON, with the secret) that must be accepted: 202, else the test fails with the answer. */
    protected HttpResponse<String> sendAccepted(String body) {
        HttpResponse<String> response = postJson(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return response;
    }

    /**
     * One callback event as JSON. id, pause and time may be null (left out); time is a JSON value
     * as it stands in the body: a number ({@code 1795510000}) or a quoted string.
     */
    protected static String callbackJson(String id, String event, String user, String pause, String time) {
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"event\":\"" + event + "\",\"user\":\"" + user + "\""
                + (pause == null ? "" : ",\"pause\":\"" + pause + "\"") + (time == null ? "" : ",\"time\":" + time) + "}";
    }
}
