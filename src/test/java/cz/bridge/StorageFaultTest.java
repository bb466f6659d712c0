package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import cz.bridge.config.SharedNames;
import cz.bridge.delivery.RetryAfter;
import cz.bridge.simulator.AristotelosSimulator;
import cz.bridge.simulator.AristotelosSimulator.ReceivedState;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The broker's journal cannot be written: Artemis's own reaction to a failed journal write (its
 * critical I/O error listener, which stops the broker) is triggered under the running bridge.
 * Callbacks are answered 503 with the reason and nothing is taken; the bridge starts the broker
 * again by itself (nobody here starts it) and the same callback is then accepted and delivered.
 * A real full disk is {@code DiskFullIT}. A context of its own, closed afterwards.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {"bridge.delivery.concurrency=2", "bridge.storage.broker-restart-interval=2s",
        "bridge.delivery.max-retry-delay-ms=40000"})
@ExtendWith(OutputCaptureExtension.class)
class StorageFaultTest extends BridgeIntegrationTest {

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    RetryAfter retryAfter;

    @Test
    void failedJournalWriteIs503AndTheBridgeRestartsTheBrokerByItself(CapturedOutput output) throws Exception {
        String user = agent("storage");
        String event = "{\"id\":\"" + user + "-1\",\"event\":\"login\",\"user\":\"" + user + "\",\"time\":\"2026-11-24 08:00:00\"}";
        ActiveMQServer server = broker.getActiveMQServer();
        server.getIoCriticalErrorListener().onIOException(new IOException("No space left on device"),
                "simulated failure of a journal write", null);
        // Artemis stops itself on a thread of its own; answers are 503 from the first moment it is not active
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.isActive());
        var refused = postJson(event);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        // the sender is told what happens, not the journal's path (the port faces the internet; the log and readiness show it)
        assertThat(refused.body()).contains("could not be stored").contains("the bridge's store is not running").doesNotContain("journal");
        assertThat(refused.headers().firstValue("Retry-After")).as("when to send it again").hasValue("5");
        // the same failure again is not a line per callback (Daktela resends every 5 s, a sender decides how many)
        String other = agent("storage-burst");
        long refusedToo = java.util.stream.IntStream.range(0, 10).map(i -> postJson("{\"id\":\"" + other + "-" + i
                + "\",\"event\":\"login\",\"user\":\"" + other + "\",\"time\":\"2026-11-24 08:00:0" + i + "\"}").statusCode())
                .filter(status -> status == 503).count();
        assertThat(refusedToo).as("the broker still stopped").isGreaterThanOrEqualTo(5);
        assertThat(output.getOut().lines().filter(line -> line.contains("Cannot store callback events, answered 503")))
                .as("one line for the failure, %d callbacks refused", refusedToo + 1).singleElement().asString().contains("ERROR");

        // the id was not kept: Daktela's resend is a new event, accepted (202, not 200 duplicate) once the broker is back
        int resent = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> postJson(event).statusCode(), status -> status != 503);
        assertThat(resent).as("the resend after recovery is a new event").isEqualTo(202);
        assertThat(broker.getActiveMQServer().isActive()).as("restarted by the bridge").isTrue();
        assertThat(postJson(event).statusCode()).as("after recovery the event was taken exactly once").isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> simulator.receivedFor(user).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> simulator.receivedFor(user).size() == 1);
    }

    /**
     * A delivery waits for its retry (AristoTelos asked for 30 s) when the embedded broker stops and
     * the bridge starts it again: the event is back in the queue, and the restarted listener delivers it and the agent's
     * next event once the 30 s are over. The waiting thread's session closed with the broker, so when its pause ends it
     * sends nothing: AristoTelos does not get the old state after the new one.
     */
    @Test
    void aDeliveryWaitingForItsRetryWhenTheBrokerRestartsDoesNotSendItsEventAfterLaterOnes(CapturedOutput output) throws Exception {
        String user = agent("waiting");
        ActiveMQServer server = broker.getActiveMQServer();
        long requestsBefore = simulator.updateRequests();
        long start = System.nanoTime();
        simulator.failNext(1, new AristotelosSimulator.Fault(503, 30));
        assertThat(postJson("{\"id\":\"" + user + "-1\",\"event\":\"login\",\"user\":\"" + user
                + "\",\"time\":\"2026-11-24 08:00:00\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.updateRequests() > requestsBefore);

        // stopped as an operator or a failed journal write would stop it (Artemis's critical error listener
        // acts once per broker, and the other test may have used it)
        server.stop();
        String ready = "{\"id\":\"" + user + "-2\",\"event\":\"ready\",\"user\":\"" + user + "\",\"time\":\"2026-11-24 08:01:00\"}";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> postJson(ready).statusCode() == 202);

        // the restarted listener delivers both once the 30 s AristoTelos asked for are over (no call before them: a
        // Retry-After holds every delivery), in their order; the waiting thread, whose session closed with the broker,
        // sends nothing when its own pause ends at the same time
        await().atMost(Duration.ofSeconds(50)).until(() -> simulator.receivedFor(user).size() >= 2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the pause asked for").isGreaterThan(Duration.ofSeconds(29));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8))
                .until(() -> simulator.receivedFor(user).stream().map(ReceivedState::eventId).toList().equals(List.of(user + "-1", user + "-2")));
        // by the session check, not by luck: the restarted listener's delivery may come first, and then the delivery's
        // skip of an event it has just delivered (idempotentConsumer) would hide a send of the old thread's
        assertThat(output.getOut()).contains("the broker connection an event of user " + user + " was taken on has closed")
                .doesNotContain("Event " + user + "-1 user=" + user + " was delivered just before");
    }

    /**
     * AristoTelos asked, in an answer to another delivery, for 20 s (Retry-After holds every delivery): this agent's
     * first try passes the session check and waits in the route for those 20 s, the broker restarts meanwhile, and the
     * restarted listener takes the agent's event and its next one. After the wait the first thread sent its event as
     * well, racing the others (the old state could reach AristoTelos after the new); now it checks its session again.
     * The Retry-After is given to the bridge's RetryAfter directly: another agent's delivery asking for it could hold the
     * consumer this agent's event goes to, which would then wait in that consumer's buffer.
     */
    @Test
    void aDeliveryWaitingForARetryAfterWhenTheBrokerRestartsSendsNothing(CapturedOutput output) throws Exception {
        String user = agent("held");
        ActiveMQServer server = broker.getActiveMQServer();
        retryAfter.millis(new HttpOperationFailedException(simulator.baseUrl() + "/api/UpdateAgentStatus", 503, "Service Unavailable",
                null, Map.of("Retry-After", "20"), "{}"));
        assertThat(postJson("{\"id\":\"" + user + "-1\",\"event\":\"login\",\"user\":\"" + user
                + "\",\"time\":\"2026-11-24 08:00:00\"}").statusCode()).isEqualTo(202);
        // its first try under way, in the route's wait (no request reaches AristoTelos during a Retry-After)
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getInflightRepository().browse(SharedNames.DELIVERY_ROUTE).stream()
                .anyMatch(inflight -> user.equals(inflight.getExchange().getMessage().getHeader(SharedNames.AGENT_HEADER))));
        server.stop();
        String ready = "{\"id\":\"" + user + "-2\",\"event\":\"ready\",\"user\":\"" + user + "\",\"time\":\"2026-11-24 08:01:00\"}";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> postJson(ready).statusCode() == 202);
        await().atMost(Duration.ofSeconds(50)).until(() -> simulator.receivedFor(user).size() >= 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8))
                .until(() -> simulator.receivedFor(user).stream().map(ReceivedState::eventId).toList().equals(List.of(user + "-1", user + "-2")));
        assertThat(output.getOut()).contains("the broker connection an event of user " + user + " was taken on has closed")
                .doesNotContain("Event " + user + "-1 user=" + user + " was delivered just before");
    }

    /**
     * While the embedded broker is stopped (its restarts held back here, so that the window stays
     * open), the operator's view says that the queue is not known instead of failing or showing 0:
     * the board still lists the agents and says why, the depth gauges are NaN, and the parked events'
     * API answers 503.
     */
    @Test
    void whileTheBrokerIsStoppedTheBoardAndTheGaugesSayTheQueueIsNotKnown() throws Exception {
        String user = agent("board");
        sendAccepted("{\"event\":\"login\",\"user\":\"" + user + "\",\"time\":\"2026-11-24 08:00:00\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.receivedFor(user).size() == 1);
        ActiveMQServer server = broker.getActiveMQServer();
        camel.getRouteController().stopRoute("restart-stopped-broker");
        try {
            server.stop();
            var board = management("GET", "/actuator/board", null, true);
            assertThat(board.statusCode()).as(board.body()).isEqualTo(200);
            assertThat(board.body()).contains("\"waiting\":null").contains("\"parked\":null").contains("\"oldestWaitingSeconds\":null")
                    .contains("\"storage\":\"the embedded broker is not running").contains("\"user\":\"" + user + "\"");
            var scrape = management("GET", "/actuator/prometheus", null, true);
            assertThat(scrape.body())
                    .contains("bridge_queue_depth{application=\"daktela-aristotelos-bridge\",queue=\"waiting\"} NaN")
                    .contains("bridge_queue_depth{application=\"daktela-aristotelos-bridge\",queue=\"parked\"} NaN")
                    .contains("bridge_queue_oldest_age_seconds{application=\"daktela-aristotelos-bridge\"} NaN");
            var parked = management("GET", "/actuator/parked", null, true);
            assertThat(parked.statusCode()).as(parked.body()).isEqualTo(503);
            assertThat(parked.body()).contains("the broker cannot be reached now").contains("the parked events are kept");
            // DOWN, as README.md says (OUT_OF_SERVICE is a disk below the minimum free: DiskFullIT)
            var readiness = management("GET", "/actuator/health/readiness", null, true);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).startsWith("{\"status\":\"DOWN\"").contains("the embedded broker is not running");
        } finally {
            camel.getRouteController().startRoute("restart-stopped-broker");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.getActiveMQServer().isActive());
        var board = management("GET", "/actuator/board", null, true);
        assertThat(board.body()).containsPattern("\"waiting\":[0-9]+").containsPattern("\"parked\":[0-9]+").contains("\"storage\":null");
    }
}
