package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

/**
 * Demo mode as the README's first command starts it: no ARISTOTELOS_URL, no DAKTELA_URL, so the
 * simulators are the route files of routes/demo (not the tests' Java simulators). A callback reaches
 * the AristoTelos simulator; a session put at the Daktela simulator is repaired by reconciliation,
 * and its removal too; each simulator answers what its API would to what is wrong.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.server.port=0",
                "bridge.routes-reload=false",
                "bridge.simulator.employees=demo-jana,demo-petr,demo-eva",
                "daktela.reconcile-interval=1s",
                "daktela.reconcile-grace=1s",
                "bridge.daktela-simulator.max-sessions=3",
        })
class DemoSimulatorsTest {

    private static final int ARISTOTELOS_PORT = TestSocketUtils.findAvailableTcpPort();
    private static final int DAKTELA_PORT = TestSocketUtils.findAvailableTcpPort();

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) throws IOException {
        Path data = BridgeIntegrationTest.newDataDirectory("bridge-demo-data");
        registry.add("bridge.data-dir", data::toString);
        registry.add("bridge.simulator.port", () -> ARISTOTELOS_PORT);
        registry.add("bridge.daktela-simulator.port", () -> DAKTELA_PORT);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Value("${bridge.aristotelos.client-secret}")
    String clientSecret;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aCallbackReachesTheAristotelosSimulator(CapturedOutput log) {
        HttpResponse<String> accepted = send("POST", "http://127.0.0.1:" + port + "/daktela/agent-state",
                "{\"event\":\"unready\",\"user\":\"demo-jana\",\"pause\":\"lunch\",\"time\":\"2026-11-24 11:30:02\"}",
                Map.of("Content-Type", "application/json", "X-Webhook-Secret", "change-me"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(log.getOut())
                .contains("AristoTelos simulator received: employee demo-jana -> NotReady (state 3, reason 6) at 2026-11-24T11:30:02+01:00")
                .containsPattern("Delivered event d-[0-9a-f]+ user=demo-jana state=Oběd code=NotReady reasonId=6"));
    }

    @Test
    void theAristotelosSimulatorChecksWhatTheApiChecks() throws IOException {
        String base = "http://127.0.0.1:" + ARISTOTELOS_PORT;
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        HttpResponse<String> wrongSecret = send("POST", base + "/oauth/token",
                "grant_type=client_credentials&client_id=demo-client&client_secret=not-it", form);
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).isEqualTo("{\"error\":\"invalid_client\"}");
        // an answer carries its status and Content-Type (and the connection's own headers), nothing of the request
        assertThat(wrongSecret.headers().map().keySet()).as("no request header or form field echoed, the secret least")
                .allMatch(name -> List.of("content-type", "content-length", "connection").contains(name.toLowerCase()));
        assertThat(wrongSecret.headers().firstValue("content-type")).as("the answer's own, not the request's form type")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(send("POST", base + "/oauth/token", "grant_type=password&client_id=demo-client&client_secret=" + clientSecret, form)
                .statusCode()).isEqualTo(400);

        HttpResponse<String> token = send("POST", base + "/oauth/token",
                "grant_type=client_credentials&client_id=demo-client&client_secret=" + clientSecret, form);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode issued = json.readTree(token.body());
        assertThat(issued.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(issued.path("expires_in").asInt()).isEqualTo(3600);
        String bearer = "Bearer " + issued.path("access_token").asText();
        assertThat(issued.path("access_token").asText()).isNotBlank();

        String state = "{\"employeeExternalId2\":\"%s\",\"stateId\":1,\"stateCode\":\"Ready\",\"reasonId\":0,\"timestamp\":\"2026-11-24T11:30:02+01:00\"}";
        Map<String, String> jsonWithToken = Map.of("Content-Type", "application/json", "Authorization", bearer);
        assertThat(send("POST", base + "/api/UpdateAgentStatus", state.formatted("demo-eva"), Map.of("Content-Type", "application/json"))
                .statusCode()).as("no token").isEqualTo(401);
        assertThat(send("POST", base + "/api/UpdateAgentStatus", "{\"employeeExternalId2\":\"demo-eva\"}", jsonWithToken)
                .statusCode()).as("fields missing").isEqualTo(400);
        assertThat(send("POST", base + "/api/UpdateAgentStatus", "not json", jsonWithToken).statusCode()).as("not JSON").isEqualTo(400);
        HttpResponse<String> stranger = send("POST", base + "/api/UpdateAgentStatus", state.formatted("stranger"), jsonWithToken);
        assertThat(stranger.statusCode()).as("an employee not in bridge.simulator.employees").isEqualTo(404);
        assertThat(stranger.body()).contains("the simulator knows demo-jana,demo-petr,demo-eva (BRIDGE_SIMULATOR_EMPLOYEES");
        // bounded before it is logged
        assertThat(send("POST", base + "/api/UpdateAgentStatus", state.formatted("x".repeat(129)), jsonWithToken).statusCode())
                .as("an employee id of 129 characters").isEqualTo(400);
        assertThat(send("POST", base + "/api/UpdateAgentStatus", state.formatted("demo-eva").replace("\"stateId\":1", "\"stateId\":\"one\""),
                jsonWithToken).statusCode()).as("a stateId that is no number").isEqualTo(400);
        assertThat(send("POST", base + "/api/UpdateAgentStatus", state.formatted("demo-eva").replace("\"reasonId\":0", "\"reasonId\":\"x\""),
                jsonWithToken).statusCode()).as("a reasonId that is no number").isEqualTo(400);
        assertThat(send("POST", base + "/api/UpdateAgentStatus", "[" + state.formatted("demo-eva") + "]", jsonWithToken).statusCode())
                .as("an array, not a state").isEqualTo(400);
        HttpResponse<String> taken = send("POST", base + "/api/UpdateAgentStatus", state.formatted("demo-eva"), jsonWithToken);
        assertThat(taken.statusCode()).isEqualTo(200);
        assertThat(taken.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(taken.headers().firstValue("Authorization")).as("the token not echoed").isEmpty();
    }

    @Test
    void aSessionPutAtTheDaktelaSimulatorIsRepairedAndSoIsItsEnd(CapturedOutput log) throws IOException {
        String base = "http://127.0.0.1:" + DAKTELA_PORT;
        HttpResponse<String> put = send("PUT", base + "/demo/sessions/demo-petr", "{\"state\":\"Paused\",\"pause\":\"lunch\"}", Map.of());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        HttpResponse<String> listed = send("GET", base + "/api/v6/realtimeSessions.json?skip=0&take=1000",
                null, Map.of("X-AUTH-TOKEN", "demo-daktela-token"));
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode result = json.readTree(listed.body()).path("result");
        assertThat(result.path("total").asInt()).isEqualTo(result.path("data").size());
        JsonNode session = null;
        for (JsonNode listedSession : result.path("data")) {
            if (listedSession.path("id_agent").path("name").asText().equals("demo-petr")) {
                session = listedSession;
            }
        }
        assertThat(session).as("demo-petr's session in %s", listed.body()).isNotNull();
        assertThat(session.path("state").asText()).isEqualTo("Paused");
        assertThat(session.path("id_pause").path("name").asText()).isEqualTo("lunch");
        assertThat(session.path("onpause").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d")
                .isEqualTo(session.path("statetime").asText());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(log.getOut())
                .containsPattern("Repaired event d-[0-9a-f]+ user=demo-petr event=UNREADY pause=lunch")
                .contains("AristoTelos simulator received: employee demo-petr -> NotReady (state 3, reason 6)"));

        assertThat(send("DELETE", base + "/demo/sessions/demo-petr", null, Map.of()).body())
                .isEqualTo("{\"error\":[],\"result\":{\"agent\":\"demo-petr\",\"state\":\"logged out\"}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(log.getOut())
                .containsPattern("Repaired event d-[0-9a-f]+ user=demo-petr event=LOGOUT")
                .contains("AristoTelos simulator received: employee demo-petr -> Logout (state 0, reason 0)"));
    }

    /** A newcomer's first validation against Daktela: in the demo, every row of the default mappings has its pause. */
    @Test
    void theDemosValidationFindsEveryPauseOfTheDefaultMappingsAtItsDaktela() throws IOException {
        HttpResponse<String> report = send("GET", "http://127.0.0.1:" + managementPort + "/actuator/validate?daktela=true", null,
                Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8))));
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        JsonNode answer = json.readTree(report.body());
        assertThat(answer.path("daktela").path("checked").asBoolean()).as(report.body()).isTrue();
        assertThat(answer.path("daktela").path("pauses").asInt()).as(report.body()).isEqualTo(7);
        assertThat(answer.path("findings")).as(report.body()).isEmpty();
        assertThat(answer.path("valid").asBoolean()).as(report.body()).isTrue();
        // at once again: a GET another site's page can make in a logged-in browser, again and again, each a read of
        // Daktela with the bridge's token; one per 10 s
        HttpResponse<String> again = send("GET", "http://127.0.0.1:" + managementPort + "/actuator/validate?daktela=true", null,
                Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8))));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(429);
        assertThat(again.body()).contains("Daktela's pauses are read at most once every 10 s: ask again in");
        HttpResponse<String> fileOnly = send("GET", "http://127.0.0.1:" + managementPort + "/actuator/validate", null,
                Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8))));
        assertThat(fileOnly.statusCode()).as("the file alone, as often as asked").isEqualTo(200);
    }

    @Test
    void theDaktelaSimulatorRefusesWhatItCannotTake() {
        String base = "http://127.0.0.1:" + DAKTELA_PORT;
        HttpResponse<String> wrongToken = send("GET", base + "/api/v6/realtimeSessions.json", null, Map.of("X-AUTH-TOKEN", "not-it"));
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.body()).isEqualTo("{\"error\":[\"Invalid access token\"],\"result\":null}");
        assertThat(wrongToken.headers().firstValue("X-AUTH-TOKEN")).as("not echoed").isEmpty();
        HttpResponse<String> withCamelHeader = send("GET", base + "/api/v6/realtimeSessions.json", null,
                Map.of("X-AUTH-TOKEN", "demo-daktela-token", "CamelHttpResponseCode", "299"));
        assertThat(withCamelHeader.statusCode()).as("Camel's own headers are not taken from a request").isEqualTo(200);
        assertThat(withCamelHeader.body()).startsWith("{\"error\":[],\"result\":{\"data\":[");
        assertThat(send("PUT", base + "/demo/sessionsdemo-x", "{}", Map.of()).statusCode()).as("no / before the name").isEqualTo(404);
        assertThat(send("PUT", base + "/demo/sessions/demo-x", "[]", Map.of()).statusCode()).as("an array, not a session").isEqualTo(400);
        assertThat(send("PUT", base + "/demo/sessions/demo%22x", "{}", Map.of()).statusCode()).as("a name that is no name").isEqualTo(404);
        assertThat(send("PUT", base + "/demo/sessions/demo-x", "not json", Map.of()).statusCode()).isEqualTo(400);
        HttpResponse<String> badState = send("PUT", base + "/demo/sessions/demo-x", "{\"state\":\"Asleep\"}", Map.of());
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.body()).contains("state: Idle, Session or Paused");
        assertThat(send("PUT", base + "/demo/sessions/demo-x", "{\"pause\":\"a\\\"b\"}", Map.of()).statusCode()).isEqualTo(400);
        // at most bridge.daktela-simulator.max-sessions (3 here) agents; a known one may still change
        for (int i = 1; i <= 3; i++) {
            assertThat(send("PUT", base + "/demo/sessions/demo-full-" + i, "{}", Map.of()).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> full = send("PUT", base + "/demo/sessions/demo-full-4", "{}", Map.of());
        assertThat(full.statusCode()).isEqualTo(400);
        assertThat(full.body()).contains("at most 3 sessions: DELETE one first");
        assertThat(send("PUT", base + "/demo/sessions/demo-full-1", "{\"state\":\"Session\"}", Map.of()).statusCode()).isEqualTo(200);
        for (int i = 1; i <= 3; i++) {
            send("DELETE", base + "/demo/sessions/demo-full-" + i, null, Map.of());
        }
        // last: netty-http closes the connection after a method it does not serve, which the client may be reusing
        assertThat(send("POST", base + "/demo/sessions/demo-x", "{}", Map.of()).statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> send(String method, String uri, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return TestHttp.send(http, request, method + " " + uri);
    }
}
