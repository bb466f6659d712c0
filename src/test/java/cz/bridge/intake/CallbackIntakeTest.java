package cz.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.monitoring.AgentBoard;
import cz.bridge.monitoring.BridgeMetrics;
import cz.bridge.monitoring.DeliveryRecorder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The intake's answers around the store: an id twice in one batch is stored once, and an event
 * the broker refused as stored before (the route reports it) is answered as a duplicate.
 */
class CallbackIntakeTest {

    private static final ZoneId PRAGUE = ZoneId.of("Europe/Prague");

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final AgentBoard board = new AgentBoard(clock, PRAGUE);
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry());
    private final CallbackIntake intake = new CallbackIntake(new CallbackParser(json, PRAGUE, clock, 100),
            json, metrics, new DeliveryRecorder(metrics, board, clock));

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private static String event(String id, String kind) {
        return "{\"id\":\"" + id + "\",\"event\":\"" + kind + "\",\"user\":\"jnovak\",\"time\":\"2026-11-25 10:59:00\"}";
    }

    @Test
    void anIdTwiceInOneBatchIsStoredOnceAndAnsweredAsADuplicate() {
        Exchange batch = callback("[" + event("e-1", "login") + "," + event("e-2", "ready") + "," + event("e-1", "login") + "]");
        assertThat(intake.read(batch)).extracting(AgentEvent::id).containsExactly("e-1", "e-2");
        // (the route stores the two events here)
        intake.accepted(batch);
        assertThat(batch.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(202);
        assertThat(batch.getMessage().getBody(String.class))
                .isEqualTo("{\"status\":\"accepted\",\"ids\":[\"e-1\",\"e-2\"],\"duplicates\":[\"e-1\"]}");
    }

    /** A template whose id is a constant: the second agent's logout was taken for a repetition of the first's login and dropped, with a 202. */
    @Test
    void anIdTwiceInOneBatchForAnotherStateChangeIsRefusedNamingBothItems() {
        String other = "{\"id\":\"e-1\",\"event\":\"logout\",\"user\":\"pdvorak\",\"time\":\"2026-11-25 10:59:00\"}";
        assertThatThrownBy(() -> intake.read(callback("[" + event("e-1", "login") + "," + event("e-2", "ready") + "," + other + "]")))
                .isInstanceOfSatisfying(CallbackRejected.class, rejected -> {
                    assertThat(rejected.status()).isEqualTo(400);
                    assertThat(rejected.field()).isEqualTo("id");
                })
                .hasMessage("item 2: has the id 'e-1' of item 0, but another state change: give each event its own id (the id field), or send none");
        // the same change sent twice with one id but once without its time is not the same change either
        String untimed = "{\"id\":\"e-1\",\"event\":\"login\",\"user\":\"jnovak\"}";
        assertThatThrownBy(() -> intake.read(callback("[" + event("e-1", "login") + "," + untimed + "]")))
                .hasMessageStartingWith("item 1: has the id 'e-1' of item 0");
        // two without a time, alike, with one id: one change sent twice
        assertThat(intake.read(callback("[" + untimed + "," + untimed + "]"))).extracting(AgentEvent::id).containsExactly("e-1");
    }

    @Test
    void anEventTheBrokerRefusedAsStoredBeforeIsADuplicate() {
        Exchange single = callback(event("e-1", "login"));
        List<AgentEvent> events = intake.read(single);
        intake.storedBefore(events.get(0), single.getVariable("bridgePending", CallbackIntake.Pending.class));
        intake.accepted(single);
        assertThat(single.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(single.getMessage().getBody(String.class)).isEqualTo("{\"status\":\"duplicate\",\"id\":\"e-1\"}");
        assertThat(board.agents()).as("a duplicate is not shown as accepted again").isEmpty();

        Exchange batch = callback("[" + event("e-1", "login") + "," + event("e-2", "ready") + "]");
        events = intake.read(batch);
        intake.storedBefore(events.get(0), batch.getVariable("bridgePending", CallbackIntake.Pending.class));
        intake.accepted(batch);
        assertThat(batch.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(202);
        assertThat(batch.getMessage().getBody(String.class))
                .isEqualTo("{\"status\":\"accepted\",\"ids\":[\"e-2\"],\"duplicates\":[\"e-1\"]}");
        assertThat(board.agents()).singleElement().satisfies(agent -> {
            assertThat(agent.user()).isEqualTo("jnovak");
            assertThat(agent.lastOutcome()).isEqualTo("waiting");
        });
    }

    private Exchange callback(String body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }
}
