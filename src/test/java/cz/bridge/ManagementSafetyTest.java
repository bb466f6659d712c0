package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The management side changes nothing on a request a web page on another origin could make with
 * the operator's cached basic-auth credentials: no state change by GET (the Camel console), and a
 * POST or DELETE is taken only with a JSON body or an X-Requested-With header, which such a page
 * cannot send without a CORS preflight that the management side never grants.
 */
@ExtendWith(OutputCaptureExtension.class)
class ManagementSafetyTest extends BridgeIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    /** A request as a browser would send it: the operator's credentials, and exactly the headers given. */
    private HttpResponse<String> request(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes()));
        headers.forEach(request::header);
        return exchange(request, "management request");
    }

    private int parkedCount() throws Exception {
        var response = management("GET", "/actuator/parked", null, true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).path("count").asInt();
    }

    private String parkOneFor(String user) {
        simulator.addUnknownEmployees(List.of(user));
        assertThat(postJson("{\"id\":\"" + user + "-1\",\"event\":\"login\",\"user\":\"" + user + "\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedFor(user).size() == 1);
        simulator.forgetUnknownEmployees(List.of(user));
        return user + "-1";
    }

    @Autowired
    private org.springframework.security.core.userdetails.UserDetailsService operators;

    /**
     * Every management request is authenticated again (basic auth, no session): with BCrypt's default cost each took
     * 85 ms of CPU, the status page's two requests every 2.5 s 7% of a core, and a stranger's wrong logins more,
     * taken from the callbacks. The stored hash is of BCrypt's lowest cost; the login still takes the password
     * and only it.
     */
    @Test
    void theOperatorsPasswordIsCheckedAtBCryptsLowestCost() {
        assertThat(management("GET", "/actuator/board", null, true).statusCode()).isEqualTo(200);
        // after a login: Spring's login re-encodes a hash below its encoder's cost
        String stored = operators.loadUserByUsername(properties.management().user()).getPassword();
        assertThat(stored).startsWith("$2a$04$").doesNotContain(properties.management().password());
        assertThat(management("GET", "/actuator/board", null, properties.management().user() + ":"
                + properties.management().password() + "x").statusCode()).isEqualTo(401);
    }

    @Test
    void theCamelConsoleChangesNothing() throws Exception {
        int parked = parkedCount();
        // send: an empty message to an endpoint it picks (direct:park made a junk parked event); receive: a
        // consumer on any endpoint; the others change what runs (route actions, tracer, debugger, reload,
        // expressions); all: every console at once
        for (String path : List.of("send", "all", "receive", "trace", "debug", "reload", "eval-language",
                "route?action=stop", "route-group?action=stop", "processor?action=disable")) {
            var response = management("GET", "/actuator/camel/" + path, null, true);
            assertThat(response.statusCode()).as(path).isIn(200, 204, 404);
            assertThat(response.body()).as(path).doesNotContain("\"send\"").doesNotContain("\"receive\"");
        }
        // a junk event is parked within milliseconds: none for a second
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> parkedCount() == parked);
        for (String route : List.of("daktela-callback", "deliver-agent-state", "park-event")) {
            assertThat(camel.getRouteController().getRouteStatus(route)).as(route).isEqualTo(ServiceStatus.Started);
        }

        JsonNode consoles = json.readTree(management("GET", "/actuator/camel", null, true).body());
        assertThat(consoles.has("route")).isTrue();
        assertThat(consoles.has("resilience4j")).isTrue();
        for (String stateChanging : List.of("send", "receive", "trace", "debug", "reload", "eval-language")) {
            assertThat(consoles.has(stateChanging)).as(stateChanging).isFalse();
        }
        // the JVM's console prints its command line, where a -Djavax.net.ssl.keyStorePassword=… (JAVA_OPTS) is a secret
        assertThat(consoles.has("jvm")).isFalse();
        assertThat(management("GET", "/actuator/camel/jvm", null, true).body()).doesNotContainIgnoringCase("input arguments")
                .doesNotContain("inputArguments").doesNotContain("-Xmx");
    }

    /** Not a 500 with an ERROR and its stack trace in the log, as with Camel's own read-only flag alone. */
    @Test
    void camelRoutesEndpointIsReadOnly(CapturedOutput output) {
        var stop = management("POST", "/actuator/camelroutes/park-event/stop", "{}", true);
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(405);
        assertThat(stop.headers().firstValue("Allow")).hasValue("GET");
        assertThat(camel.getRouteController().getRouteStatus("park-event")).isEqualTo(ServiceStatus.Started);
        assertThat(output.getOut()).doesNotContain("write action STOP");
    }

    @Test
    void aStateChangeThatAnotherOriginCouldSendIsRefused() throws Exception {
        String user = agent("csrf");
        String id = parkOneFor(user);
        // what a cross-site form or a fetch without preflight can send: no body, a form, text/plain
        var bare = request("POST", "/actuator/parked/" + id, null, Map.of());
        var form = request("POST", "/actuator/parked", "all=true", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        var text = request("POST", "/actuator/parked", "{\"all\":true}", Map.of("Content-Type", "text/plain"));
        var delete = request("DELETE", "/actuator/parked/" + id, null, Map.of());
        for (var refused : List.of(bare, form, text, delete)) {
            assertThat(refused.statusCode()).as(refused.request().method() + " " + refused.body()).isEqualTo(403);
            // saying what to send: a bare 403 left a curl user guessing
            assertThat(json.readTree(refused.body()).path("error").asText()).as(refused.request().method())
                    .contains("needs a JSON body (Content-Type: application/json) or an X-Requested-With header");
        }
        assertThat(parkedFor(user)).hasSize(1);
    }

    /**
     * A preflight is never granted here: it was 403 "Invalid CORS request" in text/plain (behind the login, with a basic-auth
     * challenge besides); now the bridge's JSON saying why, on every path, open or behind the login.
     */
    @Test
    void aCorsPreflightIs403InJson() throws Exception {
        for (String path : List.of("/actuator/parked", "/actuator/health", "/error")) {
            HttpResponse<String> answer = exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://elsewhere.example")
                    .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "x-requested-with"),
                    "preflight");
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(403);
            assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
            assertThat(json.readTree(answer.body()).path("error").asText()).as(path)
                    .startsWith("a cross-origin (CORS) request is not allowed here");
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
        }
    }

    /** The error page asked for directly was 200 {"status":999,"error":"None"}: now 404 like any path nobody serves. */
    @Test
    void theErrorPageAskedForDirectlyIs404LikeAnUnknownPath() throws Exception {
        var unknown = management("GET", "/nothing-here", null, true);
        for (boolean authenticated : List.of(false, true)) {
            var answer = management("GET", "/error", null, authenticated);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
            assertThat(json.readTree(answer.body()).path("status").asInt()).isEqualTo(404);
            assertThat(json.readTree(answer.body()).path("error").asText()).isEqualTo(json.readTree(unknown.body()).path("error").asText());
        }
    }

    /**
     * A wrong login was not logged at all: now the address and the user name tried (escaped, cut), never the password,
     * at most one line per 10 s, so that an operator sees someone guessing without a line per guess.
     */
    @Test
    void aFailedLoginIsLoggedWithTheAddressAndTheUserNameRateLimited(CapturedOutput output) {
        String password = "pw-" + agent("guess");
        // another test's failed login may have taken this interval's line: one with a name of its own comes within the next
        // a name of 200 letters more: the line quotes its first 64 characters (the five guessers below fall into this
        // interval and are not logged, so the cut was checked by nothing)
        String[] logged = new String[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String user = agent("mallory");
            assertThat(management("GET", "/actuator/parked", null, user + "\nforged" + "y".repeat(200) + ":" + password).statusCode())
                    .isEqualTo(401);
            logged[0] = output.getAll().lines().filter(line -> line.contains("Failed login to the management port from 127.0.0.1 as user '"
                    + user + "\\nforged")).findFirst().orElse(null);
            return logged[0] != null;
        });
        assertThat(logged[0]).as("escaped and cut").doesNotContain("y".repeat(64)).contains("[cut, 223 characters in all]");
        String guesser = agent("guesser");
        for (int i = 0; i < 5; i++) {
            assertThat(management("GET", "/actuator/parked", null, guesser + "x".repeat(200) + ":" + password + i).statusCode())
                    .isEqualTo(401);
        }
        // in the interval the line above began
        assertThat(output.getAll().lines().filter(line -> line.contains(guesser))).as(output.getAll()).isEmpty();
        assertThat(output.getAll()).doesNotContain(password).doesNotContain("x".repeat(100));
    }

    /**
     * An image or script of another site's page, or its fetch, ran a GET with the operator's cached login: a Daktela read
     * at each validate?daktela=true, megabytes of parked events at each list (a review of the management side). The
     * browser says so in Sec-Fetch-Site; a link followed to a page, the port's own pages and tools are served.
     */
    @Test
    void aReadThatTheBrowserSaysAnotherSitesPageSentIsRefused() throws Exception {
        for (String site : List.of("cross-site", "same-site")) {
            for (String path : List.of("/actuator/validate?daktela=true", "/actuator/parked?limit=10000", "/actuator/board")) {
                var refused = request("GET", path, null, Map.of("Sec-Fetch-Site", site, "Sec-Fetch-Mode", "no-cors",
                        "Sec-Fetch-Dest", "image"));
                assertThat(refused.statusCode()).as(site + " " + path + ": " + refused.body()).isEqualTo(403);
                assertThat(json.readTree(refused.body()).path("error").asText()).startsWith("your browser says a page on another site");
            }
        }
        var link = request("GET", "/actuator/status", null, Map.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate",
                "Sec-Fetch-Dest", "document"));
        assertThat(link.statusCode()).as("a link followed from another site to the page").isEqualTo(200);
        var framed = request("GET", "/actuator/status", null, Map.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate",
                "Sec-Fetch-Dest", "iframe"));
        assertThat(framed.statusCode()).as("the page in another site's frame").isEqualTo(403);
        var own = request("GET", "/actuator/board", null, Map.of("Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors",
                "Sec-Fetch-Dest", "empty"));
        assertThat(own.statusCode()).as("the status page's own reads").isEqualTo(200);
        assertThat(request("GET", "/actuator/prometheus", null, Map.of()).statusCode()).as("a tool").isEqualTo(200);
    }

    /**
     * A page whose own name is rebound to 127.0.0.1 (DNS rebinding) talks to this port as its own origin from the
     * operator's browser: it read the answers to its password guesses, and ten wrong ones locked the operator out for a
     * minute (a review of the management side). Its requests name its host: refused 421 before the login is counted.
     */
    @Test
    void aRequestForAnotherHostsNameIsRefusedBeforeItsLoginIsCounted(CapturedOutput output) throws Exception {
        for (int i = 0; i < 11; i++) {
            assertThat(rawGet("rebind.evil.example:" + managementPort, "/actuator/board", "admin:guess" + i))
                    .isEqualTo("HTTP/1.1 421 ");
        }
        assertThat(rawGet("rebind.evil.example", "/actuator/health", "admin:admin")).as("health too").isEqualTo("HTTP/1.1 421 ");
        // not counted: ManagementLoginLimitTest.refusalsForTheHostOrTheSiteAreNotCountedAsWrongLogins (a context with the pause on)
        for (String own : List.of("localhost:" + managementPort, "LOCALHOST", "status.localhost", "127.0.0.1:" + managementPort,
                "[::1]:" + managementPort)) {
            assertThat(rawGet(own, "/actuator/board", "admin:admin")).as(own).isEqualTo("HTTP/1.1 200 ");
        }
        assertThat(output.getAll()).contains("Refused a request to the management port for host 'rebind.evil.example'")
                .contains("MANAGEMENT_ALLOWED_HOSTS");
    }

    /**
     * Another site's images sent the operator's stale cached login (a password changed since): each was a wrong login
     * counted, and ten made every login from the operator's address wait a minute (a read-only review of the management
     * port). Refused before the login is checked or counted, as a request for another host's name is.
     */
    @Test
    void aRequestAnotherSitesPageSentIsRefusedBeforeItsLoginIsCounted() throws Exception {
        for (int i = 0; i < 11; i++) {
            HttpRequest.Builder image = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/board"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:stale" + i).getBytes()))
                    .header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "no-cors").header("Sec-Fetch-Dest", "image");
            var refused = exchange(image, "another site's image");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(json.readTree(refused.body()).path("error").asText()).startsWith("your browser says a page on another site");
        }
        // not counted: ManagementLoginLimitTest.refusalsForTheHostOrTheSiteAreNotCountedAsWrongLogins (a context with the pause on)
    }

    @Test
    void aJsonBodyOrXRequestedWithIsTaken() throws Exception {
        String user = agent("csrf-ok");
        String id = parkOneFor(user);
        var replay = request("POST", "/actuator/parked/" + id, null, Map.of("X-Requested-With", "XMLHttpRequest"));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 1);

        String other = agent("csrf-json");
        parkOneFor(other);
        var json = request("POST", "/actuator/parked", "{\"user\":\"" + other + "\"}",
                Map.of("Content-Type", "application/json;charset=UTF-8"));
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(other).size() == 1);

        String third = agent("csrf-delete");
        String doomed = parkOneFor(third);
        var delete = request("DELETE", "/actuator/parked/" + doomed, null, Map.of("X-Requested-With", "curl"));
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);
        assertThat(parkedFor(third)).isEmpty();
    }
}
