package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cz.bridge.config.SharedNames;
import cz.bridge.intake.EventKind;
import cz.bridge.reconcile.LastStates;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A backlog fills the broker's memory for waiting events. It filled one memory for every address, and the next last
 * states were paged with the events. Nothing consumes bridge.last-state: its paged messages came back only while the
 * queue held less than the page read-ahead (1 MB, about 700 agents' states) in memory, so with more agents they stayed
 * in the pages for good — each later state one more paged message, never replaced (5,000 messages for 2,500 agents
 * here), the pages growing with every event and each reconciliation pass reading them all (found by a review of the
 * store path). Now each address has a limit of its own, bridge.last-state 16 MB: the last states are not paged. 1MB of broker memory here, as in
 * OutageRecoveryTest.
 */
@TestPropertySource(properties = "bridge.storage.memory=1MB")
@DirtiesContext
class LastStatePagingTest extends BridgeIntegrationTest {

    private static final int AGENTS = 2500;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    LastStates lastStates;

    private void sendToEach(List<String> agents, String event, int time) {
        for (int from = 0; from < agents.size(); from += 100) {
            List<String> items = new ArrayList<>();
            for (String agent : agents.subList(from, Math.min(from + 100, agents.size()))) {
                items.add(callbackJson(agent + "-" + event, event, agent, null, Integer.toString(time)));
            }
            sendAccepted("[" + String.join(",", items) + "]");
        }
    }

    @Test
    void aBacklogBeyondTheBrokersMemoryPagesTheEventsNotTheLastStates() throws Exception {
        List<String> agents = new ArrayList<>();
        String prefix = agent("lvq");
        for (int i = 0; i < AGENTS; i++) {
            agents.add(prefix + "-" + i);
        }
        Queue existing = broker.getActiveMQServer().locateQueue(SimpleString.of(SharedNames.LAST_STATE_QUEUE));
        long before = existing == null ? 0 : existing.getMessageCount();

        simulator.stop();
        sendToEach(agents, "login", 1795530000);
        // made with the first last state stored, when no test of this context stored one before
        Queue lastState = broker.getActiveMQServer().locateQueue(SimpleString.of(SharedNames.LAST_STATE_QUEUE));
        assertThat(broker.getActiveMQServer().getPagingManager().getPageStore(SimpleString.of(SharedNames.EVENTS_QUEUE)).isPaging())
                .as("the backlog of 2,500 events is paged").isTrue();
        assertThat(lastState.getPagingStore().isPaging()).as("the last states are not").isFalse();
        simulator.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> simulator.received().stream().filter(s -> s.employee().startsWith(prefix)).count() == AGENTS);

        sendToEach(agents, "ready", 1795530060);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> simulator.received().stream().filter(s -> s.employee().startsWith(prefix)).count() == 2L * AGENTS);

        await("one message per agent in bridge.last-state").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(lastState.getMessageCount() - before).isEqualTo(AGENTS));
        assertThat(lastState.getPagingStore().isPaging()).isFalse();
        LastStates.Snapshot snapshot = lastStates.browse();
        assertThat(agents).allSatisfy(a -> assertThat(snapshot.last().get(a).kind()).as(a).isEqualTo(EventKind.READY));
    }
}
