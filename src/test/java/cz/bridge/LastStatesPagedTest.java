package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import cz.bridge.config.SharedNames;
import cz.bridge.reconcile.LastStates;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * More agents' last states than bridge.last-state's memory holds (a template sending a call's id as the user: a new agent
 * per callback): the broker pages the queue, and a paged state is never replaced, so the journal grew with every
 * callback until the disk's minimum stopped the bridge, readiness UP all along (a review of the storage). A context of
 * its own, closed afterwards: the queue stays full.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LastStatesPagedTest extends BridgeIntegrationTest {

    @Autowired
    EmbeddedActiveMQ broker;

    @Test
    void lastStatesBeyondTheQueuesMemoryMakeReadinessDegradedSayingWhy() {
        assertThat(management("GET", "/actuator/health/readiness", null, true).body()).doesNotContain("pages them");
        // 80 KB each (two bytes a character), under the client's large-message size of 100 KB: a large message weighs next
        // to nothing in the queue's memory
        String filler = "x".repeat(40 * 1024);
        String prefix = agent("paged");
        for (int i = 0; i < 300; i++) {
            String key = prefix + "-" + i;
            jms.send(SharedNames.LAST_STATE_QUEUE, session -> {
                TextMessage state = session.createTextMessage(filler);
                state.setStringProperty(LastStates.LVQ_KEY, key);
                return state;
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.getActiveMQServer()
                .locateQueue(SimpleString.of(SharedNames.LAST_STATE_QUEUE)).getPagingStore().isPaging());

        var readiness = management("GET", "/actuator/health/readiness", null, true);
        assertThat(readiness.statusCode()).as("DEGRADED: callbacks are still taken").isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"DEGRADED\"").contains("bridge.last-state holds more agents' last states")
                .contains("check the callbacks' user field").contains("removeAllMessages");
    }
}
