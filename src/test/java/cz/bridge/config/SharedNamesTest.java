package cz.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The names the route files share with the Java side are there, in YAML that Camel reads (not in a
 * comment): renaming one on either side fails here rather than silently breaking metrics or answers.
 */
class SharedNamesTest {

    /** Every text value in the file, and the ids of its routes. */
    private record RouteFile(List<String> values, List<String> routeIds) {
        static RouteFile read(String name) throws IOException {
            RouteFile file = new RouteFile(new ArrayList<>(), new ArrayList<>());
            file.walk(new Yaml().load(Files.readString(Path.of("routes", name))));
            return file;
        }

        private void walk(Object node) {
            if (node instanceof Map<?, ?> map) {
                if (map.get("route") instanceof Map<?, ?> route) {
                    routeIds.add(String.valueOf(route.get("id")));
                }
                map.values().forEach(this::walk);
            } else if (node instanceof List<?> list) {
                list.forEach(this::walk);
            } else if (node != null) {
                values.add(node.toString());
            }
        }

        boolean mentions(String text) {
            return values.stream().anyMatch(value -> value.contains(text));
        }
    }

    @Test
    void theDeliveryRouteTakesTheStoredEventsUnderTheIdQueueGaugesCounts() throws IOException {
        RouteFile delivery = RouteFile.read("delivery.camel.yaml");
        assertThat(delivery.routeIds()).contains(SharedNames.DELIVERY_ROUTE);
        assertThat(delivery.values()).contains("jms:queue:" + SharedNames.EVENTS_QUEUE);
        assertThat(delivery.mentions("${exchangeProperty." + SharedNames.RETRY_PENDING_PROPERTY + "}")).isTrue();
        assertThat(delivery.mentions("${exchangeProperty." + SharedNames.INTERNAL_ERRORS_PROPERTY + "}")).isTrue();
    }

    @Test
    void theCallbackStoresIntoTheQueuesTheJavaSideReadsAndPassesThePendingEventsOn() throws IOException {
        RouteFile callback = RouteFile.read("callback.camel.yaml");
        assertThat(callback.values()).contains("jms:queue:" + SharedNames.EVENTS_QUEUE, "jms:queue:" + SharedNames.LAST_STATE_QUEUE,
                SharedNames.AGENT_HEADER);
        assertThat(callback.mentions("${variable." + SharedNames.PENDING_VARIABLE + "}")).isTrue();
    }

    @Test
    void parkingStoresIntoTheParkedQueueAndLogsTheHeadersParkingReasonSets() throws IOException {
        RouteFile parking = RouteFile.read("parking.camel.yaml");
        assertThat(parking.values()).contains("jms:queue:" + SharedNames.PARKED_QUEUE);
        for (String header : List.of(SharedNames.EVENT_ID_HEADER, SharedNames.AGENT_HEADER, SharedNames.PARK_REASON_HEADER,
                SharedNames.ARISTOTELOS_ANSWER_HEADER)) {
            assertThat(parking.mentions("${header." + header + "}")).as(header).isTrue();
        }
    }

    @Test
    void eachRequiredRouteIsInTheFileItsStartErrorNames() throws IOException {
        for (var route : SharedNames.REQUIRED_ROUTES.entrySet()) {
            assertThat(RouteFile.read(route.getValue()).routeIds()).as(route.getValue()).contains(route.getKey());
        }
        try (var files = Files.list(Path.of("routes"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".camel.yaml")).map(f -> f.getFileName().toString()))
                    .as("every shipped route file is required").containsExactlyInAnyOrderElementsOf(SharedNames.REQUIRED_ROUTES.values());
        }
    }

    /** A name only the two route files share: the text as stored, which parking keeps when the delivery replaced the body. */
    @Test
    void parkingReadsTheStoredTextUnderTheNameTheDeliveryKeepsItUnder() throws IOException {
        // the delivery keeps the stored text itself, before the step that replaces the body, in the variable stored
        String delivery = Files.readString(Path.of("routes", "delivery.camel.yaml"));
        assertThat(delivery).as("setVariable remember-stored")
                .containsPattern("- setVariable:\\s+id: remember-stored\\s+name: stored\\s+simple: \\$\\{body}\\s");
        assertThat(delivery.indexOf("id: remember-stored")).isLessThan(delivery.indexOf("id: read-stored-event"));
        assertThat(RouteFile.read("parking.camel.yaml").mentions("${variable.stored}")).isTrue();
    }

    @Test
    void theEmbeddedBrokerCreatesTheQueuesAtStart() throws IOException {
        Map<String, Object> yml = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> embedded = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) yml.get("spring"))
                .get("artemis")).get("embedded");
        assertThat(String.valueOf(embedded.get("queues")).split(","))
                .contains(SharedNames.EVENTS_QUEUE, SharedNames.PARKED_QUEUE, SharedNames.DEAD_QUEUE);
    }

    @Test
    void theRouteFilesTimersReadTheIntervalsInMilliseconds() throws IOException {
        // EmbeddedDefaults gives them as Spring reads them; Camel's own syntax reads "5S" as 0, a timer that fires once
        assertThat(Files.readString(Path.of("routes", "reconciliation.camel.yaml")))
                .contains("period: \"{{bridge.daktela.reconcile-interval-ms}}\"")
                .doesNotContain("{{bridge.daktela.reconcile-interval}}");
        assertThat(Files.readString(Path.of("routes", "storage.camel.yaml")))
                .contains("period: \"{{bridge.storage.broker-restart-interval-ms}}\"")
                .contains("delay: \"{{bridge.storage.broker-restart-interval-ms}}\"")
                .doesNotContain("{{bridge.storage.broker-restart-interval}}");
    }
}
