package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import cz.bridge.delivery.HttpOptionTypos;
import cz.bridge.intake.AgentEvent;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each of the ten rows of the default table, arriving in each shape Daktela can send, reaches AristoTelos translated. */
class TranslationEndToEndTest extends BridgeIntegrationTest {

    /** A Daktela event and the AristoTelos external state the setup guide's table maps it to. */
    record Row(String event, String pause, int stateId, String stateCode, int reasonId, String reasonCode) {
    }

    static final List<Row> TABLE = List.of(
            new Row("login", null, 1, "Login", 0, null),
            new Row("ready", null, 2, "Ready", 0, null),
            new Row("unready", "backoffice", 3, "NotReady", 1, "backoffice"),
            new Row("unready", "dnd", 3, "NotReady", 2, "dnd"),
            new Row("unready", "email", 3, "NotReady", 3, "email"),
            new Row("unready", "11", 3, "NotReady", 4, "11"),
            new Row("unready", "666", 3, "NotReady", 5, "666"),
            new Row("unready", "lunch", 3, "NotReady", 6, "lunch"),
            new Row("unready", "20", 3, "NotReady", 7, "20"),
            new Row("logout", null, 0, "Logout", 0, null));

    static final java.time.ZoneId PRAGUE = java.time.ZoneId.of("Europe/Prague");
    static final java.time.format.DateTimeFormatter LOCAL = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    enum Shape { FLAT_JSON, NESTED_JSON, JSON_BATCH, FORM_WITH_QUERY_SECRET }

    /** The AristoTelos call's parameters are checked for misspelt options (HttpOptionTyposTest), at start and at each reload. */
    @Test
    void camelChecksEveryEndpointForMisspeltHttpOptions() {
        assertThat(camel.getLifecycleStrategies()).hasAtLeastOneElementOfType(HttpOptionTypos.class);
    }

    /** The request's JSON is written by a library from the route's map: a name arrives as it was sent. */
    @Test
    void aNameThatNeedsEscapingArrivesAsSentWithNumbersAndNulls() throws Exception {
        String user = agent("o\"brien\\dvořák\uD83D\uDE00");
        ObjectMapper json = new ObjectMapper();
        var response = postJson("{\"event\":\"login\",\"user\":" + json.writeValueAsString(user) + ",\"time\":1795507200}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.receivedFor(user).size() == 1);
        JsonNode login = json.readTree(simulator.receivedFor(user).get(0).body());
        assertThat(login.fieldNames()).toIterable()
                .containsExactly("employeeExternalId2", "stateId", "stateCode", "reasonId", "reasonCode", "timestamp", "eventId");
        assertThat(login.path("employeeExternalId2").asText()).isEqualTo(user);
        assertThat(login.path("stateId").isInt()).isTrue();
        assertThat(login.path("stateId").asInt()).isEqualTo(1);
        assertThat(login.path("reasonCode").isNull()).as("a missing value is sent as null").isTrue();
        assertThat(login.path("timestamp").asText()).isEqualTo("2026-11-24T09:00:00+01:00");
    }

    /**
     * An event id beyond printable ASCII arrives in the body as sent, and its Idempotency-Key is a digest of it: the HTTP
     * client writes each header character above U+00FF as '?', and "evt-č" and "evt-ř" both went out as "evt-?", one
     * key for two events (a review of the callback door, 2026-12-06).
     */
    @Test
    void idsThatAHeaderCannotCarryGetKeysOfTheirOwn() {
        String user = agent("keys");
        String[] ids = {"evt-\u010D-" + user, "evt-\u0159-" + user};
        sendAccepted("[" + callbackJson(ids[0], "login", user, null, "1795507200") + ","
                + callbackJson(ids[1], "ready", user, null, "1795507260") + "]");
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.receivedFor(user).size() == 2);
        List<ReceivedState> got = simulator.receivedFor(user);
        assertThat(got).extracting(ReceivedState::eventId).containsExactly(ids);
        assertThat(got).extracting(ReceivedState::idempotencyKey).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).matches("k-[0-9a-f]{24}"));
        assertThat(got.get(0).idempotencyKey()).as("a digest of the id").isEqualTo(AgentEvent.idempotencyKey(ids[0]));
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyRowArrivesTranslatedInOrder(Shape shape) {
        String user = agent("row-" + shape.name().toLowerCase());
        long base = 1_795_507_200L; // 2026-11-24T09:00:00+01:00
        List<String> items = new ArrayList<>();
        for (int i = 0; i < TABLE.size(); i++) {
            Row row = TABLE.get(i);
            long time = base + i * 60L;
            switch (shape) {
                case FLAT_JSON, JSON_BATCH -> items.add("{\"event\":\"" + row.event() + "\",\"user\":\"" + user + "\""
                        + (row.pause() == null ? "" : ",\"pause\":\"" + row.pause() + "\"") + ",\"time\":" + time + "}");
                case NESTED_JSON -> items.add("{\"Type\":\"" + (row.event().equals("unready") ? "Not Ready" : row.event().toUpperCase())
                        + "\",\"id_agent\":{\"name\":\"" + user + "\",\"title\":\"Agent\"}"
                        + (row.pause() == null ? "" : ",\"id_pause\":{\"name\":\"" + row.pause() + "\",\"title\":\"x\"}")
                        + ",\"statetime\":\"" + LOCAL.format(java.time.Instant.ofEpochSecond(time).atZone(PRAGUE)) + "\"}");
                case FORM_WITH_QUERY_SECRET -> items.add("event=" + enc(row.event()) + "&username=" + enc(user)
                        + (row.pause() == null ? "" : "&reason=" + enc(row.pause()))
                        + "&timestamp=" + enc(ISO.format(java.time.Instant.ofEpochSecond(time).atZone(PRAGUE))));
            }
        }
        if (shape == Shape.JSON_BATCH) {
            var response = postJson("[" + String.join(",", items) + "]");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(response.body()).contains("\"status\":\"accepted\"");
        } else {
            for (String item : items) {
                var response = shape == Shape.FORM_WITH_QUERY_SECRET
                        ? post(callbackUri("secret=" + SECRET), "application/x-www-form-urlencoded", item, null)
                        : postJson(item);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                assertThat(response.body()).startsWith("{\"status\":\"accepted\",\"id\":");
            }
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.receivedFor(user).size() >= TABLE.size());
        List<ReceivedState> got = simulator.receivedFor(user);
        assertThat(got).hasSize(TABLE.size());
        for (int i = 0; i < TABLE.size(); i++) {
            Row row = TABLE.get(i);
            ReceivedState state = got.get(i);
            assertThat(state.stateId()).as("stateId of row %s", row).isEqualTo(row.stateId());
            assertThat(state.stateCode()).as("stateCode of row %s", row).isEqualTo(row.stateCode());
            assertThat(state.reasonId()).as("reasonId of row %s", row).isEqualTo(row.reasonId());
            assertThat(state.reasonCode()).as("reasonCode of row %s", row).isEqualTo(row.reasonCode());
            assertThat(state.timestamp()).as("timestamp of row %s", row)
                    .isEqualTo("2026-11-24T09:%02d:00+01:00".formatted(i));
            assertThat(state.idempotencyKey()).isEqualTo(state.eventId()).isNotBlank();
            // the allow-list in aristotelos.camel.yaml, and what HTTP itself needs: none of the event's JMS
            // properties, ids or Camel's headers
            assertThat(state.headerNames()).map(name -> name.toLowerCase(java.util.Locale.ROOT)).containsExactlyInAnyOrder(
                    "authorization", "idempotency-key", "content-type", "content-length", "host", "connection",
                    "user-agent", "accept-encoding");
        }
        assertThat(got.stream().map(ReceivedState::eventId).collect(Collectors.toSet())).hasSize(TABLE.size());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
