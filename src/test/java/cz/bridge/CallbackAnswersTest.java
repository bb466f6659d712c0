package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every answer docs/setup-daktela.md lists, always JSON, never a 5xx for a bad input. */
class CallbackAnswersTest extends BridgeIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode jsonOf(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        return json.readTree(response.body());
    }

    @Test
    void acceptedAnswerCarriesTheIdDaktelaSent() throws Exception {
        String user = agent("ok");
        HttpResponse<String> response = postJson("{\"event_id\":\"e-" + user + "\",\"event\":\"login\",\"username\":\"" + user + "\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = jsonOf(response);
        assertThat(body.path("status").asText()).isEqualTo("accepted");
        assertThat(body.path("id").asText()).isEqualTo("e-" + user);
    }

    @Test
    void secretIsNotEchoedInResponseHeaders() {
        String user = agent("echo");
        HttpResponse<String> response = post(callbackUri("secret=" + SECRET), "application/json",
                "{\"event\":\"login\",\"user\":\"" + user + "\"}", SECRET);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().map().toString()).doesNotContain(SECRET);
    }

    @Test
    void sameIdTwiceIsADuplicateDeliveredOnce() throws Exception {
        String user = agent("dup");
        String event = "{\"id\":\"dup-" + user + "\",\"event\":\"ready\",\"user\":\"" + user + "\",\"time\":\"2026-11-24 10:00:00\"}";
        assertThat(postJson(event).statusCode()).isEqualTo(202);
        HttpResponse<String> again = postJson(event);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(jsonOf(again).path("status").asText()).isEqualTo("duplicate");
        assertThat(jsonOf(again).path("id").asText()).isEqualTo("dup-" + user);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 1);
        // and no second delivery follows
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> simulator.receivedFor(user).size() == 1);
    }

    @Test
    void sameEventWithoutIdIsRecognisedByItsFields() throws Exception {
        String user = agent("dup-noid");
        String event = "{\"event\":\"unready\",\"user\":\"" + user + "\",\"pause\":\"lunch\",\"time\":\"2026-11-24 11:30:02\"}";
        String first = jsonOf(postJson(event)).path("id").asText();
        HttpResponse<String> again = postJson(event.replace("\"unready\"", "\"Not Ready\""));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(jsonOf(again).path("id").asText()).isEqualTo(first);
    }

    @Test
    void batchWithSomeDuplicatesStoresOnlyTheNewOnes() throws Exception {
        String user = agent("batchdup");
        assertThat(postJson("{\"id\":\"" + user + "-1\",\"event\":\"login\",\"user\":\"" + user + "\"}").statusCode()).isEqualTo(202);
        HttpResponse<String> batch = postJson("[{\"id\":\"" + user + "-1\",\"event\":\"login\",\"user\":\"" + user + "\"},"
                + "{\"id\":\"" + user + "-2\",\"event\":\"ready\",\"user\":\"" + user + "\"}]");
        assertThat(batch.statusCode()).isEqualTo(202);
        JsonNode body = jsonOf(batch);
        assertThat(body.path("ids").toString()).isEqualTo("[\"" + user + "-2\"]");
        assertThat(body.path("duplicates").toString()).isEqualTo("[\"" + user + "-1\"]");
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 2);
    }

    /** Per employee AristoTelos gets the states in the order they happened, also from a batch that lists them otherwise. */
    @Test
    void aBatchIsDeliveredInTheOrderItsEventsHappened() throws Exception {
        String user = agent("batch-order");
        HttpResponse<String> batch = postJson("[{\"id\":\"" + user + "-ready\",\"event\":\"ready\",\"user\":\"" + user
                + "\",\"time\":\"2026-11-24 11:00:05\"},{\"id\":\"" + user + "-login\",\"event\":\"login\",\"user\":\"" + user
                + "\",\"time\":\"2026-11-24 11:00:00\"},{\"id\":\"" + user + "-lunch\",\"event\":\"unready\",\"user\":\"" + user
                + "\",\"pause\":\"lunch\",\"time\":\"2026-11-24 11:30:00\"},{\"id\":\"" + user + "-back\",\"event\":\"ready\",\"user\":\""
                + user + "\",\"time\":\"2026-11-24 11:30:00\"}]");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        List<String> inTimeOrder = List.of(user + "-login", user + "-ready", user + "-lunch", user + "-back");
        assertThat(jsonOf(batch).path("ids")).as("named in the order stored").extracting(JsonNode::asText).isEqualTo(inTimeOrder);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 4);
        assertThat(simulator.receivedFor(user)).as("in time order; of one time, in the batch's order")
                .extracting(ReceivedState::eventId).isEqualTo(inTimeOrder);
    }

    /**
     * Without times and ids, each event's id is derived from its fields and its time, the receipt's: the second ready of
     * ready, lunch, ready was the first's id, answered as a duplicate and never stored, and AristoTelos kept the lunch.
     */
    @Test
    void aBatchWithoutTimesOrIdsKeepsEveryEventInItsOrder() throws Exception {
        String user = agent("batch-untimed");
        HttpResponse<String> batch = postJson("[{\"event\":\"ready\",\"user\":\"" + user + "\"},{\"event\":\"unready\",\"user\":\""
                + user + "\",\"pause\":\"lunch\"},{\"event\":\"ready\",\"user\":\"" + user + "\"}]");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        assertThat(jsonOf(batch).path("ids")).hasSize(3);
        assertThat(jsonOf(batch).path("duplicates")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 3);
        assertThat(simulator.receivedFor(user)).extracting(ReceivedState::stateCode).containsExactly("Ready", "NotReady", "Ready");
    }

    @Test
    void missingOrWrongSecretIs401() throws Exception {
        String event = "{\"event\":\"login\",\"user\":\"x\"}";
        HttpResponse<String> missing = post(callbackUri(null), "application/json", event, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(jsonOf(missing).path("error").asText()).contains("X-Webhook-Secret");
        assertThat(post(callbackUri(null), "application/json", event, "wrong").statusCode()).isEqualTo(401);
        assertThat(post(callbackUri("secret=wrong"), "application/json", event, null).statusCode()).isEqualTo(401);
        assertThat(post(callbackUri(null), "application/json", event, SECRET + "x").statusCode()).isEqualTo(401);
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String big = "{\"event\":\"login\",\"user\":\"x\",\"pad\":\"" + "a".repeat(300 * 1024) + "\"}";
        HttpResponse<String> response = postJson(big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(jsonOf(response).path("error").asText()).contains("limit");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"text/plain", "application/xml", "multipart/form-data; boundary=x", "application/jsonx",
            "text/json", "application/x-www-form-urlencodedx"})
    void otherContentTypeIs415(String contentType) throws Exception {
        HttpResponse<String> response = post(callbackUri(null), contentType, "event=login&user=x", SECRET);
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(jsonOf(response).path("error").asText()).contains("application/json");
    }

    /** JSON with its parameters, and the JSON types of others (application/...+json), are read as JSON. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"application/json; charset=utf-8", "Application/JSON", "application/vnd.daktela+json",
            " application/json ;charset=UTF-8"})
    void jsonInAnyOfItsNamesIsAccepted(String contentType) throws Exception {
        String user = agent("type");
        HttpResponse<String> response = post(callbackUri(null), contentType, "{\"event\":\"login\",\"user\":\"" + user + "\"}", SECRET);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void noContentTypeIs415() {
        assertThat(post(callbackUri(null), null, "{}", SECRET).statusCode()).isEqualTo(415);
    }

    @ParameterizedTest(name = "{0} -> field {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"event\":\"login\"}|user",
            "{\"event\":\"login\",\"user\":\"   \"}|user",
            "{\"event\":\"login\",\"user\":{\"title\":\"no name\"}}|user",
            "{\"user\":\"a\"}|event",
            "{\"user\":\"a\",\"event\":\"dancing\"}|event",
            "{\"user\":\"a\",\"event\":\"unready\"}|pause",
            "{\"user\":\"a\",\"event\":\"paused\",\"pause\":\"\"}|pause",
            "{\"user\":\"a\",\"event\":\"login\",\"time\":\"yesterday\"}|time",
            "{\"user\":\"a\",\"event\":\"login\",\"time\":\"2026-13-45 10:00:00\"}|time",
    })
    void missingOrBadFieldIs400NamingTheField(String body, String field) throws Exception {
        HttpResponse<String> response = postJson(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode answer = jsonOf(response);
        assertThat(answer.path("field").asText()).isEqualTo(field);
        assertThat(answer.path("error").asText()).contains(field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{bad", "\"just a string\"", "[]", "42", "''", "[1,2]"})
    void unreadableBodyIs400(String body) throws Exception {
        HttpResponse<String> response = postJson(body.equals("''") ? "" : body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(jsonOf(response).path("error").asText()).isNotBlank();
    }

    @Test
    void batchIsAllOrNothingAndNamesTheBadItem() throws Exception {
        String user = agent("batchbad");
        String login = "{\"id\":\"" + user + "-1\",\"event\":\"login\",\"user\":\"" + user + "\",\"time\":1795507200}";
        String ready = "{\"id\":\"" + user + "-2\",\"event\":\"ready\",\"user\":\"" + user + "\",\"time\":1795507201}";
        HttpResponse<String> response = postJson("[" + login + "," + ready + ",{\"event\":\"unready\",\"user\":\"" + user + "\"}]");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = jsonOf(response);
        assertThat(answer.path("index").asInt()).isEqualTo(2);
        assertThat(answer.path("field").asText()).isEqualTo("pause");
        // nothing of the batch was taken: the same good items, with their ids, are new, not duplicates
        HttpResponse<String> good = postJson("[" + login + "," + ready + "]");
        assertThat(good.statusCode()).as(good.body()).isEqualTo(202);
        assertThat(jsonOf(good).path("ids").toString()).isEqualTo("[\"" + user + "-1\",\"" + user + "-2\"]");
        assertThat(jsonOf(good).path("duplicates").toString()).isEqualTo("[]");
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 2);
        // the refused batch's items reach AristoTelos neither
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> simulator.receivedFor(user).size() == 2);
    }

    /** As a Daktela HTTP action's form template may name them: id_agent.name={{id_agent.name}}&id_pause.name=… */
    @Test
    void aFormWithDaktelasDottedFieldNamesIsDelivered() {
        String user = agent("form-dotted");
        HttpResponse<String> response = post(callbackUri("secret=" + SECRET), "application/x-www-form-urlencoded",
                "event=unready&id_agent.name=" + user + "&id_pause.name=lunch&time=2026-11-24%2011%3A30%3A02", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 1);
        assertThat(simulator.receivedFor(user).get(0).reasonCode()).isEqualTo("lunch");
    }

    /**
     * Each name and value decoded once, as sent: Camel's form binding decoded names twice (note%25 failed, %2575ser was
     * read as user) and read a value beginning with RAW( to its ')', so the event given after it was "missing".
     */
    @Test
    void aFormsNamesAndValuesAreDecodedOnce() {
        String user = agent("form-once");
        HttpResponse<String> raw = post(callbackUri("secret=" + SECRET), "application/x-www-form-urlencoded",
                "event=unready&user=RAW(" + user + "&pause=lun%63h&note%25=1&%2575ser=someone-else&x=)", null);
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor("RAW(" + user).size() == 1);
        assertThat(simulator.receivedFor("RAW(" + user).get(0).reasonCode()).isEqualTo("lunch");
        assertThat(simulator.receivedFor("someone-else")).isEmpty();
    }

    @Test
    void badFormBodyIs400() throws Exception {
        HttpResponse<String> response = post(callbackUri("secret=" + SECRET), "application/x-www-form-urlencoded",
                "event=login&username=a%ZZ", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(jsonOf(response).path("error").asText()).contains("URL-encoded");
    }

    @Test
    void timeFormatsAllArriveWithTheRightInstant() {
        String user = agent("times");
        assertThat(postJson("{\"event\":\"login\",\"user\":\"" + user + "\",\"time\":\"2026-11-24T08:00:00Z\"}").statusCode()).isEqualTo(202);
        assertThat(postJson("{\"event\":\"ready\",\"user\":\"" + user + "\",\"timestamp\":\"2026-11-24 09:00:01\"}").statusCode()).isEqualTo(202);
        assertThat(postJson("{\"event\":\"unready\",\"user\":\"" + user + "\",\"pause\":\"dnd\",\"_time\":1795507202000}").statusCode()).isEqualTo(202);
        assertThat(postJson("{\"event\":\"logout\",\"user\":\"" + user + "\",\"datetime\":\"1795507203\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 4);
        assertThat(simulator.receivedFor(user)).extracting(s -> s.timestamp()).containsExactly(
                "2026-11-24T09:00:00+01:00", "2026-11-24T09:00:01+01:00", "2026-11-24T09:00:02+01:00", "2026-11-24T09:00:03+01:00");
    }

    @Test
    void missingTimeIsTheTimeOfReceipt() {
        String user = agent("notime");
        java.time.OffsetDateTime before = java.time.OffsetDateTime.now().minusSeconds(1);
        assertThat(postJson("{\"event\":\"login\",\"user\":\"" + user + "\"}").statusCode()).isEqualTo(202);
        java.time.OffsetDateTime after = java.time.OffsetDateTime.now().plusSeconds(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFor(user).size() == 1);
        java.time.OffsetDateTime stamped = java.time.OffsetDateTime.parse(simulator.receivedFor(user).get(0).timestamp());
        assertThat(stamped).isBetween(before, after);
    }
}
