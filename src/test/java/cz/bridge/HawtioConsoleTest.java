package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Hawtio, the operator's JMX console, with the Spring profile hawtio that switches it on: in a real
 * headless Chromium the operator logs in once with the management credentials (basic auth, as for
 * the status page; Hawtio has no login of its own here) and sees this bridge's Camel routes in
 * Hawtio's Camel tab. Around it: Hawtio and Jolokia only behind the management login, never on the
 * callback port, and closed to what a page on another site could make the operator's browser do with
 * the cached credentials (ManagementSecurity, Jolokia's policy src/main/resources/jolokia-access.xml).
 *
 * <p>The browser test needs Debian's {@code chromium} and {@code chromium-driver}, as
 * {@link StatusPageBrowserTest}. A context of its own, closed afterwards, so that the shared one's
 * Camel MBeans stay its own.
 */
@ActiveProfiles("hawtio")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HawtioConsoleTest extends BridgeIntegrationTest {

    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);

    private HeadlessChromium chromium;
    private WebDriver browser;


    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> request(int port, String method, String path, String body, Map<String, String> headers, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authenticated) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes()));
        }
        headers.forEach(request::header);
        return exchange(request, method + " " + path);
    }

    /** A Jolokia request as Hawtio sends it: a POST with Content-Type text/json. */
    private HttpResponse<String> jolokia(String body, Map<String, String> headers) {
        var withType = new java.util.HashMap<>(headers);
        withType.putIfAbsent("Content-Type", "text/json");
        return request(managementPort, "POST", "/actuator/jolokia", body, withType, true);
    }

    private JsonNode answer(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    @Test
    void hawtioNeedsTheManagementLoginAndIsNotOnTheCallbackPort() {
        for (String path : List.of("/actuator/hawtio", "/actuator/hawtio/", "/actuator/hawtio/index.html",
                "/actuator/hawtio/camel/routes", "/actuator/hawtio/hawtconfig.json", "/actuator/hawtio/user",
                "/actuator/hawtio/auth/config", "/actuator/hawtio/auth/login", "/actuator/hawtio/keycloak/enabled",
                "/actuator/hawtio/proxy/enabled", "/actuator/hawtio/jolokia/version", "/actuator/jolokia/version")) {
            var anonymous = request(managementPort, "GET", path, null, Map.of(), false);
            assertThat(anonymous.statusCode()).as("management port, no login: " + path).isEqualTo(401);
            var callbackPort = request(port, "GET", path, null, Map.of(), true);
            assertThat(callbackPort.statusCode()).as("callback port: " + path).isIn(401, 404);
            assertThat(callbackPort.body()).as("callback port: " + path).doesNotContain("<base href", "\"public\"");
        }
        var page = request(managementPort, "GET", "/actuator/hawtio/", null, Map.of(), true);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<base href=\"/actuator/hawtio/\"");
        // Hawtio's own login is off: the management login is the only one
        assertThat(request(managementPort, "GET", "/actuator/hawtio/user", null, Map.of(), true).body().strip()).isEqualTo("\"public\"");
        // its proxy, which would pass the login on to any local port, is off
        assertThat(request(managementPort, "GET", "/actuator/hawtio/proxy/enabled", null, Map.of(), true).body().strip()).isEqualTo("false");
    }

    @Test
    void jolokiaReadsAndRunsCamelOperationsForTheOperator() throws Exception {
        JsonNode routes = answer(jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}", Map.of()));
        assertThat(routes.path("value").toString()).contains("daktela-callback", "deliver-agent-state", "park-event");

        JsonNode state = answer(jolokia("{\"type\":\"read\",\"mbean\":\"" + jsonString(route("daktela-callback"))
                + "\",\"attribute\":\"State\"}", Map.of()));
        assertThat(state.path("status").asInt()).isEqualTo(200);
        assertThat(state.path("value").asText()).isEqualTo("Started");

        // an operation on a Camel MBean, here one that only reads
        JsonNode routeId = answer(jolokia("{\"type\":\"exec\",\"mbean\":\"" + jsonString(route("park-event"))
                + "\",\"operation\":\"getRouteId()\"}", Map.of("Content-Type", "application/json")));
        assertThat(routeId.path("value").asText()).as(routeId.toString()).isEqualTo("park-event");
    }

    @Test
    void whatAnotherSiteCouldSendChangesNothing() throws Exception {
        String stop = "{\"type\":\"exec\",\"mbean\":\"" + jsonString(route("park-event")) + "\",\"operation\":\"stop()\"}";
        // a form or a fetch without preflight: refused before Jolokia (ManagementSecurity)
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            var refused = jolokia(stop, Map.of("Content-Type", type));
            assertThat(refused.statusCode()).as(type).isEqualTo(403);
        }
        // Jolokia's GET form, which an image tag can request: refused by the restrictor
        var get = request(managementPort, "GET", "/actuator/jolokia/exec/" + route("park-event").replace("\"", "%22")
                + "/stop()", null, Map.of(), true);
        assertThat(json.readTree(get.body()).path("status").asInt()).as(get.body()).isEqualTo(403);
        var hawtioPathGet = request(managementPort, "GET", "/actuator/hawtio/jolokia/exec/"
                + route("park-event").replace("\"", "%22") + "/stop()", null, Map.of(), true);
        assertThat(hawtioPathGet.body()).as(hawtioPathGet.body()).doesNotContain("\"status\":200");
        assertThat(camel.getRouteController().getRouteStatus("park-event")).isEqualTo(ServiceStatus.Started);

        // no CORS grant for another origin, neither on a request nor on a preflight, so such a page can
        // neither read the answers nor send text/json
        var crossOrigin = jolokia("{\"type\":\"version\"}", Map.of("Origin", "http://evil.example"));
        assertThat(crossOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(crossOrigin.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        for (boolean authenticated : List.of(true, false)) {
            var preflight = request(managementPort, "OPTIONS", "/actuator/jolokia", null, Map.of("Origin", "http://evil.example",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"), authenticated);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as("preflight, login " + authenticated).isEmpty();
        }
    }

    @Test
    void theJvmsDiagnosticOperationsAreClosed() throws Exception {
        Map<String, String> calls = Map.of(
                "com.sun.management:type=DiagnosticCommand", "\"operation\":\"vmVersion()\",\"arguments\":[]",
                "com.sun.management:type=HotSpotDiagnostic",
                "\"operation\":\"dumpHeap(java.lang.String,boolean)\",\"arguments\":[\"/tmp/bridge-heap.hprof\",true]",
                // writes a recording wherever it is told, like a heap dump
                "jdk.management.jfr:type=FlightRecorder", "\"operation\":\"newRecording()\",\"arguments\":[]");
        for (var call : calls.entrySet()) {
            JsonNode refused = answer(jolokia("{\"type\":\"exec\",\"mbean\":\"" + call.getKey() + "\"," + call.getValue() + "}", Map.of()));
            assertThat(refused.path("status").asInt()).as(refused.toString()).isEqualTo(403);
        }
        assertThat(java.nio.file.Path.of("/tmp/bridge-heap.hprof")).doesNotExist();
        // reading them stays open, as in jconsole
        JsonNode options = answer(jolokia("{\"type\":\"read\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"attribute\":\"DiagnosticOptions\"}", Map.of()));
        assertThat(options.path("status").asInt()).as(options.toString()).isEqualTo(200);
    }

    /**
     * Camel's context MBean sends to any endpoint URI: requestBody of bean:environment?method=getProperty(...) answered
     * any setting, the management password among them, to a logged-in session; a route could be replaced by XML.
     */
    @Test
    void camelsOperationsThatSendOrReplaceRoutesAreClosed() throws Exception {
        String context = "org.apache.camel:context=" + camel.getManagementName() + ",type=context,name=\"" + camel.getName() + "\"";
        String secret = "{\"type\":\"exec\",\"mbean\":\"" + jsonString(context) + "\",\"operation\":\"%s\",\"arguments\":[%s]}";
        String uri = "\"bean:environment?method=getProperty('bridge.management.password')\"";
        for (String call : List.of(String.format(secret, "requestBody(java.lang.String,java.lang.Object)", uri + ",null"),
                String.format(secret, "requestBody", uri + ",null"),
                String.format(secret, "sendBody(java.lang.String,java.lang.Object)", "\"direct:park\",\"x\""),
                String.format(secret, "canSendToEndpoint(java.lang.String)", uri),
                String.format(secret, "createEndpoint(java.lang.String)", uri),
                "{\"type\":\"exec\",\"mbean\":\"" + jsonString(route("park-event")) + "\",\"operation\":\"updateRouteFromXml(java.lang.String)\","
                        + "\"arguments\":[\"<route/>\"]}")) {
            JsonNode refused = answer(jolokia(call, Map.of()));
            assertThat(refused.path("status").asInt()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.toString()).doesNotContain("\"value\"");
        }
        // the context's reading operations stay open
        JsonNode stats = answer(jolokia("{\"type\":\"exec\",\"mbean\":\"" + jsonString(context) + "\",\"operation\":\"dumpRoutesStatsAsXml(boolean,boolean)\","
                + "\"arguments\":[false,false]}", Map.of()));
        assertThat(stats.path("status").asInt()).as(stats.toString()).isEqualTo(200);
    }

    /**
     * The embedded broker's MBeans: through its server's operations a logged-in session could copy every event to any host
     * (a connector, then a bridge or a divert from bridge.events), change its queues' settings, or store forged events
     * (sendMessage); their reading operations stay open, as in jconsole.
     */
    @Test
    void theBrokersOperationsThatCopyChangeOrForgeEventsAreClosed() throws Exception {
        JsonNode servers = answer(jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.activemq.artemis:broker=*\"}", Map.of())).path("value");
        assertThat(servers).as("the embedded broker's MBean").hasSize(1);
        String server = jsonString(servers.get(0).asText());
        JsonNode queues = answer(jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.activemq.artemis:queue=\\\"bridge.events\\\",*\"}",
                Map.of())).path("value");
        assertThat(queues).as("bridge.events's MBean").hasSize(1);
        String events = jsonString(queues.get(0).asText());
        String exec = "{\"type\":\"exec\",\"mbean\":\"%s\",\"operation\":\"%s\",\"arguments\":[%s]}";
        for (String call : List.of(
                String.format(exec, server, "addConnector(java.lang.String,java.lang.String)", "\"out\",\"tcp://127.0.0.1:9\""),
                String.format(exec, server, "createDivert", "\"copy\",\"copy\",\"bridge.events\",\"out\",null,true,null,null"),
                String.format(exec, server, "createBridge", "\"out\",\"bridge.events\",\"out\",null,null,1000,1.0,-1,-1,true,1,1,\"out\",null"),
                String.format(exec, server, "createConnectorService", "\"out\",\"x\",{}"),
                String.format(exec, server, "addAddressSettings", "\"bridge.#\",\"{}\""),
                String.format(exec, server, "updateQueue", "\"{}\""),
                String.format(exec, server, "removeAddressSettings(java.lang.String)", "\"bridge.#\""),
                String.format(exec, server, "forceFailover()", ""),
                String.format(exec, events, "sendMessage", "{},1,\"forged\",true,null,null"))) {
            JsonNode refused = answer(jolokia(call, Map.of()));
            assertThat(refused.path("status").asInt()).as(refused.toString()).isEqualTo(403);
        }
        JsonNode count = answer(jolokia(String.format(exec, events, "countMessages()", ""), Map.of()));
        assertThat(count.path("status").asInt()).as(count.toString()).isEqualTo(200);
    }

    /** The JVM's command line and system properties, where JAVA_OPTS may carry a key store's password, are not read. */
    @Test
    void theJvmsCommandLineAndSystemPropertiesAreNotRead() throws Exception {
        for (String attribute : List.of("InputArguments", "SystemProperties")) {
            JsonNode refused = answer(jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"" + attribute + "\"}",
                    Map.of()));
            assertThat(refused.path("status").asInt()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.toString()).doesNotContain("-Xmx");
        }
        // all its attributes at once: those two left out, or the read refused
        assertThat(jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\"}", Map.of()).body()).doesNotContain("-Xmx");
        JsonNode uptime = answer(jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}", Map.of()));
        assertThat(uptime.path("status").asInt()).as(uptime.toString()).isEqualTo(200);
    }

    /** A route's MBean name, under this context's management name. */
    private String route(String id) {
        return "org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\"" + id + "\"";
    }

    private static String jsonString(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void camelTabListsTheBridgesRoutesInChromium() throws Exception {
        HeadlessChromium.requireInstalled("the Hawtio browser test");
        chromium = HeadlessChromium.open();
        browser = chromium.driver();
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
            chromium.screenshot("hawtio-camel-routes.png");
        } finally {
            System.out.println("Hawtio's browser console:\n" + chromium.consoleLog());
        }
    }

    private String pageText() {
        return browser.findElement(By.tagName("body")).getText();
    }
}
