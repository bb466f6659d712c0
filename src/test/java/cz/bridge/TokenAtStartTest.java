package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.simulator.AristotelosSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Production mode (ARISTOTELOS_URL set) asks for a token right after the start: wrong client credentials showed only
 * at the first callback's delivery, which at a contact centre may come hours after a night deploy.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenAtStartTest {

    private static final String CALLBACK_SECRET = "token-at-start-callback";
    private static final String PASSWORD = "token-at-start-ops";

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private AristotelosSimulator aristotelos;

    @BeforeEach
    void aristotelos() {
        aristotelos = new AristotelosSimulator(0, "client", "client-secret", Duration.ofHours(1), List.of("*"), Clock.systemUTC());
        aristotelos.start();
    }

    @AfterEach
    void stopAristotelos() {
        aristotelos.close();
    }

    private ConfigurableApplicationContext start(String... more) throws Exception {
        return startAt(aristotelos.baseUrl(), more);
    }

    private ConfigurableApplicationContext startAt(String aristotelosUrl, String... more) throws Exception {
        Files.copy(Path.of("mappings.yaml"), data.resolve("mappings.yaml"));
        return new SpringApplicationBuilder(BridgeApplication.class).run(Stream.concat(Stream.of(
                "--bridge.data-dir=" + data,
                "--bridge.mappings-file=" + data.resolve("mappings.yaml"),
                "--server.port=0",
                "--management.server.port=0",
                "--bridge.artemis-url=",
                "--bridge.aristotelos.url=" + aristotelosUrl,
                "--bridge.aristotelos.client-id=client",
                "--bridge.aristotelos.client-secret=client-secret",
                "--bridge.aristotelos.token-refusal-pause=1s",
                "--bridge.delivery.retry-delay-ms=200",
                "--bridge.delivery.max-retry-delay-ms=1000",
                "--bridge.callback.secret=" + CALLBACK_SECRET,
                "--bridge.management.password=" + PASSWORD), Stream.of(more)).toArray(String[]::new));
    }

    /** Readiness's aristotelos part, as the operator sees it. */
    private JsonNode aristotelosReadiness(ConfigurableApplicationContext bridge) throws Exception {
        String port = bridge.getEnvironment().getProperty("local.management.port");
        var readiness = TestHttp.send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8))), "readiness");
        return json.readTree(readiness.body()).path("components").path("aristotelos");
    }

    private void sendAccepted(ConfigurableApplicationContext bridge, String user) {
        String port = bridge.getEnvironment().getProperty("local.server.port");
        var answer = TestHttp.send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/daktela/agent-state"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("X-Webhook-Secret", CALLBACK_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"login\",\"user\":\"" + user + "\"}")), "callback");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    @Test
    void refusedCredentialsAreInTheLogAndReadinessWithinSecondsWithoutACallback(CapturedOutput output) throws Exception {
        // 401 invalid_client to every token request, as for a wrong client id or secret
        aristotelos.failTokenRequests(true);
        try (ConfigurableApplicationContext bridge = start()) {
            await("readiness names the refused credentials, no callback sent").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode part = aristotelosReadiness(bridge);
                assertThat(part.path("status").asText()).as(part.toString()).isEqualTo("DEGRADED");
                assertThat(part.path("details").path("problem").asText())
                        .contains("AristoTelos refused the client credentials (HTTP 401 from " + aristotelos.baseUrl() + "/oauth/token)")
                        .contains("check ARISTOTELOS_CLIENT_ID and ARISTOTELOS_CLIENT_SECRET");
            });
            assertThat(output.getOut().lines().filter(l -> l.contains("Token request failed: AristoTelos refused the client credentials")))
                    .singleElement().asString().contains(" WARN ");
            assertThat(aristotelos.tokenFetches()).isEqualTo(1);

            // the callback is still taken, and delivered once AristoTelos takes the credentials (after the refusal's pause)
            sendAccepted(bridge, "at-start-refused");
            aristotelos.failTokenRequests(false);
            await().atMost(Duration.ofSeconds(15)).until(() -> aristotelos.receivedFor("at-start-refused").size() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(aristotelosReadiness(bridge).path("status").asText()));
        }
    }

    /**
     * A network whose way out is a proxy, given to the JVM (-Dhttps.proxyHost, or its ProxySelector): the token call went
     * through it, the state updates did not (camel-http's client ignores the JVM's proxy settings unless told to use
     * them), so tokens were fetched and every delivery failed to connect (review 33). Here the proxy is the simulator
     * itself (it answers a request in a proxy's form), AristoTelos's name one that only the proxy can reach.
     */
    @Test
    void theStateUpdatesGoThroughTheProxyTheJvmIsGiven() throws Exception {
        String proxied = "aristotelos.through-the-proxy.invalid";
        java.net.ProxySelector before = java.net.ProxySelector.getDefault();
        java.net.InetSocketAddress proxy = new java.net.InetSocketAddress("127.0.0.1", URI.create(aristotelos.baseUrl()).getPort());
        java.net.ProxySelector.setDefault(new java.net.ProxySelector() {
            @Override
            public List<java.net.Proxy> select(URI uri) {
                return List.of(proxied.equals(uri.getHost()) ? new java.net.Proxy(java.net.Proxy.Type.HTTP, proxy) : java.net.Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, java.net.SocketAddress address, java.io.IOException failure) {
            }
        });
        try (ConfigurableApplicationContext bridge = startAt("http://" + proxied + ":8000")) {
            sendAccepted(bridge, "through-the-proxy");
            await().atMost(Duration.ofSeconds(20)).until(() -> aristotelos.receivedFor("through-the-proxy").size() == 1);
            assertThat(aristotelos.tokenFetches()).isEqualTo(1);
        } finally {
            java.net.ProxySelector.setDefault(before);
        }
    }

    @Test
    void theTokenFetchedAtStartIsTheFirstDeliverysToken(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext bridge = start()) {
            await("a token fetched, no callback sent").atMost(Duration.ofSeconds(20)).until(() -> aristotelos.tokenFetches() == 1
                    && output.getOut().contains("Fetched an AristoTelos access token valid for 3600 s"));
            assertThat(aristotelosReadiness(bridge).path("details").path("lastTokenFetch").asText()).isNotEmpty();

            sendAccepted(bridge, "at-start-good");
            await().atMost(Duration.ofSeconds(10)).until(() -> aristotelos.receivedFor("at-start-good").size() == 1);
            assertThat(aristotelos.tokenFetches()).as("token requests: the start's, no second").isEqualTo(1);
            assertThat(aristotelos.unauthorizedAnswers()).isZero();
        }
    }

    @Test
    void aWrongTokenUrlIsInReadinessWithinSecondsWithoutACallback() throws Exception {
        try (ConfigurableApplicationContext bridge = start("--bridge.aristotelos.token-url=" + aristotelos.baseUrl() + "/token")) {
            await("readiness names the token endpoint's answer, no callback sent").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode part = aristotelosReadiness(bridge);
                assertThat(part.path("status").asText()).as(part.toString()).isEqualTo("DEGRADED");
                assertThat(part.path("details").path("problem").asText())
                        .contains("the token endpoint " + aristotelos.baseUrl() + "/token answered HTTP 404");
            });
        }
    }

    /**
     * A token endpoint (or a proxy before it) that reads the request and closes the connection without an answer: the
     * JDK's client says a plain IOException ("HTTP/1.1 header parser received no bytes"), which the token provider
     * gives as the cause of its NoToken. Camel matches an exception's clauses from its deepest cause up, and the plain
     * IOException met the catch-all clause (java.lang.Exception) as near as NoToken meets the retry clause: the event
     * was tried three times more and parked as an internal error. It is retried until a token comes, then delivered.
     */
    @Test
    void aTokenEndpointThatClosesWithoutAnAnswerIsRetriedNotParked(CapturedOutput output) throws Exception {
        try (ClosingTokenEndpoint tokens = new ClosingTokenEndpoint(aristotelos.baseUrl() + "/oauth/token");
             ConfigurableApplicationContext bridge = start("--bridge.aristotelos.token-url=" + tokens.url())) {
            sendAccepted(bridge, "at-start-closed");
            await("asked again and again, nothing parked").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> tokens.closed() >= 3 && !output.getOut().contains("Parked event"));
            assertThat(aristotelos.receivedFor("at-start-closed")).isEmpty();
            tokens.answer();
            await().atMost(Duration.ofSeconds(15)).until(() -> aristotelos.receivedFor("at-start-closed").size() == 1);
            assertThat(output.getOut()).doesNotContain("Parked event");
        }
    }

    /** Closes each connection once it has read the request, until answer(); then answers as the real endpoint does. */
    private static final class ClosingTokenEndpoint implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final String realEndpoint;
        private final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean answering;
        private final HttpClient relay = HttpClient.newHttpClient();

        ClosingTokenEndpoint(String realEndpoint) throws java.io.IOException {
            this.realEndpoint = realEndpoint;
            Thread.ofPlatform().daemon().start(this::serve);
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/oauth/token";
        }

        int closed() {
            return closed.get();
        }

        void answer() {
            answering = true;
        }

        private void serve() {
            while (!server.isClosed()) {
                try (java.net.Socket connection = server.accept()) {
                    java.io.InputStream in = connection.getInputStream();
                    String head = readHead(in);
                    int length = head.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                            .mapToInt(l -> Integer.parseInt(l.substring(15).strip())).findFirst().orElse(0);
                    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                    if (!answering) {
                        closed.incrementAndGet();
                        continue; // closed with nothing written
                    }
                    var real = relay.send(HttpRequest.newBuilder(URI.create(realEndpoint)).header("Content-Type",
                            "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    connection.getOutputStream().write(("HTTP/1.1 " + real.statusCode() + " OK\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + real.body().length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    connection.getOutputStream().write(real.body());
                } catch (Exception e) {
                    // closed at the end of the test, or a connection the client gave up on
                }
            }
        }

        private static String readHead(java.io.InputStream in) throws java.io.IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }

    /**
     * The start does not wait for the token endpoint, and a callback that comes while the start's request is out waits
     * for its token instead of asking once more.
     */
    @Test
    void aSlowTokenEndpointHoldsUpNeitherTheStartNorACallback() throws Exception {
        aristotelos.latency(Duration.ofSeconds(3));
        try (ConfigurableApplicationContext bridge = start()) {
            assertThat(aristotelos.tokenFetches()).as("token requests answered when the start ended").isZero();
            sendAccepted(bridge, "at-start-slow");
            await().atMost(Duration.ofSeconds(15)).until(() -> aristotelos.receivedFor("at-start-slow").size() == 1);
            assertThat(aristotelos.tokenFetches()).as("token requests: the start's, no second").isEqualTo(1);
        }
    }
}
